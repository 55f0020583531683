/**
 * The tray: aggregate health → icon and tooltip, and the tray menu (Open, the tasks waiting, one line per
 * component, Restart engine, the close-to-tray switch, Quit). Pure functions of the kernel's StatusReport.
 */
import type { ComponentInfo, ComponentState, StatusReport } from '../../common/contract';
import { separator, type MenuItemSpec } from './menu-spec';
import { tasksWaitingLabel } from './task-alerts';

/** What the tray shows: the kernel's aggregate, or `stopped` before a kernel exists / after quit. */
export type TrayState = StatusReport['health'] | 'stopped';

export function trayState(status: StatusReport | undefined): TrayState {
  return status ? status.health : 'stopped';
}

/** File name under resources/icons/ (Electron picks the @2x sibling on high-DPI screens itself). */
export function trayIconFile(state: TrayState): string {
  return `tray-${state}.png`;
}

const STATE_MARK: Record<ComponentState, string> = { ready: '✓', starting: '…', failed: '✗', stopped: '○' };

const HEADLINE: Record<TrayState, string> = {
  ready: 'all components ready',
  starting: 'starting…',
  degraded: 'running with problems',
  failed: 'failed',
  stopped: 'stopped',
};

/** Components in a stable order: the stack's spine first, then the rest by name. */
export function orderedComponents(status: StatusReport | undefined): ComponentInfo[] {
  const rank = ['java', 'engine', 'processes', 'ollama'];
  const list = Object.entries(status?.components ?? {}).map(([key, c]) => ({ ...c, name: c.name || key }));
  const r = (name: string) => (rank.includes(name) ? rank.indexOf(name) : rank.length);
  return list.sort((a, b) => r(a.name) - r(b.name) || a.name.localeCompare(b.name));
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** One component as a tray line: "✓ engine — ready" or "✗ ollama — failed: <reason>". */
export function componentLine(c: ComponentInfo, maxDetail = 60): string {
  const base = `${STATE_MARK[c.state] ?? '?'} ${c.name} — ${c.state}`;
  return c.state === 'ready' || !c.detail ? base : `${base}: ${clip(c.detail, maxDetail)}`;
}

/** Tooltip: headline, the tasks waiting (when known), one short line per component. Windows cuts tray tooltips at 127 chars. */
export function trayTooltip(status: StatusReport | undefined, platform: string = process.platform, tasksWaiting?: number): string {
  const head = `ProcOS — ${HEADLINE[trayState(status)]}`;
  const lines = orderedComponents(status).map((c) => `${STATE_MARK[c.state] ?? '?'} ${c.name}: ${c.state}`);
  if (tasksWaiting !== undefined) lines.unshift(tasksWaitingLabel(tasksWaiting));
  const text = [head, ...lines].join('\n');
  return platform === 'win32' && text.length > 127 ? `${text.slice(0, 126)}…` : text;
}

export interface TrayMenuOptions {
  closeToTray: boolean;
  /** open user tasks assigned to you or to nobody (unknown while the engine is not ready) */
  tasksWaiting?: number;
}

export function trayMenuTemplate(status: StatusReport | undefined, opts: TrayMenuOptions): MenuItemSpec[] {
  const components = orderedComponents(status);
  const componentItems: MenuItemSpec[] = components.length
    ? components.map((c) => ({ label: componentLine(c, 48), enabled: false, toolTip: c.detail || undefined }))
    : [{ label: 'Starting the kernel…', enabled: false }];
  const engine = status?.components.engine;
  return [
    { label: 'Open ProcOS', command: 'show-window' },
    ...(opts.tasksWaiting !== undefined ? [{ label: tasksWaitingLabel(opts.tasksWaiting), command: 'open-tasks' as const, enabled: opts.tasksWaiting > 0 }] : []),
    separator,
    { label: `Status: ${HEADLINE[trayState(status)]}`, enabled: false },
    ...componentItems,
    separator,
    { label: 'Restart engine', command: 'restart-engine', enabled: !!engine && engine.state !== 'starting' },
    { label: 'Open Camunda Cockpit…', command: 'open-cockpit', enabled: engine?.state === 'ready' },
    separator,
    { label: 'Keep running in the tray when the window closes', type: 'checkbox', checked: opts.closeToTray, command: 'toggle-close-to-tray' },
    separator,
    { label: 'Quit ProcOS', command: 'quit' },
  ];
}
