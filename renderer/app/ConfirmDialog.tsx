/** An in-app confirmation (native confirm() blocks the window and cannot be styled or reached by keyboard tests). */
import { useCallback, useId, useState, type ReactNode } from 'react';
import { Modal } from './Modal';

export interface ConfirmRequest { title: string; body?: ReactNode; confirmLabel: string; danger?: boolean; onConfirm(): void }

export function useConfirm() {
  const [request, setRequest] = useState<ConfirmRequest>();
  const dialog = request ? <ConfirmDialog request={request} onDone={() => setRequest(undefined)} /> : null;
  return { confirm: useCallback((r: ConfirmRequest) => setRequest(r), []), dialog };
}

function ConfirmDialog({ request, onDone }: { request: ConfirmRequest; onDone(): void }) {
  const titleId = useId();
  return (
    <Modal role="alertdialog" labelledBy={titleId} onClose={onDone} className="modal modal-small" testId="confirm-dialog">
      <h2 id={titleId}>{request.title}</h2>
      {request.body && <p>{request.body}</p>}
      <div className="modal-actions">
        <button onClick={onDone} autoFocus>Cancel</button>
        <button className={request.danger ? 'danger' : 'primary'} data-testid="confirm-ok"
          onClick={() => { onDone(); request.onConfirm(); }}>{request.confirmLabel}</button>
      </div>
    </Modal>
  );
}
