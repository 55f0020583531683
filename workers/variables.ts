/**
 * A locked task's variables as plain handler values. The typing itself is common/variables.ts, shared
 * with the kernel, so CLI, API and workers store and read values alike.
 */
import { fromTypedValue, type TypedValue } from '../common/variables';

/** Task variables as plain values: Json parsed, Dates as ISO strings (UTC). */
export function fromTaskVariables(variables: Record<string, TypedValue> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, typed] of Object.entries(variables ?? {})) {
    const date = typed.type === 'Date' && typeof typed.value === 'string' ? new Date(typed.value) : undefined;
    out[name] = date && !Number.isNaN(date.getTime()) ? date.toISOString() : fromTypedValue(typed);
  }
  return out;
}
