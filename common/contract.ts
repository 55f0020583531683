/**
 * The one API contract of ProcOS, written once in `Contract`. The kernel implements `ProcosApi`;
 * headless mode serves it over HTTP (`POST /api/<method>` with a JSON body, events over SSE at
 * `/api/events`), Electron's preload exposes it as `window.procos`. Every input is checked against
 * its method's schema in main before the kernel sees it.
 */
import { z } from 'zod';
import type { TaskForm } from './task-forms';

export const ComponentState = z.enum(['ready', 'starting', 'failed', 'stopped']);
export type ComponentState = z.infer<typeof ComponentState>;

export interface ComponentInfo {
  name: string;
  state: ComponentState;
  detail: string;
  /** ms since epoch when the current process became ready, if it is */
  readySince?: number;
  restarts?: number;
  lastError?: string;
  pid?: number;
  port?: number;
  url?: string;
  version?: string;
  /** the engine only: its own bundled engine, or one it attached to (engine.mode) */
  mode?: 'embedded' | 'remote';
}

export interface StatusReport {
  ready: boolean;
  /** aggregate of all components: what the tray shows */
  health: 'ready' | 'starting' | 'degraded' | 'failed';
  components: Record<string, ComponentInfo>;
}

export interface DeployError { message: string; line?: number; element?: string; file?: string }
/** Deployed anyway, but worth knowing: e.g. a service-task topic that no connected worker serves. */
export interface DeployWarning { message: string; element?: string; file?: string; topic?: string }
export interface DeployResult {
  ok: boolean;
  deploymentId?: string;
  /** `unchanged`: the file is what the engine has already (duplicate filtering): no new version was made */
  processes: { key: string; version: number; id: string; name?: string; unchanged?: boolean }[];
  errors: DeployError[];
  warnings: DeployWarning[];
}

/** A file to deploy: its name and its text (`xml`: a BPMN diagram, or a Camunda Form's JSON for a `.form`). */
export const BpmnFile = z.object({ name: z.string().min(1), xml: z.string() });
export const DeployInput = z.object({ files: z.array(BpmnFile).min(1) });
export type DeployInput = z.infer<typeof DeployInput>;

/** Variable values as the user gives them; the kernel maps them to Camunda typed values. */
export const Variables = z.record(z.string(), z.unknown());

export const StartInput = z.object({
  key: z.string().min(1),
  variables: Variables.default({}),
  businessKey: z.string().optional(),
});
export type StartInput = z.infer<typeof StartInput>;

export const RunInput = StartInput.extend({
  wait: z.boolean().default(false),
  timeoutSeconds: z.number().positive().default(120),
});
export type RunInput = z.infer<typeof RunInput>;

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'INCIDENT' | 'CANCELED' | 'SUSPENDED' | 'TIMEOUT';
export interface RunResult { id: string; state: InstanceState; variables: Record<string, unknown> }

export interface DefinitionSummary {
  id: string; key: string; name?: string; version: number; deploymentId?: string;
  running: number; completed: number; incidents: number;
  /** ProcOS's own processes (the health loop): hidden in the monitor unless asked for */
  system?: boolean;
}

export const InstancesQuery = z.object({
  state: z.enum(['ACTIVE', 'COMPLETED', 'INCIDENT', 'CANCELED', 'ALL']).default('ALL'),
  definitionKey: z.string().optional(),
  startedAfter: z.string().optional(),
  startedBefore: z.string().optional(),
  firstResult: z.number().int().min(0).default(0),
  maxResults: z.number().int().min(1).max(200).default(25),
  /** part of the business key (case-sensitive) */
  businessKey: z.string().optional(),
  /** a variable's value: strings match in part; numbers and booleans exactly */
  variableName: z.string().optional(),
  variableValue: z.string().optional(),
  /** ProcOS's own processes (procos_system) are left out unless true */
  includeSystem: z.boolean().default(false),
});
export type InstancesQuery = z.infer<typeof InstancesQuery>;

export interface InstanceSummary {
  id: string; definitionId: string; definitionKey: string; definitionVersion?: number;
  businessKey?: string; state: InstanceState; startTime: string; endTime?: string;
  /** where a finished run ended: tells "Rejected" apart from "Answered" */
  endEventId?: string; endEventName?: string;
}
export interface ActivityStep {
  activityId: string; activityName?: string; activityType: string;
  startTime: string; endTime?: string; canceled?: boolean;
}
export interface IncidentInfo {
  id: string; activityId?: string; type: string; message?: string; details?: string; time: string;
}
/** A variable as the engine holds it, in its scope, as Cockpit lists it: without `activityInstanceId` it
 * belongs to the process instance; with one, to that activity instance (e.g. a task's input parameters),
 * whose activity is `activityId`. `type` is the engine's (String, Integer, Json, Null, …). */
export interface InstanceVariable { name: string; type: string; value: unknown; activityInstanceId?: string; activityId?: string }
export interface InstanceDetail extends InstanceSummary {
  /** every variable of every scope: the process instance's first, then each activity's in the order they started */
  variables: InstanceVariable[];
  activities: ActivityStep[];
  activeActivityIds: string[];
  incidents: IncidentInfo[];
  /** every incident the run had, resolved ones too (kept after the run ends) */
  incidentHistory: PastIncident[];
  bpmnXml: string;
}

export interface PastIncident {
  id: string; activityId?: string; type: string; message?: string; time: string; endTime?: string;
  state: 'open' | 'resolved' | 'deleted';
}
/** Per activity of a definition (all versions' history of that definition id): tokens there now,
 * runs that passed it, open incidents. */
export interface ActivityStatistics { activityId: string; active: number; finished: number; canceled: number; incidents: number }

/** Changes a running instance's variables: a value sets (typed as given), null deletes. They are written into the
 * scope of `activityInstanceId` (an activity instance of the instance that is still active), else into the
 * process instance's own scope. */
export const SetVariablesInput = z.object({
  id: z.string().min(1), variables: z.record(z.string().min(1), z.unknown()), activityInstanceId: z.string().min(1).optional(),
});
export type SetVariablesInput = z.infer<typeof SetVariablesInput>;

export const IdInput = z.object({ id: z.string().min(1) });
export const NameInput = z.object({ name: z.string().min(1) });

export const AskInput = z.object({
  question: z.string().min(1, 'question is empty'),
  model: z.string().optional(),
  /** client-chosen id; token events carry it */
  requestId: z.string().optional(),
  /** the conversation so far, oldest first (multi-turn); the question follows it */
  history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })).max(200).optional(),
  /** the conversation the question belongs to (the AI panel's): kept with the answer in the AI history */
  conversationId: z.string().min(1).max(200).optional(),
});
export type AskInput = z.infer<typeof AskInput>;
export const CancelAskInput = z.object({ requestId: z.string().min(1) });
/** A model to get from Ollama's registry (`llama3.2:1b`) or to remove (as listed). */
export const ModelNameInput = z.object({ name: z.string().trim().min(1, 'give a model name such as llama3.2:1b') });
/** A model Ollama has: name, size on disk in bytes, when it changed. */
export interface ModelInfo {
  name: string; size: number; modifiedAt?: string; family?: string; parameterSize?: string; quantization?: string;
  /** the model ProcOS falls back to (created from the bundled file): it cannot be deleted */
  default?: boolean;
}
export interface AskResult {
  answer: string; model: string; provider: string; durationMs: number;
  promptTokens?: number; completionTokens?: number; requestId?: string;
  /** stopped on request (cancelAsk): the answer is what came until then */
  stopped?: boolean;
}
/** An answer the kernel recorded (newest first in `aiHistory`); `conversationId` when the asker gave one. */
export interface AiHistoryEntry {
  id: number; at: string; question: string; answer: string; model: string; durationMs: number;
  conversationId?: string; provider?: string; completionTokens?: number; stopped?: boolean;
}
export const ConversationInput = z.object({ conversationId: z.string().min(1) });

export interface WorkerInfo {
  id: string; kind: string; pid?: number; topics: string[]; tags: string[];
  lastHeartbeat?: number; heartbeatAgeMs?: number; healthy: boolean; state: ComponentState;
}

/** Discovery: without a filter every registered worker; with one, the healthy ones
 * of that kind (name) or carrying any of the tags. */
export const WorkersQuery = z.object({ name: z.string().optional(), tags: z.array(z.string()).optional() });
export type WorkersQuery = z.infer<typeof WorkersQuery>;

export const SettingsPatch = z.record(z.string(), z.unknown());

/** The copilot (docs/copilot.md): a BPMN draft from a description; stoppable with cancelAsk(requestId). */
export const DraftInput = z.object({
  description: z.string().trim().min(1, 'description is empty: say in words what the process does').max(4000),
  model: z.string().optional(),
  requestId: z.string().optional(),
  /** rounds in which the model is asked again when its wording cannot be read at all (0-2) */
  repairs: z.number().int().min(0).max(2).default(1),
});
export type DraftInput = z.infer<typeof DraftInput>;
/** A problem of a draft, naming the element (or step) it is about. */
export interface DraftFinding { message: string; element?: string; severity: 'error' | 'warning' }
/** A variable the draft reads that no step sets: give it at start. */
export interface DraftStartVariable {
  name: string;
  type: 'number' | 'boolean' | 'string' | 'json';
  why: string;
  /** what a value must look like to work: an e-mail address, an http(s) URL */
  format?: 'email' | 'url';
}
/** The copilot's phases, in order; each is announced by a `copilot` event. */
export type CopilotPhase = 'reading' | 'structure' | 'wording' | 'checking' | 'done';
export interface DraftResult {
  xml: string; fileName: string; processKey: string; model: string; requestId: string;
  /** passes validation (and the engine's parse, where it ran) */
  valid: boolean;
  findings: DraftFinding[];
  startVariables: DraftStartVariable[];
  /** the plan the words gave (steps, decisions, waits, parallel blocks) */
  plan: unknown;
  /** the texts the model was asked for, how many passed the checks, and why the others did not */
  wording: { asked: number; accepted: number; rejected: string[] };
  durationMs: number;
  /** ms from the request until the diagram of the structure was there (the `structure` event) */
  firstDiagramMs: number;
  /** how long each phase took */
  timings: { phase: CopilotPhase; ms: number }[];
  /** set when the model is small: its wording will be rough; names a larger one */
  qualityNote?: string;
}
/** Explain a diagram: its XML (an open diagram) or a deployed definition's id. */
export const ExplainInput = z.object({
  xml: z.string().optional(), definitionId: z.string().optional(), model: z.string().optional(), requestId: z.string().optional(),
}).refine((i) => Boolean(i.xml?.trim() || i.definitionId), 'give xml (a diagram) or definitionId (a deployed process)');
export type ExplainInput = z.infer<typeof ExplainInput>;
export interface ExplainResult {
  /** the model's summary, then the process step by step (every step and decision, from the diagram itself) */
  answer: string;
  /** the model's summary alone */
  summary: string;
  /** the step-by-step walk through the diagram */
  steps: string;
  model: string; requestId: string; processText: string; durationMs: number;
}

/** Open user tasks (a person's steps): mine (assigned to the user ProcOS acts as), unassigned, or all;
 * of one process; whose step name or business key contains `text`. Newest first. */
export const TasksQuery = z.object({
  filter: z.enum(['mine', 'unassigned', 'all']).default('all'),
  processKey: z.string().optional(),
  text: z.string().max(200).optional(),
  firstResult: z.number().int().min(0).default(0),
  maxResults: z.number().int().min(1).max(200).default(25),
});
export type TasksQuery = z.infer<typeof TasksQuery>;
/** A user task (`bpmn:userTask`), not the external tasks that workers do (events of type `task`). */
export interface UserTaskSummary {
  id: string; name: string; processKey: string; processName?: string; instanceId: string; definitionId: string;
  businessKey?: string; assignee?: string; created: string; due?: string; priority: number;
  /** the task's element in the diagram */
  elementId: string;
}
export interface TaskCounts { mine: number; unassigned: number; all: number }
export interface TaskList {
  items: UserTaskSummary[]; total: number; counts: TaskCounts;
  /** who "mine" is: tasks.assignee, else the remote engine's user, else the OS user */
  user: string;
}
export interface UserTaskDetail extends UserTaskSummary {
  description?: string;
  form: TaskForm;
  /** the variables the task sees */
  variables: Record<string, unknown>;
}
/** Completes a task with the form's values: checked against the form first (400 naming the field). */
export const CompleteTaskInput = z.object({ id: z.string().min(1), variables: Variables.default({}) });
export type CompleteTaskInput = z.infer<typeof CompleteTaskInput>;
export interface CompleteTaskResult {
  id: string; instanceId: string;
  /** the instance's next open task, if it has one: where "Complete" moves on to */
  next?: UserTaskSummary;
}

/** Backup and restore of the data dir (`procos backup FILE`, `procos restore FILE`). */
export const BackupInput = z.object({ file: z.string().trim().min(1, 'give the file to write the backup to, such as procos-backup.tar.gz') });
export interface BackupResult {
  file: string; bytes: number;
  /** everything committed before this moment is in the backup */
  startedAt: string;
  includes: string[];
  /** what a restore will not bring back, each with what to do */
  notIncluded: string[];
}
/** Restores into another data dir than the running one's (which must be empty or absent, unless force). */
export const RestoreInput = z.object({
  file: z.string().trim().min(1, 'give the backup file to restore'),
  dataDir: z.string().trim().min(1, 'give the data dir to restore into'),
  force: z.boolean().default(false),
});
export type RestoreInput = z.infer<typeof RestoreInput>;
export interface RestoreResult {
  dataDir: string; from: string; backupStartedAt: string; dataVersion: number;
  /** where the data dir's earlier contents went (force) */
  movedAside?: string;
  notIncluded: string[];
}

/** Events pushed to the renderer (SSE / IPC) and written to the event log. */
export type KernelEvent =
  | { type: 'component'; name: string; state: ComponentState; detail: string; at: number }
  | { type: 'deployment'; deploymentId: string; processes: { key: string; version: number }[]; at: number }
  | { type: 'instance'; id: string; key?: string; state: 'started' | 'ended' | 'canceled'; at: number }
  | { type: 'task'; topic: string; taskId: string; instanceId?: string; outcome: 'done' | 'failed' | 'bpmn-error'; message?: string; at: number }
  /** a user task (a person's step) was created, completed, or its assignee changed; not an external task */
  | { type: 'user-task'; state: 'created' | 'completed' | 'assigned'; id: string; name?: string; key?: string; instanceId?: string; assignee?: string; at: number }
  | { type: 'incident'; id: string; instanceId?: string; key?: string; activityId?: string; state: 'raised' | 'resolved'; message?: string; at: number }
  /** one requestId per answer; an AI task's retries share its taskId, each attempt a new requestId */
  | { type: 'ai-token'; requestId: string; taskId?: string; instanceId?: string; token: string; done?: boolean; at: number }
  | { type: 'log'; component: string; line: string; at: number }
  /** a draft's or an explanation's progress: each phase as it starts (and, while the model words, about once a second);
   * `xml` carries the diagram as soon as there is one (structure) and again once it is worded (checking) */
  | { type: 'copilot'; requestId: string; task: 'draft' | 'explain'; phase: CopilotPhase; elapsedMs: number; detail: string; xml?: string; at: number }
  /** progress of pullModel (about four a second): `completed`/`total` in bytes of the part being
   * downloaded; the last one has `done` (and `error` when it failed) */
  | { type: 'model-pull'; name: string; status: string; completed?: number; total?: number; done?: boolean; error?: string; at: number };

/** A phantom marker for a method's result type: `result: returns<T>()` (no value at run time). */
const returns = <T>() => undefined as unknown as T;

/**
 * The API, once: every method with its input schema (null: takes no input) and its result type.
 * The kernel's interface (`ProcosApi`), the client's (`ProcosClient`), the schemas main checks
 * (main/api/dispatch.ts) and the method list (`ApiMethods`) all derive from it.
 */
export const Contract = {
  status: { input: null, result: returns<StatusReport>() },
  logs: { input: NameInput, result: returns<string[]>() },
  restartComponent: { input: NameInput, result: returns<StatusReport>() },
  workers: { input: WorkersQuery, result: returns<WorkerInfo[]>() },

  draft: { input: DraftInput, result: returns<DraftResult>() },
  explain: { input: ExplainInput, result: returns<ExplainResult>() },

  deploy: { input: DeployInput, result: returns<DeployResult>() },
  definitions: { input: null, result: returns<DefinitionSummary[]>() },
  definitionXml: { input: IdInput, result: returns<string>() },
  startInstance: { input: StartInput, result: returns<{ id: string }>() },
  run: { input: RunInput, result: returns<RunResult>() },
  instances: { input: InstancesQuery, result: returns<{ items: InstanceSummary[]; total: number }>() },
  instance: { input: IdInput, result: returns<InstanceDetail>() },
  retryIncident: { input: IdInput, result: returns<void>() },
  setVariables: { input: SetVariablesInput, result: returns<void>() },
  activityStatistics: { input: IdInput, result: returns<ActivityStatistics[]>() },
  cancelInstance: { input: IdInput, result: returns<void>() },

  tasks: { input: TasksQuery, result: returns<TaskList>() },
  task: { input: IdInput, result: returns<UserTaskDetail>() },
  /** assigns the task to the user ProcOS acts as (409 when someone else has it) */
  claimTask: { input: IdInput, result: returns<UserTaskSummary>() },
  unclaimTask: { input: IdInput, result: returns<UserTaskSummary>() },
  completeTask: { input: CompleteTaskInput, result: returns<CompleteTaskResult>() },

  ask: { input: AskInput, result: returns<AskResult>() },
  models: { input: null, result: returns<string[]>() },
  /** stops an answer being generated (ask with that requestId); false if none was running */
  cancelAsk: { input: CancelAskInput, result: returns<boolean>() },
  modelList: { input: null, result: returns<ModelInfo[]>() },
  aiHistory: { input: null, result: returns<AiHistoryEntry[]>() },
  /** removes a conversation's answers from the AI history; how many there were */
  forgetConversation: { input: ConversationInput, result: returns<number>() },
  /** downloads a model from Ollama's registry, progress as `model-pull` events; the model once there */
  pullModel: { input: ModelNameInput, result: returns<ModelInfo>() },
  /** removes a model from Ollama (not the one ProcOS falls back to, nor a topic's default) */
  deleteModel: { input: ModelNameInput, result: returns<void>() },

  settings: { input: null, result: returns<Record<string, unknown>>() },
  updateSettings: { input: SettingsPatch, result: returns<Record<string, unknown>>() },

  /** a consistent snapshot of the data dir while running, written to `file` (.tar.gz) */
  backup: { input: BackupInput, result: returns<BackupResult>() },
  /** a backup laid out as a data dir: not the running one (stop ProcOS and use `procos restore` for that) */
  restore: { input: RestoreInput, result: returns<RestoreResult>() },
} as const satisfies Record<string, { input: z.ZodType | null; result: unknown }>;

type Methods = typeof Contract;
export type ApiMethod = keyof Methods;
export const ApiMethods = Object.keys(Contract) as ApiMethod[];

type Schema<M extends ApiMethod> = Methods[M]['input'];
export type ResultOf<M extends ApiMethod> = Methods[M]['result'];
/** What the kernel receives: the input after parsing, defaults filled in. */
export type InputOf<M extends ApiMethod> = Schema<M> extends z.ZodType ? z.output<Schema<M>> : never;
/** What a caller passes: what has a default may be left out. */
export type ClientInputOf<M extends ApiMethod> = Schema<M> extends z.ZodType ? z.input<Schema<M>> : never;

/** The API as the kernel implements it (inputs already checked against the contract). */
export type ProcosApi = {
  [M in ApiMethod]: Schema<M> extends z.ZodType ? (input: InputOf<M>) => Promise<ResultOf<M>> : () => Promise<ResultOf<M>>;
};

/** The API as callers see it: an input whose fields are all optional may itself be left out. */
export type ProcosCalls = {
  [M in ApiMethod]: Schema<M> extends z.ZodType
    ? Partial<ClientInputOf<M>> extends ClientInputOf<M>
      ? (input?: ClientInputOf<M>) => Promise<ResultOf<M>>
      : (input: ClientInputOf<M>) => Promise<ResultOf<M>>
    : () => Promise<ResultOf<M>>;
};

/** The input schema of a method, or null when it takes none. */
export function inputSchema(method: ApiMethod): z.ZodType | null {
  return Contract[method].input;
}

/** A user-facing error: the message is shown as is. `status` maps to HTTP. */
export class ApiError extends Error {
  constructor(message: string, public status = 400, public details?: unknown) { super(message); }
}

/** What the renderer, CLI and tests hold: the API plus the event stream. */
export interface ProcosClient extends ProcosCalls {
  onEvent(listener: (event: KernelEvent) => void): () => void;
}
