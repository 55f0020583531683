/**
 * The editor's open diagrams, as a tiny store outside React (and free of bpmn-js, so any screen may
 * import it without loading the Modeler): the tabs in order, which one is active, and what each
 * tab bar entry and the toolbar show. The Editor creates one Diagram (diagram.ts) per tab.
 *
 * To open a diagram from elsewhere (the copilot's "Draft from description"):
 *   openInNewTab({ name: 'order.bpmn', xml, dirty: true })
 */
import { useSyncExternalStore } from 'react';
import { navigate } from '../app/route';
import type { DiagramState } from './diagram';
import type { WritableFile } from '../platform/browserFiles';

/** A diagram to open: its name, the path it lives at (desktop only), the XML; dirty = unsaved (a draft). */
export interface TabFile { name: string; path?: string; xml: string; dirty?: boolean }

export interface Tab extends DiagramState {
  id: string;
  name: string;
  /** a BPMN diagram, or a Camunda Form (`.form`, edited with form-js) */
  kind: 'bpmn' | 'form';
  path?: string;
  /** made with New and never saved: an Open replaces it while it is untouched */
  isNew?: boolean;
  /** what the tab opens with, until the editor has loaded it */
  opening?: TabFile;
  /** a tab to close once this one has loaded (an untouched new diagram that this file replaces) */
  replaces?: string;
  /** the tab that was active before this one opened (active again if this one cannot be loaded) */
  openedFrom?: string;
  /** the file a browser may write to again (chosen in its Save As dialog): Save writes there */
  handle?: WritableFile;
}

interface Snapshot { tabs: Tab[]; activeId?: string }

let snapshot: Snapshot = { tabs: [] };
const listeners = new Set<() => void>();
let nextId = 1;

function set(next: Snapshot) {
  snapshot = next;
  listeners.forEach((l) => l());
}

export const getTabs = () => snapshot;
export const activeTab = () => snapshot.tabs.find((t) => t.id === snapshot.activeId);

export function useTabs(): Snapshot {
  return useSyncExternalStore((l) => { listeners.add(l); return () => { listeners.delete(l); }; }, getTabs);
}

/** "diagram.bpmn", then "diagram-2.bpmn", … (forms: "form.form", …): a name no open tab has */
export function untitledName(kind: Tab['kind'] = 'bpmn'): string {
  const taken = new Set(snapshot.tabs.map((t) => t.name));
  const [base, ext] = kind === 'form' ? ['form', 'form'] : ['diagram', 'bpmn'];
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.${ext}` : `${base}-${n}.${ext}`;
    if (!taken.has(name)) return name;
  }
}

/** A `.form` file is a Camunda Form; anything else opens as a diagram. */
export const kindOf = (name: string): Tab['kind'] => (/\.form$/i.test(name) ? 'form' : 'bpmn');

/** Opens a diagram in a new tab, makes it the active one and shows the editor (unless show is false); returns the tab's id. */
export function openInNewTab(file: TabFile, { show = true, ...extra }: Pick<Tab, 'isNew' | 'replaces'> & { show?: boolean } = {}): string {
  const id = `tab-${nextId++}`;
  const tab: Tab = {
    id, name: file.name, kind: kindOf(file.name), path: file.path, opening: file, openedFrom: snapshot.activeId, ...extra,
    dirty: !!file.dirty, canUndo: false, canRedo: false, problems: [],
  };
  set({ tabs: [...snapshot.tabs, tab], activeId: id });
  if (show) navigate('#/editor');
  return id;
}

export function updateTab(id: string, patch: Partial<Tab>) {
  if (!snapshot.tabs.some((t) => t.id === id)) return;
  set({ ...snapshot, tabs: snapshot.tabs.map((t) => (t.id === id ? { ...t, ...patch } : t)) });
}

export function activateTab(id: string) {
  if (snapshot.tabs.some((t) => t.id === id)) set({ ...snapshot, activeId: id });
}

/** Closes a tab at once (the editor asks first when it has unsaved changes); the next tab becomes active. */
export function closeTab(id: string, activate?: string) {
  const index = snapshot.tabs.findIndex((t) => t.id === id);
  if (index < 0) return;
  const tabs = snapshot.tabs.filter((t) => t.id !== id);
  const fallback = tabs[Math.min(index, tabs.length - 1)]?.id;
  const activeId = snapshot.activeId !== id ? snapshot.activeId
    : activate && tabs.some((t) => t.id === activate) ? activate : fallback;
  set({ tabs, activeId });
}

/** The tab after (+1) or before (-1) the active one, round the end. */
export function cycleTab(step: 1 | -1) {
  const { tabs, activeId } = snapshot;
  const index = tabs.findIndex((t) => t.id === activeId);
  if (tabs.length > 1) activateTab(tabs[(index + step + tabs.length) % tabs.length].id);
}

/** The open tab of a file on disk (desktop), if any. */
export const tabWithPath = (path: string) => snapshot.tabs.find((t) => t.path === path);

/** An untouched new diagram: opening a file replaces it instead of leaving it behind. */
export const isUntouched = (tab: Tab | undefined) => !!tab?.isNew && !tab.path && !tab.dirty && !tab.canUndo && !tab.opening;
