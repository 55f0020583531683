/**
 * `procos tasks | task | claim | unclaim | complete`: a person's steps from a terminal, through the API
 * of the running instance. `--json` prints the shapes the README's CLI table gives.
 */
import { ApiError, type ProcosClient, type UserTaskDetail, type UserTaskSummary } from '../common/contract';

export const TASKS_HELP = `  procos tasks [--mine] [--json]               open user tasks, newest first (--mine: assigned to you)
  procos task ID [--json]                      one task with its form's fields and its variables
  procos claim ID | procos unclaim ID          take a task / give it back
  procos complete ID [--var k=v]…              complete a task; values are checked against its form`;

/** A task as `tasks --json` lists it: every key present (null when unset). */
const listed = (t: UserTaskSummary) => ({
  id: t.id, name: t.name, processKey: t.processKey, instanceId: t.instanceId,
  businessKey: t.businessKey ?? null, assignee: t.assignee ?? null, created: t.created, due: t.due ?? null,
});

const PAGE = 200;

export async function listTasks(api: ProcosClient, mine: boolean, json: boolean): Promise<number> {
  const items: UserTaskSummary[] = [];
  let user = '';
  for (let total = Infinity; items.length < total;) {
    const page = await api.tasks({ filter: mine ? 'mine' : 'all', firstResult: items.length, maxResults: PAGE });
    items.push(...page.items);
    total = page.items.length ? page.total : items.length;
    user = page.user;
  }
  if (json) { console.log(JSON.stringify(items.map(listed), null, 2)); return 0; }
  if (!items.length) { console.log(mine ? `No open tasks assigned to ${user}.` : 'No open tasks.'); return 0; }
  const rows = items.map((t) => [t.id, t.name, t.processKey, t.businessKey ?? '—', t.assignee ?? '—', t.created.slice(0, 16).replace('T', ' ')]);
  const head = ['ID', 'STEP', 'PROCESS', 'BUSINESS KEY', 'ASSIGNEE', 'CREATED'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`\n${items.length} open task${items.length === 1 ? '' : 's'}${mine ? ` assigned to ${user}` : ''}`);
  return 0;
}

/** `task --json`: the task, its form (kind and fields; a Camunda Form's schema left out) and its variables. */
const shown = (t: UserTaskDetail) => ({
  ...listed(t), processName: t.processName ?? null, priority: t.priority, elementId: t.elementId, description: t.description ?? null,
  form: { kind: t.form.kind, ...(t.form.formRef ? { formRef: t.form.formRef } : {}), fields: t.form.fields }, variables: t.variables,
});

export async function showTask(api: ProcosClient, id: string | undefined, json: boolean): Promise<number> {
  if (!id) throw new Error('usage: procos task ID [--json]');
  const t = await api.task({ id });
  if (json) { console.log(JSON.stringify(shown(t), null, 2)); return 0; }
  console.log(`${t.name} — ${t.processName ?? t.processKey}${t.businessKey ? ` (${t.businessKey})` : ''}`);
  console.log(`  id ${t.id} · instance ${t.instanceId} · ${t.assignee ? `assigned to ${t.assignee}` : 'unassigned'} · created ${t.created}${t.due ? ` · due ${t.due}` : ''}`);
  const kind = { 'camunda-form': `Camunda Form "${t.form.formRef}"`, generated: 'generated form', none: 'no form' }[t.form.kind];
  console.log(`\nForm: ${kind}${t.form.free ? ' (any variables may be given)' : ''}`);
  for (const f of t.form.fields) {
    const limits = [f.min !== undefined && `min ${f.min}`, f.max !== undefined && `max ${f.max}`, f.minlength !== undefined && `minlength ${f.minlength}`,
      f.maxlength !== undefined && `maxlength ${f.maxlength}`, f.options && `one of ${f.options.map((o) => o.value).join('|')}`, f.readonly && 'read-only'].filter(Boolean);
    console.log(`  --var ${f.key}=…  ${f.label} (${f.type}${f.required ? ', required' : ''}${limits.length ? `, ${limits.join(', ')}` : ''})`);
  }
  const vars = Object.entries(t.variables);
  console.log(vars.length ? '\nVariables:' : '\nNo variables.');
  for (const [k, v] of vars) console.log(`  ${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return 0;
}

/** Completed or deleted by someone else, or claimed by another: the message says it all (no details dump). */
const raced = (err: unknown) => (err instanceof ApiError && (err.status === 404 || err.status === 409) ? new Error(err.message, { cause: err }) : err);

export async function assignTask(api: ProcosClient, id: string | undefined, claim: boolean): Promise<number> {
  if (!id) throw new Error(`usage: procos ${claim ? 'claim' : 'unclaim'} ID`);
  const t = await (claim ? api.claimTask({ id }) : api.unclaimTask({ id })).catch((err) => { throw raced(err); });
  console.log(claim ? `Claimed "${t.name}" (${t.id}) as ${t.assignee}` : `Unclaimed "${t.name}" (${t.id}): it is open to anyone`);
  return 0;
}

export async function completeTask(api: ProcosClient, id: string | undefined, variables: Record<string, unknown>): Promise<number> {
  if (!id) throw new Error('usage: procos complete ID [--var k=v]…');
  try {
    const r = await api.completeTask({ id, variables });
    console.log(`Completed ${id}${r.next ? `; next in this instance: "${r.next.name}" (${r.next.id})` : ''}`);
    return 0;
  } catch (err) {
    const problems = err instanceof ApiError ? (err.details as { problems?: { field: string; message: string }[] } | undefined)?.problems : undefined;
    if (!problems?.length) throw raced(err);
    throw new Error(`task ${id} was not completed (it still waits):\n${problems.map((p) => `  ✗ ${p.message}`).join('\n')}`, { cause: err });
  }
}
