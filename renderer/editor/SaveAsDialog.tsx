/** "Save As" where the browser has no save dialog of its own: the name to download the diagram under. */
import { useCallback, useRef, useState } from 'react';
import { Modal } from '../app/Modal';

export function useAskName() {
  const [asking, setAsking] = useState<{ suggested: string }>();
  const answer = useRef<(name: string | null) => void>(undefined);
  const ask = useCallback((suggested: string) => new Promise<string | null>((resolve) => {
    answer.current = resolve;
    setAsking({ suggested });
  }), []);
  const done = (name: string | null) => { setAsking(undefined); answer.current?.(name); };
  const dialog = asking ? <SaveAsDialog suggested={asking.suggested} onDone={done} /> : null;
  return { ask, dialog };
}

function SaveAsDialog({ suggested, onDone }: { suggested: string; onDone(name: string | null): void }) {
  const [name, setName] = useState(suggested);
  return (
    <Modal labelledBy="save-as-title" onClose={() => onDone(null)} className="modal modal-small" testId="save-as-dialog"
      onSubmit={() => { if (name.trim()) onDone(name); }}>
      <h2 id="save-as-title">Save as</h2>
      <label>File name
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="save-as-name" autoFocus
          onFocus={(e) => e.currentTarget.setSelectionRange(0, Math.max(0, e.currentTarget.value.lastIndexOf('.')) || e.currentTarget.value.length)} />
      </label>
      <p className="muted small">The browser downloads the diagram under this name (.bpmn is added when missing).</p>
      <div className="modal-actions">
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
        <button type="submit" className="primary" disabled={!name.trim()} data-testid="save-as-confirm">Save</button>
      </div>
    </Modal>
  );
}
