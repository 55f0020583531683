/** An in-app confirmation (native confirm() blocks the window and cannot be styled or reached by keyboard tests). */
import { useCallback, useEffect, useState, type ReactNode } from 'react';

export interface ConfirmRequest { title: string; body?: ReactNode; confirmLabel: string; danger?: boolean; onConfirm(): void }

export function useConfirm() {
  const [request, setRequest] = useState<ConfirmRequest>();
  const dialog = request ? <ConfirmDialog request={request} onDone={() => setRequest(undefined)} /> : null;
  return { confirm: useCallback((r: ConfirmRequest) => setRequest(r), []), dialog };
}

function ConfirmDialog({ request, onDone }: { request: ConfirmRequest; onDone(): void }) {
  useEffect(() => {
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') onDone(); };
    addEventListener('keydown', esc);
    return () => removeEventListener('keydown', esc);
  }, [onDone]);
  return (
    <div className="modal-backdrop">
      <div className="modal modal-small" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h2 id="confirm-title">{request.title}</h2>
        {request.body && <p>{request.body}</p>}
        <div className="modal-actions">
          <button onClick={onDone} autoFocus>Cancel</button>
          <button className={request.danger ? 'danger' : 'primary'} data-testid="confirm-ok"
            onClick={() => { onDone(); request.onConfirm(); }}>{request.confirmLabel}</button>
        </div>
      </div>
    </div>
  );
}
