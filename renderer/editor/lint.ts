/** Lints the diagram in the editor with the bundled config; the findings are shown before deploying. */
import { Linter } from 'bpmnlint';
import { lintConfig } from './lintConfig';

export interface Finding { rule: string; elementId?: string; message: string; category: 'error' | 'warn' | 'info' | string }

export async function lintDefinitions(definitions: unknown): Promise<Finding[]> {
  const results = await new Linter(lintConfig).lint(definitions);
  return Object.entries(results)
    .flatMap(([rule, reports]) => reports.map((r) => ({ rule, elementId: r.id, message: r.message, category: r.category })))
    .sort((a, b) => (a.category === 'error' ? 0 : 1) - (b.category === 'error' ? 0 : 1));
}
