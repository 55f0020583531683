/**
 * The diagram as XML beside the canvas, editable: it follows every change on the canvas until you type;
 * then Apply checks the text (well-formed, BPMN, every reference resolved) and only a text that passes
 * replaces the diagram — one that does not is listed with its line and stays as typed. Revert drops the edit.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../api';

export interface XmlProblem { message: string; line?: number }

interface Props {
  xml(): Promise<string>;
  /** changes whenever the diagram does */
  version: unknown;
  /** absent: the text is read-only (a form's JSON) */
  validate?(text: string): Promise<XmlProblem[]>;
  apply?(text: string): Promise<void>;
}

export function XmlView({ xml, version, validate, apply }: Props) {
  const [base, setBase] = useState(''); // the diagram's XML the text started from
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<XmlProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const edited = text !== base;

  useEffect(() => {
    let current = true;
    xml().then((t) => {
      if (!current) return;
      setBase(t);
      setText((typed) => (typed === '' || typed === base ? t : typed)); // an edit in progress is kept
      setError(undefined);
    }, (err) => { if (current) setError(errorText(err)); });
    return () => { current = false; };
  }, [xml, version]); // eslint-disable-line react-hooks/exhaustive-deps -- `base` is read, not followed

  async function applyText() {
    if (!validate || !apply) return;
    setBusy(true);
    try {
      const found = await validate(text);
      setProblems(found);
      if (found.length) return;
      await apply(text);
      setBase(text);
    } catch (err) {
      setProblems([{ message: errorText(err) }]);
    } finally { setBusy(false); }
  }

  return (
    <section className="xml-view" aria-label="XML" data-testid="xml-view" data-edited={edited}>
      {error && <p className="error-text" role="alert">The diagram cannot be written as XML: {error}</p>}
      <textarea className="xml-text" aria-label={apply ? 'Diagram XML' : 'Document text'} data-testid="xml-text" spellCheck={false} wrap="off" value={text}
        readOnly={!apply} onChange={(e) => { setText(e.target.value); setProblems([]); }} />
      {problems.length > 0 && (
        <ul className="plain xml-problems error-text" role="alert" data-testid="xml-problems">
          {problems.map((p, i) => <li key={i}>{p.line != null && <strong>line {p.line}: </strong>}{p.message}</li>)}
        </ul>
      )}
      {apply && <div className="xml-actions">
        <span className="muted small">{edited ? 'Edited: apply to update the diagram' : 'Follows the canvas; type to edit'}</span>
        <span className="spacer" />
        <button disabled={!edited || busy} onClick={() => { setText(base); setProblems([]); }} data-testid="xml-revert">Revert</button>
        <button className="primary" disabled={!edited || busy} onClick={() => void applyText()} data-testid="xml-apply">{busy ? 'Checking…' : 'Apply'}</button>
      </div>}
    </section>
  );
}
