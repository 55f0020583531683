/**
 * One task: who has it (claim / unclaim), the instance's diagram with the step highlighted, the form
 * (Camunda Form, generated, typed inputs or a free variable list), the variables, and a link to the
 * instance in the Monitor. Complete sends the form; ProcOS checks it again and names a field it refuses.
 * A task someone else completed or deleted says so and the list refreshes (it hears the event).
 */
import { useState } from 'react';
import type { KernelEvent } from '../../common/contract';
import { api, errorText } from '../api';
import { useNotify } from '../app/notices';
import { useLive } from '../app/useLive';
import { links, navigate } from '../app/route';
import { dateTime } from '../app/format';
import { VariablesView } from '../monitor/VariablesView';
import { TaskDiagram } from './TaskDiagram';
import { TaskFormView } from './TaskFormView';

export function TaskDetail({ id }: { id: string }) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const concerns = (e: KernelEvent) => e.type === 'user-task' && e.id === id;
  const { data: task, error, reload } = useLive(() => api().task({ id }), [id], concerns);

  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    setProblem(undefined);
    try { await fn(); } catch (e) { setProblem(errorText(e)); } finally { setBusy(false); reload(); }
  }

  async function complete(variables: Record<string, unknown>) {
    setBusy(true);
    setProblem(undefined);
    try {
      const done = await api().completeTask({ id, variables });
      notify({ kind: 'success', testId: 'task-completed', title: `Completed “${task?.name}”`, body: done.next ? `Next: ${done.next.name}` : undefined });
      navigate(done.next ? links.task(done.next.id) : '#/tasks');
    } catch (e) {
      setProblem(errorText(e)); // the values stay as typed; a task gone meanwhile says so here
      setBusy(false);
      reload();
    }
  }

  if (!task) {
    return (
      <section className="panel task-detail" data-testid="task-detail" data-state={error ? 'gone' : 'loading'}>
        {error ? <><p className="error-text" role="alert" data-testid="task-error">{error}</p><a href="#/tasks">Back to the tasks</a></> : <p className="muted">Loading task…</p>}
      </section>
    );
  }
  const gone = !!error; // loaded before, gone now (completed or deleted elsewhere)
  return (
    <section className="panel task-detail" aria-labelledby="task-title" data-testid="task-detail" data-state={gone ? 'gone' : 'open'} data-kind={task.form.kind}>
      <header className="task-head">
        <div className="task-title-row">
          <h2 id="task-title" data-testid="task-title">{task.name}</h2>
          <span className="spacer" />
          <span className="small" data-testid="task-assignee">{task.assignee ? <>assigned to <strong>{task.assignee}</strong></> : <span className="muted">unassigned</span>}</span>
          {task.assignee
            ? <button disabled={busy || gone} onClick={() => act(() => api().unclaimTask({ id }))} data-testid="task-unclaim">Unclaim</button>
            : <button disabled={busy || gone} onClick={() => act(() => api().claimTask({ id }))} data-testid="task-claim">Claim</button>}
        </div>
        <p className="muted small task-facts">
          {task.processName ?? task.processKey}{task.businessKey && <> · business key <code data-testid="task-business-key">{task.businessKey}</code></>}
          {' · '}created {dateTime(task.created)}{task.due && <> · due {dateTime(task.due)}</>}
          {' · '}<a href={links.instance(task.instanceId)} data-testid="task-instance-link">instance {task.instanceId.slice(0, 8)} in the Monitor</a>
        </p>
        {task.description && <p className="task-description">{task.description}</p>}
      </header>
      {gone && <p className="callout callout-error" role="alert" data-testid="task-gone">{error}</p>}
      {problem && <p className="callout callout-error" role="alert" data-testid="task-problem">{problem}</p>}
      <TaskDiagram definitionId={task.definitionId} elementId={task.elementId} />
      <div className="task-body">
        <section className="task-form-section" aria-label="Form">
          <h3>Form</h3>
          <TaskFormView key={task.id} task={task} busy={busy || gone} onComplete={complete} />
        </section>
        <section className="task-variables" aria-label="Variables">
          <h3>Variables</h3>
          <VariablesView variables={task.variables} />
        </section>
      </div>
    </section>
  );
}
