/** A variable's value, readable: JSON pretty-printed (long values collapsible), an empty one said so. */
import { prettyJson } from '../app/format';

export function VariableValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted var-empty">null (empty)</span>;
  const text = prettyJson(value);
  const long = text.includes('\n') || text.length > 80;
  return long ? <details><summary>{text.slice(0, 60).replace(/\s+/g, ' ')}…</summary><pre className="code">{text}</pre></details> : <code>{text}</code>;
}

/** Variables by name, read-only (a user task's), as a two-column table. */
export function VariablesView({ variables }: { variables: Record<string, unknown> }) {
  const entries = Object.entries(variables).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return <p className="muted">No variables.</p>;
  return (
    <table className="table var-table" data-testid="instance-variables">
      <thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name} data-testid="variable" data-name={name}>
            <th scope="row" className="var-name">{name}</th>
            <td className="var-value"><VariableValue value={value} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
