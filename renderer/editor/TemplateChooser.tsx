/**
 * Chooses an element template for a task (the properties panel's "Template: Select" opens it):
 * every ProcOS topic with what it does, filtered as you type.
 */
import { useState } from 'react';
import { Modal } from '../app/Modal';
import type { ElementTemplate } from './elementTemplates';

interface Props { templates: ElementTemplate[]; onChoose(template: ElementTemplate): void; onClose(): void }

export function TemplateChooser({ templates, onChoose, onClose }: Props) {
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = templates.filter((t) => words.every((w) => `${t.name} ${t.description}`.toLowerCase().includes(w)));
  return (
    <Modal labelledBy="template-chooser-title" onClose={onClose} className="modal template-chooser" testId="template-chooser">
      <h2 id="template-chooser-title">Choose what the task does</h2>
      <input type="search" autoFocus placeholder="Filter: email, http, AI…" aria-label="Filter templates"
        value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="template-filter"
        onKeyDown={(e) => { if (e.key === 'Enter' && shown.length === 1) onChoose(shown[0]); }} />
      <ul className="template-list">
        {shown.map((t) => (
          <li key={t.id}>
            <button onClick={() => onChoose(t)} data-testid="template-option" data-template-id={t.id}>
              <strong>{t.name}</strong>
              <span className="muted">{t.description}</span>
            </button>
          </li>
        ))}
        {!shown.length && <li className="muted">No template matches “{filter}”.</li>}
      </ul>
      <div className="modal-actions"><button onClick={onClose}>Cancel</button></div>
    </Modal>
  );
}
