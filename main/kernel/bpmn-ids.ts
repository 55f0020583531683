/**
 * BPMN ids in any script. The engine takes ids that are XML names (NCName: letters of any script,
 * digits, `_ . -`, e.g. `заявка`); bpmn-moddle takes ASCII ones only ("illegal ID <заявка>"). For
 * validation such ids are replaced by ASCII aliases wherever they occur as a whole value, and mapped
 * back in what the validation reports. The engine gets the file as it was given.
 */

/** The ids bpmn-moddle accepts (moddle-xml's own test). */
const MODDLE_ID = /^([a-z][\w\-.]*:)?[a-z_][\w\-.]*$/i;
/** An XML NCName, as the engine's schema validation takes it. */
const NCNAME = /^[\p{L}_][\p{L}\p{M}\p{N}_.\-\u00B7]*$/u;
const ALIAS = /procos_id_\d+_/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

export interface AliasedIds {
  /** the document with every Unicode id replaced by its ASCII alias */
  xml: string;
  /** an id or a message with the aliases turned back into the ids they stand for */
  original(text: string): string;
  original(text: string | undefined): string | undefined;
}

export function aliasUnicodeIds(xml: string): AliasedIds {
  const ids = new Set<string>();
  for (const [, id] of xml.matchAll(/\sid="([^"]+)"/g)) if (!MODDLE_ID.test(id) && NCNAME.test(id)) ids.add(id);
  if (!ids.size) return { xml, original: ((text?: string) => text) as AliasedIds['original'] };
  const alias = new Map([...ids].map((id, i) => [id, `procos_id_${i}_`]));
  const back = new Map([...alias].map(([id, a]) => [a, id]));
  // whole values: attributes ("…", or one of a space-separated list) and element text (<incoming>…</incoming>)
  const token = new RegExp(`(?<=["\\s>])(?:${[...ids].map(escapeRegExp).join('|')})(?=["\\s<])`, 'gu');
  return {
    xml: xml.replace(token, (id) => alias.get(id)!),
    original: ((text?: string) => text?.replace(ALIAS, (a) => back.get(a) ?? a)) as AliasedIds['original'],
  };
}
