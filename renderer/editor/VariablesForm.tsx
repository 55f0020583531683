/** Variables as rows of name, type and value (start variables, a task's free variables); a plain object for the API. */
export type VarType = 'String' | 'Number' | 'Boolean' | 'JSON';
export interface VarRow { name: string; type: VarType; value: string }

export function toVariables(rows: VarRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) continue;
    if (row.type === 'Number') {
      const n = Number(row.value);
      if (row.value.trim() === '' || Number.isNaN(n)) throw new Error(`${name}: "${row.value}" is not a number`);
      out[name] = n;
    } else if (row.type === 'Boolean') out[name] = row.value === 'true';
    else if (row.type === 'JSON') {
      try { out[name] = JSON.parse(row.value); } catch (e) { throw new Error(`${name}: invalid JSON (${(e as Error).message})`, { cause: e }); }
    } else out[name] = row.value;
  }
  return out;
}

export function VariablesForm({ rows, onChange, legend = 'Start variables' }: { rows: VarRow[]; onChange: (rows: VarRow[]) => void; legend?: string }) {
  const set = (i: number, patch: Partial<VarRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="variables-form" data-testid="start-variables">
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <div className="var-row" key={i}>
          <input aria-label={`Variable ${i + 1} name`} placeholder="name" value={row.name} onChange={(e) => set(i, { name: e.target.value })} data-testid="var-name" />
          <select aria-label={`Variable ${i + 1} type`} value={row.type} onChange={(e) => set(i, { type: e.target.value as VarType })} data-testid="var-type">
            {['String', 'Number', 'Boolean', 'JSON'].map((t) => <option key={t}>{t}</option>)}
          </select>
          {row.type === 'Boolean' ? (
            <select aria-label={`Variable ${i + 1} value`} value={row.value || 'false'} onChange={(e) => set(i, { value: e.target.value })} data-testid="var-value">
              <option>true</option><option>false</option>
            </select>
          ) : (
            <input aria-label={`Variable ${i + 1} value`} placeholder="value" value={row.value} onChange={(e) => set(i, { value: e.target.value })} data-testid="var-value" />
          )}
          <button className="icon-button" aria-label={`Remove variable ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button className="link-button" onClick={() => onChange([...rows, { name: '', type: 'String', value: '' }])} data-testid="var-add">+ Add variable</button>
    </fieldset>
  );
}
