/** The open diagrams (and forms) as tabs: name, an unsaved marker (•), a close button; a click switches; + a new diagram, + Form a new form. */
import type { Tab } from './tabs';

interface Props { tabs: Tab[]; activeId?: string; onActivate(id: string): void; onClose(id: string): void; onNew(): void; onNewForm(): void }

export function TabBar({ tabs, activeId, onActivate, onClose, onNew, onNewForm }: Props) {
  return (
    <div className="diagram-tabs" role="tablist" aria-label="Open diagrams" data-testid="diagram-tabs">
      {tabs.map((tab) => {
        const active = tab.id === activeId;
        return (
          <div key={tab.id} className={active ? 'diagram-tab active' : 'diagram-tab'} data-testid="diagram-tab"
            data-name={tab.name} data-dirty={tab.dirty} data-active={active}>
            <button role="tab" aria-selected={active} className="diagram-tab-name" title={tab.path ?? tab.name}
              onClick={() => onActivate(tab.id)} onAuxClick={(e) => { if (e.button === 1) onClose(tab.id); }}>
              {tab.dirty && <span className="dirty" aria-label="Unsaved changes">•</span>}
              {tab.name}
            </button>
            <button className="diagram-tab-close" aria-label={`Close ${tab.name}`} title="Close (Alt+W)"
              data-testid="diagram-tab-close" onClick={() => onClose(tab.id)}>×</button>
          </div>
        );
      })}
      <button className="diagram-tab-new" onClick={onNew} title="New diagram (Ctrl+N)" aria-label="New diagram">+</button>
      <button className="diagram-tab-new new-form" onClick={onNewForm} title="New Camunda Form (a .form a user task can show)" data-testid="editor-new-form">+ Form</button>
    </div>
  );
}
