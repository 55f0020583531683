/**
 * The Tasks view (#/tasks, #/tasks/ID): open user tasks on the left — filters, counts, paging, live —
 * and the chosen one on the right with its diagram, form and variables. Completing moves on to the
 * instance's next task, else back to the list.
 */
import type { Route } from '../app/route';
import { TaskList } from './TaskList';
import { TaskDetail } from './TaskDetail';
import './tasks.css';

export function Tasks({ route }: { route: Route }) {
  return (
    <div className="tasks-view" data-testid="tasks-view">
      <TaskList selectedId={route.taskId} />
      {route.taskId
        ? <TaskDetail key={route.taskId} id={route.taskId} />
        : <section className="panel task-empty muted" data-testid="task-none">Choose a task on the left to see its form.</section>}
    </div>
  );
}
