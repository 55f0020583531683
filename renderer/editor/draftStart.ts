/**
 * The start variables a copilot draft asked for, by process key, so that Deploy & Run of the draft
 * starts with them filled in (names and types; the person gives the values). Kept for the session.
 */
import type { DraftStartVariable } from '../../common/contract';
import type { VarRow, VarType } from './VariablesForm';

const asked = new Map<string, DraftStartVariable[]>();

export function rememberDraftStart(processKey: string, variables: DraftStartVariable[]) {
  asked.set(processKey, variables);
}

const TYPES: Record<DraftStartVariable['type'], VarType> = { string: 'String', number: 'Number', boolean: 'Boolean', json: 'JSON' };

/** Rows for the start-variables form: what the draft of this process asked for, else none. */
export function draftStartRows(processKey: string | undefined): VarRow[] {
  return (processKey ? asked.get(processKey) ?? [] : []).map((v) => ({
    name: v.name, type: TYPES[v.type], value: v.type === 'boolean' ? 'false' : v.type === 'json' ? '[]' : '',
  }));
}
