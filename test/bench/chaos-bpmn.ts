/**
 * Mutated BPMN for `npm run chaos`: seeded, so run N mutates the same way every time. Process ids are
 * renamed first, so a mutant that still deploys never replaces a process ProcOS itself runs.
 */

/** A small seeded generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = ['<', '>', '&', '"', "'", '\u0000', '\uFFFF', '&amp;', ']]>', '<!--', '\u{1F600}', '%', '\\', '\n'];

const mutations: ((xml: string, rnd: () => number) => string)[] = [
  // cut anywhere
  (x, r) => x.slice(0, Math.floor(r() * x.length)),
  // flip characters
  (x, r) => { const c = [...x]; for (let i = 0; i < 1 + r() * 8; i++) c[Math.floor(r() * c.length)] = JUNK[Math.floor(r() * JUNK.length)]; return c.join(''); },
  // drop one element (start tag through its end, or a self-closing one)
  (x, r) => { const tags = [...x.matchAll(/<bpmn:(\w+)\b[^>]*?(\/>|>[\s\S]*?<\/bpmn:\1>)/g)]; const t = tags[Math.floor(r() * tags.length)]; return t ? x.replace(t[0], '') : x; },
  // duplicate ids
  (x, r) => { const ids = [...x.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]); return ids.length > 2 ? x.replace(`id="${ids[1 + Math.floor(r() * (ids.length - 1))]}"`, `id="${ids[1]}"`) : x; },
  // flows to nowhere
  (x) => x.replace(/targetRef="[^"]+"/, 'targetRef="nowhere"'),
  // odd attribute values
  (x, r) => x.replace(/isExecutable="true"/, ['isExecutable="maybe"', 'isExecutable=""', 'isExecutable="false"'][Math.floor(r() * 3)]),
  (x) => x.replace(/camunda:topic="[^"]*"/, 'camunda:topic=""'),
  (x) => x.replace(/camunda:historyTimeToLive="[^"]*"/, 'camunda:historyTimeToLive="forever"'),
  // namespaces gone or wrong
  (x) => x.replace(/xmlns:bpmn="[^"]+"/, 'xmlns:bpmn="http://example.com/not-bpmn"'),
  (x) => x.replace(/ xmlns:camunda="[^"]+"/, ''),
  // entity tricks and size
  (x) => x.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>').replace(/name="[^"]*"/, 'name="&c;"'),
  (x) => x.replace(/<\/bpmn:process>/, `${'<bpmn:task id="t" name="deep">'.repeat(200)}${'</bpmn:task>'.repeat(200)}</bpmn:process>`),
  (x, r) => x.replace(/name="([^"]*)"/, `name="${'n'.repeat(1000 + Math.floor(r() * 200_000))}"`),
  // not even XML
  () => '', () => '{"bpmn": true}', () => '\u00ef\u00bb\u00bf<?xml version="1.0"?>',
];

/** Mutant number `n` of `xml`: one to three mutations, after renaming the process ids to chaos ones. */
export function mutateBpmn(xml: string, n: number): string {
  const rnd = random(n + 1);
  let out = xml.replace(/<bpmn:process id="([^"]+)"/g, (_m, id) => `<bpmn:process id="chaos_mutant_${n % 7}_${id.length}"`);
  const count = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < count; i++) out = mutations[Math.floor(rnd() * mutations.length)](out, rnd);
  return out;
}
