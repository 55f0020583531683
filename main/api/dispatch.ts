/** Validates a call against the contract and runs it: the one entry for HTTP and IPC alike. */
import { ApiError, ApiMethods, inputSchema, type ApiMethod, type CallContext, type ProcosApi } from '../../common/contract';
import { inputProblem } from './input-limits';

export function isApiMethod(name: string): name is ApiMethod {
  return (ApiMethods as readonly string[]).includes(name);
}

/** `call`: what the caller's transport knows of the call (its client going away aborts `call.signal`). */
export async function dispatch(api: ProcosApi, method: string, input: unknown, call?: CallContext): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiError(`unknown API method "${method}"`, 404);
  const schema = inputSchema(method);
  if (!schema) return (api[method] as () => Promise<unknown>)();
  const problem = inputProblem(input);
  if (problem) throw new ApiError(`invalid input for ${method}: ${problem}`, 400);
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    throw new ApiError(`invalid input for ${method}: ${problems}`, 400);
  }
  return (api[method] as (input: unknown, call?: CallContext) => Promise<unknown>)(parsed.data, call);
}
