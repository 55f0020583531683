/**
 * What the desktop says about tasks waiting for a person: the tray's "N tasks waiting" (assigned to you
 * or to nobody yet), and the native notification when one arrives for you (setting desktop.notifyTasks,
 * on by default), which opens that task when clicked. Pure functions of counts, events and settings.
 */
import type { KernelEvent, TaskCounts } from '../../common/contract';

export const NOTIFY_TASKS_SETTING = 'desktop.notifyTasks';

/** Tasks a person here could take up now: theirs and the unassigned ones. */
export function tasksWaiting(counts: TaskCounts | undefined): number | undefined {
  return counts ? counts.mine + counts.unassigned : undefined;
}

export function tasksWaitingLabel(n: number): string {
  return n === 0 ? 'No tasks waiting' : `${n} task${n === 1 ? '' : 's'} waiting`;
}

/** Notifications are on unless the setting is exactly false. */
export function notifyTasksSetting(settings: Record<string, unknown>): boolean {
  return settings[NOTIFY_TASKS_SETTING] !== false;
}

export interface TaskNotice { title: string; body: string; taskId: string; route: string }

/** The notification for a task that just arrived for `user` (assigned to them or to nobody), if any. */
export function taskNotice(event: KernelEvent, user: string, enabled: boolean): TaskNotice | undefined {
  if (!enabled || event.type !== 'user-task' || event.state !== 'created') return undefined;
  if (event.assignee && event.assignee !== user) return undefined;
  const step = event.name || 'A task';
  return {
    title: `Task waiting: ${step}`,
    body: `${event.key ? `Process ${event.key}` : 'A process'} waits for ${event.assignee ? 'you' : 'someone to take it'}. Click to open it.`,
    taskId: event.id,
    route: `#/tasks/${encodeURIComponent(event.id)}`,
  };
}
