/** Validates a call against the contract and runs it: the one entry for HTTP and IPC alike. */
import { ZodError } from 'zod';
import { ApiError, ApiMethods, InputSchemas, type ApiMethod, type ProcosApi } from '../../common/contract';

export function isApiMethod(name: string): name is ApiMethod {
  return (ApiMethods as readonly string[]).includes(name);
}

export async function dispatch(api: ProcosApi, method: string, input: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiError(`unknown API method "${method}"`, 404);
  const schema = (InputSchemas as Record<string, { parse(v: unknown): unknown }>)[method];
  let parsed: unknown;
  try {
    parsed = schema ? schema.parse(input ?? {}) : undefined;
  } catch (err) {
    if (err instanceof ZodError) {
      const problems = err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      throw new ApiError(`invalid input for ${method}: ${problems}`, 400);
    }
    throw err;
  }
  return (api[method] as (i: unknown) => Promise<unknown>)(parsed);
}
