/**
 * The one API contract of ProcOS. The kernel implements `ProcosApi`; headless mode serves it over
 * HTTP (`POST /api/<method>` with a JSON body, events over SSE at `/api/events`), Electron's preload
 * exposes it as `window.procos`. Every input is validated with the zod schema named after the method.
 */
import { z } from 'zod';

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
}

export interface StatusReport {
  ready: boolean;
  /** aggregate of all components: what the tray shows */
  health: 'ready' | 'starting' | 'degraded' | 'failed';
  components: Record<string, ComponentInfo>;
}

export interface DeployError { message: string; line?: number; element?: string; file?: string }
export interface DeployResult {
  ok: boolean;
  deploymentId?: string;
  processes: { key: string; version: number; id: string; name?: string }[];
  errors: DeployError[];
}

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
}

export const InstancesQuery = z.object({
  state: z.enum(['ACTIVE', 'COMPLETED', 'INCIDENT', 'CANCELED', 'ALL']).default('ALL'),
  definitionKey: z.string().optional(),
  startedAfter: z.string().optional(),
  startedBefore: z.string().optional(),
  firstResult: z.number().int().min(0).default(0),
  maxResults: z.number().int().min(1).max(200).default(25),
});
export type InstancesQuery = z.infer<typeof InstancesQuery>;

export interface InstanceSummary {
  id: string; definitionId: string; definitionKey: string; definitionVersion?: number;
  businessKey?: string; state: InstanceState; startTime: string; endTime?: string;
}
export interface ActivityStep {
  activityId: string; activityName?: string; activityType: string;
  startTime: string; endTime?: string; canceled?: boolean;
}
export interface IncidentInfo {
  id: string; activityId?: string; type: string; message?: string; details?: string; time: string;
}
export interface InstanceDetail extends InstanceSummary {
  variables: Record<string, unknown>;
  activities: ActivityStep[];
  activeActivityIds: string[];
  incidents: IncidentInfo[];
  bpmnXml: string;
}

export const IdInput = z.object({ id: z.string().min(1) });
export const NameInput = z.object({ name: z.string().min(1) });

export const AskInput = z.object({
  question: z.string().min(1, 'question is empty'),
  model: z.string().optional(),
  /** client-chosen id; token events carry it */
  requestId: z.string().optional(),
});
export type AskInput = z.infer<typeof AskInput>;
export interface AskResult {
  answer: string; model: string; provider: string; durationMs: number;
  promptTokens?: number; completionTokens?: number; requestId?: string;
}
export interface AiHistoryEntry { id: number; at: string; question: string; answer: string; model: string; durationMs: number }

export interface WorkerInfo {
  id: string; kind: string; pid?: number; topics: string[]; tags: string[];
  lastHeartbeat?: number; heartbeatAgeMs?: number; healthy: boolean; state: ComponentState;
}

/** Discovery (seed §6.2): without a filter every registered worker; with one, the healthy ones
 * of that kind (name) or carrying any of the tags. */
export const WorkersQuery = z.object({ name: z.string().optional(), tags: z.array(z.string()).optional() });
export type WorkersQuery = z.infer<typeof WorkersQuery>;

export const SettingsPatch = z.record(z.string(), z.unknown());

/** Events pushed to the renderer (SSE / IPC) and written to the event log. */
export type KernelEvent =
  | { type: 'component'; name: string; state: ComponentState; detail: string; at: number }
  | { type: 'deployment'; deploymentId: string; processes: { key: string; version: number }[]; at: number }
  | { type: 'instance'; id: string; key?: string; state: 'started' | 'ended' | 'canceled'; at: number }
  | { type: 'task'; topic: string; taskId: string; instanceId?: string; outcome: 'done' | 'failed' | 'bpmn-error'; message?: string; at: number }
  | { type: 'ai-token'; requestId: string; instanceId?: string; token: string; done?: boolean; at: number }
  | { type: 'log'; component: string; line: string; at: number };

export interface ProcosApi {
  status(): Promise<StatusReport>;
  logs(input: { name: string }): Promise<string[]>;
  restartComponent(input: { name: string }): Promise<StatusReport>;
  workers(input?: WorkersQuery): Promise<WorkerInfo[]>;

  deploy(input: DeployInput): Promise<DeployResult>;
  definitions(): Promise<DefinitionSummary[]>;
  definitionXml(input: { id: string }): Promise<string>;
  startInstance(input: StartInput): Promise<{ id: string }>;
  run(input: RunInput): Promise<RunResult>;
  instances(input: InstancesQuery): Promise<{ items: InstanceSummary[]; total: number }>;
  instance(input: { id: string }): Promise<InstanceDetail>;
  retryIncident(input: { id: string }): Promise<void>;
  cancelInstance(input: { id: string }): Promise<void>;

  ask(input: AskInput): Promise<AskResult>;
  models(): Promise<string[]>;
  aiHistory(): Promise<AiHistoryEntry[]>;

  settings(): Promise<Record<string, unknown>>;
  updateSettings(input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Input schema per method (methods without input take none). */
export const InputSchemas = {
  logs: NameInput,
  restartComponent: NameInput,
  workers: WorkersQuery,
  deploy: DeployInput,
  definitionXml: IdInput,
  startInstance: StartInput,
  run: RunInput,
  instances: InstancesQuery,
  instance: IdInput,
  retryIncident: IdInput,
  cancelInstance: IdInput,
  ask: AskInput,
  updateSettings: SettingsPatch,
} as const;

export const ApiMethods = [
  'status', 'logs', 'restartComponent', 'workers', 'deploy', 'definitions', 'definitionXml',
  'startInstance', 'run', 'instances', 'instance', 'retryIncident', 'cancelInstance',
  'ask', 'models', 'aiHistory', 'settings', 'updateSettings',
] as const satisfies readonly (keyof ProcosApi)[];
export type ApiMethod = (typeof ApiMethods)[number];

/** A user-facing error: the message is shown as is. `status` maps to HTTP. */
export class ApiError extends Error {
  constructor(message: string, public status = 400, public details?: unknown) { super(message); }
}

/** What the renderer, CLI and tests hold: the API plus the event stream. */
export interface ProcosClient extends ProcosApi {
  onEvent(listener: (event: KernelEvent) => void): () => void;
}
