/** Types for the parts of camunda-external-task-client-js v3 (plain ESM JavaScript) the workers bench uses: it runs that client as a contender (ProcOS has its own loop, workers/base.ts). */
declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  export interface TypedValue { type: string; value: unknown; valueInfo?: Record<string, unknown> }

  export class Variables {
    constructor(initial?: Record<string, TypedValue>, options?: Record<string, unknown>);
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    set(name: string, value: unknown): Variables;
    setTyped(name: string, typed: TypedValue): Variables;
    setAll(values: Record<string, unknown>): Variables;
    setAllTyped(values: Record<string, TypedValue>): Variables;
    getDirtyVariables(): Record<string, TypedValue>;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId?: string;
    processDefinitionKey?: string;
    activityId?: string;
    activityInstanceId?: string;
    executionId?: string;
    businessKey?: string;
    retries: number | null;
    errorMessage?: string | null;
    lockExpirationTime?: string;
    createTime?: string;
    variables: Variables;
  }

  export interface HandleFailureOptions { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }

  export interface TaskService {
    complete(task: Task | string, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task | string, options: HandleFailureOptions): Promise<void>;
    handleBpmnError(task: Task | string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task | string, newDuration: number): Promise<void>;
    lock(task: Task | string, duration: number): Promise<void>;
    unlock(task: Task | string): Promise<void>;
  }

  export type Interceptor = (config: Record<string, any>) => Record<string, any>;

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: ((client: Client) => void) | ((client: Client) => void)[];
  }

  export interface TopicSubscription { unsubscribe(): void; lockDuration?: number }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    options: ClientOptions & { interval: number };
    activeTasksCount: number;
    start(): void;
    stop(): void;
    subscribe(topic: string, options: { lockDuration?: number } | null,
      handler: (args: { task: Task; taskService: TaskService }) => Promise<void>): TopicSubscription;
    subscribe(topic: string, handler: (args: { task: Task; taskService: TaskService }) => Promise<void>): TopicSubscription;
  }

  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }

  export function logger(client: Client, level?: string): void;
}
