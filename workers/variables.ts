/**
 * The external-task client's Variables from plain handler values, and back. The typing itself is
 * common/variables.ts, shared with the kernel, so CLI, API and workers store values alike.
 */
import { Variables } from 'camunda-external-task-client-js';
import { toTypedValue } from '../common/variables';

export function toVariables(values: Record<string, unknown> | undefined): Variables {
  const variables = new Variables();
  for (const [name, value] of Object.entries(values ?? {})) variables.setTyped(name, toTypedValue(value));
  return variables;
}

/** Task variables as plain values (Json already parsed by the client; Dates as ISO strings). */
export function fromTaskVariables(variables: Variables): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables.getAll())) {
    out[name] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
