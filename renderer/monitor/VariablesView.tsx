/** Variables as a readable list; JSON values pretty-printed and collapsible. */
import { prettyJson } from '../app/format';

function Value({ value }: { value: unknown }) {
  const text = prettyJson(value);
  const long = text.includes('\n') || text.length > 80;
  return long ? <details><summary>{text.slice(0, 60).replace(/\s+/g, ' ')}…</summary><pre className="code">{text}</pre></details> : <code>{text}</code>;
}

export function VariablesView({ variables }: { variables: Record<string, unknown> }) {
  const entries = Object.entries(variables).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return <p className="muted">No variables.</p>;
  return (
    <dl className="variables" data-testid="instance-variables">
      {entries.map(([name, value]) => (
        <div key={name} className="variable" data-testid="variable" data-name={name}>
          <dt>{name}</dt>
          <dd><Value value={value} /></dd>
        </div>
      ))}
    </dl>
  );
}
VariablesView.Value = Value;
