/**
 * Files from other tools sometimes bind a prefix the editor's model knows to another namespace —
 * MIWG/Signavio exports declare `xmlns:camunda="http://activiti.org/bpmn"`. bpmn-moddle then writes
 * that namespace under a made-up prefix it never declares ("no namespace uri given for prefix
 * <ns0>") and drops its attributes. Before import such a prefix is renamed, everywhere in the
 * document, to a free one named after the namespace (`activiti`), so nothing is lost on save.
 */

export interface RenamedPrefix { from: string; to: string; uri: string }

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** A free prefix for `uri`: its host's first word (activiti.org → activiti), else ns_<old>. */
function freePrefix(uri: string, old: string, taken: Set<string>): string {
  let base = `ns_${old}`;
  try { base = new URL(uri).hostname.replace(/^www\./, '').split('.')[0].replace(/[^A-Za-z0-9_-]/g, '') || base; } catch { /* a URN: keep ns_<old> */ }
  if (!/^[A-Za-z_]/.test(base)) base = `ns_${base}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/**
 * Renames prefixes that `known` (prefix → namespace URI, the model's packages) binds to another URI.
 * Returns the XML unchanged when nothing clashes (or it does not parse: the import reports that).
 */
export function normalizeNamespaces(xml: string, known: Record<string, string>): { xml: string; renamed: RenamedPrefix[] } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return { xml, renamed: [] };
  const all = [...doc.getElementsByTagName('*')];
  const declared = new Map<string, Set<string>>(); // prefix → URIs it is bound to
  for (const el of all) {
    for (const a of [...el.attributes]) {
      if (a.prefix === 'xmlns') (declared.get(a.localName) ?? declared.set(a.localName, new Set()).get(a.localName)!).add(a.value);
    }
  }
  const taken = new Set([...declared.keys(), ...Object.keys(known)]);
  const renames = new Map<string, RenamedPrefix>(); // key: `${prefix} ${uri}`
  for (const [prefix, uris] of declared) {
    for (const uri of uris) {
      if (known[prefix] === undefined || known[prefix] === uri) continue;
      const to = freePrefix(uri, prefix, taken);
      taken.add(to);
      renames.set(`${prefix} ${uri}`, { from: prefix, to, uri });
    }
  }
  if (!renames.size) return { xml, renamed: [] };

  const renamed = (node: Element | Attr) => node.prefix && node.namespaceURI ? renames.get(`${node.prefix} ${node.namespaceURI}`) : undefined;
  const rebuild = (el: Element): Element => {
    const r = renamed(el);
    const copy = doc.createElementNS(el.namespaceURI, r ? `${r.to}:${el.localName}` : el.tagName);
    for (const a of [...el.attributes]) {
      if (a.prefix === 'xmlns') {
        const rr = renames.get(`${a.localName} ${a.value}`);
        copy.setAttributeNS(XMLNS, `xmlns:${rr ? rr.to : a.localName}`, a.value);
        continue;
      }
      const ra = renamed(a);
      copy.setAttributeNS(a.namespaceURI, ra ? `${ra.to}:${a.localName}` : a.name, a.value);
    }
    for (const child of [...el.childNodes]) copy.appendChild(child.nodeType === Node.ELEMENT_NODE ? rebuild(child as Element) : child.cloneNode(true));
    return copy;
  };
  const root = rebuild(doc.documentElement);
  doc.replaceChild(root, doc.documentElement);
  const text = new XMLSerializer().serializeToString(doc);
  const declaration = /^\s*<\?xml[^>]*\?>/.exec(xml)?.[0];
  return { xml: declaration && !text.startsWith('<?xml') ? `${declaration}\n${text}` : text, renamed: [...renames.values()] };
}

/** The prefixes the model knows, from bpmn-js's moddle (`modeler.get('moddle')`). */
export function knownPrefixes(moddle: { getPackages(): { prefix: string; uri: string }[] }): Record<string, string> {
  return Object.fromEntries(moddle.getPackages().map((p) => [p.prefix, p.uri]));
}
