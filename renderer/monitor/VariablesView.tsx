/** A variable's value, readable: JSON pretty-printed (long values collapsible), an empty one said so. */
import { prettyJson } from '../app/format';

export function VariableValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted var-empty">null (empty)</span>;
  const text = prettyJson(value);
  const long = text.includes('\n') || text.length > 80;
  return long ? <details><summary>{text.slice(0, 60).replace(/\s+/g, ' ')}…</summary><pre className="code">{text}</pre></details> : <code>{text}</code>;
}
