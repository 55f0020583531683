/**
 * User tasks in the kernel: the task service (list, one task with its form, claim, unclaim, complete)
 * and the watcher that announces tasks created or completed elsewhere, wired so that each task gets one
 * `user-task` event per state. Who "mine" is: the `tasks.assignee` setting, else the remote engine's
 * user (engine.mode remote), else the user logged in to this computer.
 */
import { userInfo } from 'node:os';
import type { KernelEvent } from '../../../common/contract';
import type { CamundaRest } from '../camunda-rest';
import { TaskService } from './service';
import { TaskWatcher } from './watch';

export { TaskService } from './service';

/** The assignee ProcOS claims and completes tasks as. */
export function taskUser(setting: string | undefined, engine: { mode: 'embedded' | 'remote'; user?: string }): string {
  if (setting?.trim()) return setting.trim();
  if (engine.mode === 'remote' && engine.user) return engine.user;
  try { return userInfo().username || 'procos'; } catch { return 'procos'; }
}

export interface UserTasksOptions {
  rest: CamundaRest;
  user: () => string;
  publish: (event: KernelEvent) => void;
  engineReady: () => boolean;
}

export function userTasks({ rest, user, publish, engineReady }: UserTasksOptions) {
  const watcher = new TaskWatcher(rest, publish, engineReady);
  const service = new TaskService({
    rest, user,
    publish: (event) => {
      if (event.type === 'user-task' && event.state === 'completed') watcher.completedHere(event.id);
      publish(event);
    },
  });
  return { service, watcher };
}
