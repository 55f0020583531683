/**
 * Typed variables, one implementation for the kernel (REST) and the workers (external-task client):
 * plain JS values → Camunda 7 typed values, and back. Objects and arrays travel as Json variables
 * (Spin); strings longer than the engine's 4000-character text column travel as Json strings, so
 * they are stored instead of failing in the persistence layer, and read back as plain strings.
 */

/** Camunda 7 stores String variables in a 4000-character column. */
export const MAX_STRING_VARIABLE = 4000;

export interface TypedValue { type: string; value: unknown; valueInfo?: Record<string, unknown> }

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

export function toTypedVariables(values: Record<string, unknown> | undefined): Record<string, TypedValue> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, toTypedValue(value)]));
}

/** Plain values from typed ones: Json (and Spin-serialised Object) values parsed, Dates as ISO strings. */
export function fromTypedValue(typed: { type: string; value: unknown }): unknown {
  if ((typed.type === 'Json' || typed.type === 'Object') && typeof typed.value === 'string') {
    try { return JSON.parse(typed.value); } catch { /* keep the string */ }
  }
  return typed.value instanceof Date ? typed.value.toISOString() : typed.value;
}

export function fromTypedVariables(vars: Record<string, { type: string; value: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).map(([name, typed]) => [name, fromTypedValue(typed)]));
}

/** One scope of an instance's variables (`InstanceDetail.variables`) as plain values by name: the process
 * instance's own (those without an activity instance) unless `activityInstanceId` names another. */
export function scopeValues(list: readonly { name: string; value: unknown; activityInstanceId?: string }[], activityInstanceId?: string): Record<string, unknown> {
  return Object.fromEntries(list.filter((v) => v.activityInstanceId === activityInstanceId).map((v) => [v.name, v.value]));
}
