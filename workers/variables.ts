/**
 * Handler values → Camunda typed values. Objects and arrays travel as Json variables (Spin); strings
 * longer than the engine's 4000-character text column travel as Json strings so they are not rejected.
 */
import { Variables, type TypedValue } from 'camunda-external-task-client-js';

/** Camunda 7 stores String variables in a 4000-character column. */
export const MAX_STRING_VARIABLE = 4000;

export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return { type: 'Null', value: null };
  if (typeof value === 'boolean') return { type: 'Boolean', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { type: 'String', value: String(value) };
    if (Number.isInteger(value)) return Math.abs(value) < 2 ** 31 ? { type: 'Integer', value } : { type: 'Long', value };
    return { type: 'Double', value };
  }
  if (typeof value === 'bigint') return { type: 'Long', value: Number(value) };
  if (typeof value === 'string') {
    return value.length <= MAX_STRING_VARIABLE ? { type: 'String', value } : { type: 'Json', value: JSON.stringify(value) };
  }
  if (value instanceof Date) return { type: 'Date', value: value.toISOString().replace(/Z$/, '+0000') };
  return { type: 'Json', value: JSON.stringify(value) };
}

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
