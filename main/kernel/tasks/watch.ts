/**
 * Announces user tasks the engine created or that were completed outside ProcOS (Tasklist, another
 * ProcOS on a shared engine): a look at the engine's task history every second, as `user-task` events
 * (created / completed). Tasks ProcOS completes itself are announced at once by the task service; the
 * seen sets keep each task to one event per state.
 */
import type { KernelEvent } from '../../../common/contract';
import type { CamundaRest } from '../camunda-rest';

interface HistoricTask {
  id: string; name?: string | null; processDefinitionKey?: string | null; processInstanceId?: string | null;
  assignee?: string | null; startTime: string; endTime?: string | null; deleteReason?: string | null;
}

const engineDate = (d: Date) => encodeURIComponent(d.toISOString().replace('Z', '+0000'));
/** How far back each look reaches past the last one: a task committed a moment after the last look
 * but stamped before it would be missed by a strict `after`. */
const OVERLAP_MS = 2000;
const SEEN_LIMIT = 20_000;

export class TaskWatcher {
  private timer?: NodeJS.Timeout;
  private since = new Date();
  private readonly created = new Set<string>();
  private readonly completed = new Set<string>();
  private busy = false;

  constructor(private readonly rest: CamundaRest, private readonly publish: (e: KernelEvent) => void,
    private readonly engineReady: () => boolean, private readonly everyMs = 1000) {}

  start() {
    this.since = new Date();
    this.timer ??= setInterval(() => void this.look(), this.everyMs);
  }

  stop() { clearInterval(this.timer); this.timer = undefined; }

  /** The task service completed it: no second event from history. */
  completedHere(id: string) { this.completed.add(id); }

  private async look() {
    if (this.busy || !this.engineReady()) return;
    this.busy = true;
    const from = new Date(this.since.getTime() - OVERLAP_MS);
    const lookedAt = new Date();
    try {
      const query = (field: 'startedAfter' | 'finishedAfter', sortBy: 'startTime' | 'endTime') =>
        this.rest.get<HistoricTask[]>(`/history/task?${field}=${engineDate(from)}&sortBy=${sortBy}&sortOrder=asc&maxResults=500`);
      const [started, finished] = await Promise.all([query('startedAfter', 'startTime'), query('finishedAfter', 'endTime')]);
      for (const t of started) this.announce(t, 'created', this.created);
      for (const t of finished.filter((t) => t.deleteReason === 'completed')) this.announce(t, 'completed', this.completed);
      this.since = lookedAt;
    } catch { /* the engine is restarting: the next look covers this one's span */ }
    finally { this.busy = false; }
    if (this.created.size > SEEN_LIMIT) this.created.clear();
    if (this.completed.size > SEEN_LIMIT) this.completed.clear();
  }

  private announce(t: HistoricTask, state: 'created' | 'completed', seen: Set<string>) {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    this.publish({
      type: 'user-task', state, id: t.id, name: t.name ?? undefined, key: t.processDefinitionKey ?? undefined,
      instanceId: t.processInstanceId ?? undefined, assignee: t.assignee ?? undefined, at: Date.now(),
    });
  }
}
