/** A variable's value as typed text in a form, and back: String, Number, Boolean or JSON. */
import { TOPICS } from '../../common/topics';

export type VarType = 'String' | 'Number' | 'Boolean' | 'JSON';
export const VAR_TYPES: VarType[] = ['String', 'Number', 'Boolean', 'JSON'];

export function typeOf(value: unknown): VarType {
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  return 'JSON';
}

const ENGINE_TYPES: Record<string, VarType> = {
  String: 'String', Date: 'String', Integer: 'Number', Long: 'Number', Short: 'Number', Double: 'Number',
  Boolean: 'Boolean', Json: 'JSON', Object: 'JSON',
};
const TOPIC_TYPES: Record<string, VarType> = { string: 'String', number: 'Number', boolean: 'Boolean', json: 'JSON' };

/** The type to edit a variable as: its engine type; for an empty (null) one, what the ProcOS topics take
 * under that name (a task's `max_tokens` is a number), else text — the usual fix for a missing input. */
export function editType(v: { name: string; type?: string; value: unknown }): VarType {
  if (v.type && ENGINE_TYPES[v.type]) return ENGINE_TYPES[v.type];
  if (v.value != null) return typeOf(v.value);
  const input = TOPICS.flatMap((t) => t.inputs).find((i) => i.name === v.name && i.type);
  return input ? TOPIC_TYPES[input.type!] : 'String';
}

export function toText(value: unknown, type: VarType): string {
  if (type === 'JSON') return JSON.stringify(value ?? null, null, 2);
  return value == null ? '' : String(value);
}

/** The value to send, or an error that says what is wrong with the text. */
export function parseTyped(text: string, type: VarType): { value: unknown } | { error: string } {
  if (type === 'Number') {
    const n = Number(text);
    return text.trim() === '' || !Number.isFinite(n) ? { error: `"${text}" is not a number` } : { value: n };
  }
  if (type === 'Boolean') return text === 'true' || text === 'false' ? { value: text === 'true' } : { error: 'choose true or false' };
  if (type === 'JSON') {
    try { return { value: JSON.parse(text) }; } catch (e) { return { error: `not valid JSON: ${(e as Error).message}` }; }
  }
  return { value: text };
}
