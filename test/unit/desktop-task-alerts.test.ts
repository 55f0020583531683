/** The tray's "N tasks waiting" and the notification when a task arrives (main/desktop/task-alerts.ts, tray.ts). */
import { describe, expect, it } from 'vitest';
import type { KernelEvent, StatusReport } from '../../common/contract';
import { findCommand } from '../../main/desktop/menu-spec';
import { notifyTasksSetting, taskNotice, tasksWaiting, tasksWaitingLabel } from '../../main/desktop/task-alerts';
import { trayMenuTemplate, trayTooltip } from '../../main/desktop/tray';

const ready: StatusReport = { ready: true, health: 'ready', components: { engine: { name: 'engine', state: 'ready', detail: '' } } };
const created = (extra: Partial<Extract<KernelEvent, { type: 'user-task' }>> = {}): KernelEvent =>
  ({ type: 'user-task', state: 'created', id: 't-1', name: 'Approve invoice', key: 'invoice', instanceId: 'i-1', at: 1, ...extra });

describe('tasks waiting in the tray', () => {
  it('counts what is yours and what nobody has taken, and says it in words', () => {
    expect(tasksWaiting({ mine: 2, unassigned: 3, all: 9 })).toBe(5);
    expect(tasksWaiting(undefined)).toBeUndefined();
    expect([0, 1, 7].map(tasksWaitingLabel)).toEqual(['No tasks waiting', '1 task waiting', '7 tasks waiting']);
  });

  it('puts the count in the tooltip under the headline, and a menu line that opens the Tasks view', () => {
    expect(trayTooltip(ready, 'linux', 3).split('\n').slice(0, 2)).toEqual(['ProcOS — all components ready', '3 tasks waiting']);
    expect(trayTooltip(ready, 'linux')).not.toMatch(/waiting/); // not known yet: not said
    const menu = trayMenuTemplate(ready, { closeToTray: true, tasksWaiting: 2 });
    expect(menu[1]).toEqual({ label: '2 tasks waiting', command: 'open-tasks', enabled: true });
    expect(findCommand(trayMenuTemplate(ready, { closeToTray: true, tasksWaiting: 0 }), 'open-tasks')).toMatchObject({ label: 'No tasks waiting', enabled: false });
    expect(findCommand(trayMenuTemplate(ready, { closeToTray: true }), 'open-tasks')).toBeUndefined();
  });
});

describe('the notification when a task arrives', () => {
  it('is for tasks assigned to you or to nobody, and opens the task', () => {
    expect(taskNotice(created(), 'ada', true)).toEqual({
      title: 'Task waiting: Approve invoice', body: 'Process invoice waits for someone to take it. Click to open it.', taskId: 't-1', route: '#/tasks/t-1',
    });
    expect(taskNotice(created({ assignee: 'ada' }), 'ada', true)?.body).toBe('Process invoice waits for you. Click to open it.');
    expect(taskNotice(created({ assignee: 'bob' }), 'ada', true)).toBeUndefined();
  });

  it('is not shown when turned off, nor for other events', () => {
    expect(taskNotice(created(), 'ada', false)).toBeUndefined();
    expect(taskNotice(created({ state: 'completed' }), 'ada', true)).toBeUndefined();
    expect(taskNotice({ type: 'task', topic: 'http_request', taskId: 'x', outcome: 'done', at: 1 }, 'ada', true)).toBeUndefined();
    expect(notifyTasksSetting({})).toBe(true);
    expect(notifyTasksSetting({ 'desktop.notifyTasks': false })).toBe(false);
    expect(notifyTasksSetting({ 'desktop.notifyTasks': true })).toBe(true);
  });
});
