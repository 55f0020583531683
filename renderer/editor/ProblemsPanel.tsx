/**
 * Problems: the bpmnlint findings of the diagram in the editor, live (bpmn-js-bpmnlint lints after
 * every change). A click on a row selects the element on the canvas.
 */
import { useState } from 'react';

export interface Problem { elementId: string; elementName?: string; rule: string; message: string; category: string }

/** The findings as bpmn-js-bpmnlint reports them (`linting.completed`: element id → reports), errors first. */
export function problemsFrom(issues: Record<string, { id: string; actualElementId?: string; message: string; category: string; rule: string }[]>,
  nameOf: (id: string) => string | undefined): Problem[] {
  const rank = (c: string) => (c === 'error' ? 0 : c === 'warn' ? 1 : 2);
  return Object.values(issues).flat()
    .map((r) => {
      const elementId = r.actualElementId ?? r.id;
      return { elementId, elementName: nameOf(elementId), rule: r.rule, message: r.message, category: r.category };
    })
    .sort((a, b) => rank(a.category) - rank(b.category) || a.elementId.localeCompare(b.elementId));
}

export function ProblemsPanel({ problems, select }: { problems: Problem[]; select(id: string): void }) {
  const [open, setOpen] = useState(true);
  const errors = problems.filter((p) => p.category === 'error').length;
  const warnings = problems.filter((p) => p.category === 'warn').length;
  return (
    <section className="problems" aria-label="Problems" data-testid="problems" data-errors={errors} data-warnings={warnings}>
      <button className="problems-header" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="problems-toggle">
        <span aria-hidden>{open ? '▾' : '▸'}</span> Problems
        {problems.length === 0 && <span className="ok-text">none</span>}
        {errors > 0 && <span className="count-error">{errors} error{errors > 1 ? 's' : ''}</span>}
        {warnings > 0 && <span className="count-warn">{warnings} warning{warnings > 1 ? 's' : ''}</span>}
      </button>
      {open && problems.length > 0 && (
        <ul className="problems-list">
          {problems.map((p, i) => (
            <li key={`${p.elementId}-${p.rule}-${i}`}>
              <button className={`problem problem-${p.category}`} onClick={() => select(p.elementId)}
                data-testid="problem" data-element={p.elementId} data-category={p.category}>
                <span className="cat">{p.category === 'warn' ? 'warning' : p.category}</span>
                <span>{p.message}</span>
                <span className="where">{p.elementName ? `${p.elementName} (${p.elementId})` : p.elementId} · {p.rule}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
