/**
 * Camunda Forms beside diagrams in the editor, without loading form-js: a new form's JSON, a form's id,
 * the forms a diagram's user tasks refer to (camunda:formRef), and the open form tabs to deploy with a
 * diagram that refers to them. The form editor itself (formDesign.ts, form-js) loads when a form opens.
 */

/** A new, empty form with an id the process can refer to (camunda:formRef). */
export function newFormJson(id = `Form_${Math.random().toString(36).slice(2, 9)}`): string {
  return JSON.stringify({ type: 'default', id, components: [], schemaVersion: 16, exporter: { name: 'ProcOS', version: '1' } }, null, 2);
}

/** The id of a form's JSON, if it has one. */
export function formIdOf(json: string): string | undefined {
  try { const id = (JSON.parse(json) as { id?: unknown }).id; return typeof id === 'string' ? id : undefined; } catch { return undefined; }
}

interface ModdleElement { $type?: string; formRef?: string; flowElements?: ModdleElement[]; rootElements?: ModdleElement[] }

/** The form ids a diagram's user tasks refer to (sub-processes included). */
export function formRefsOf(definitions: unknown): Set<string> {
  const refs = new Set<string>();
  const visit = (elements: ModdleElement[] = []) => {
    for (const el of elements) {
      if (el.$type === 'bpmn:UserTask' && el.formRef) refs.add(el.formRef);
      visit(el.flowElements);
    }
  };
  visit((definitions as ModdleElement | undefined)?.rootElements);
  return refs;
}

/** What the deploy of a diagram carries along: each open form it refers to, as its tab has it now. */
export async function formsToDeployWith(refs: Set<string>, openForms: { name: string; text: () => Promise<string> }[]) {
  const files = await Promise.all(openForms.map(async (f) => ({ name: f.name, xml: await f.text() })));
  return files.filter((f) => refs.has(formIdOf(f.xml) ?? ''));
}
