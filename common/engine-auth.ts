/** The engine's REST API takes HTTP Basic auth: the one place its header is built (kernel, workers,
 * the engine's own training run, tests). No user: no header. */
export interface EngineCredentials { user?: string; password?: string }

export function engineAuthHeaders({ user, password }: EngineCredentials): Record<string, string> {
  return user ? { authorization: `Basic ${Buffer.from(`${user}:${password ?? ''}`, 'utf8').toString('base64')}` } : {};
}
