/**
 * The open diagrams (and forms) as tabs (the ARIA tabs pattern): name and an unsaved marker (•); a click or the
 * arrow keys switch, Home/End go to the first/last; Delete (or Alt+W, or the × with the mouse, or a
 * middle click) closes. The tab list holds tabs only: the × is the mouse's way to what Delete does;
 * + makes a new diagram, + Form a new form.
 */
import type { KeyboardEvent } from 'react';
import type { Tab } from './tabs';

interface Props { tabs: Tab[]; activeId?: string; onActivate(id: string): void; onClose(id: string): void; onNew(): void; onNewForm(): void }

/** the id of a tab's element, for the tab panel's aria-labelledby */
export const tabElementId = (id: string) => `diagram-tab-${id}`;
/** the id of the panel the tabs control (the editor's toolbar, canvas and panels) */
export const TAB_PANEL_ID = 'diagram-tabpanel';

export function TabBar({ tabs, activeId, onActivate, onClose, onNew, onNewForm }: Props) {
  const focusTab = (id: string) => { onActivate(id); requestAnimationFrame(() => document.getElementById(tabElementId(id))?.focus()); };
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const go = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (go !== undefined) {
      e.preventDefault();
      focusTab(tabs[(go + tabs.length) % tabs.length].id);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      onClose(tabs[index].id);
    }
  };
  return (
    <div className="diagram-tabs" data-testid="diagram-tabs">
      <div className="diagram-tablist" role="tablist" aria-label="Open diagrams">
        {tabs.map((tab, index) => {
          const active = tab.id === activeId;
          return (
            <div key={tab.id} className={active ? 'diagram-tab active' : 'diagram-tab'} data-testid="diagram-tab"
              data-name={tab.name} data-dirty={tab.dirty} data-active={active}>
              <button role="tab" id={tabElementId(tab.id)} aria-selected={active} aria-controls={TAB_PANEL_ID} tabIndex={active ? 0 : -1}
                className="diagram-tab-name" title={`${tab.path ?? tab.name} — Delete or Alt+W closes`}
                onClick={() => onActivate(tab.id)} onKeyDown={(e) => onKeyDown(e, index)}
                onAuxClick={(e) => { if (e.button === 1) onClose(tab.id); }}>
                {tab.dirty && <><span className="dirty" aria-hidden>•</span><span className="sr-only">unsaved: </span></>}
                {tab.name}
              </button>
              <span className="diagram-tab-close" aria-hidden title="Close (Delete, Alt+W)" data-testid="diagram-tab-close"
                onClick={() => onClose(tab.id)}>×</span>
            </div>
          );
        })}
      </div>
      <button className="diagram-tab-new" onClick={onNew} title="New diagram (Ctrl+N)" aria-label="New diagram">+</button>
      <button className="diagram-tab-new new-form" onClick={onNewForm} title="New Camunda Form (a .form a user task can show)" data-testid="editor-new-form">+ Form</button>
    </div>
  );
}
