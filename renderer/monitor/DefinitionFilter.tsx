/** Filter instances by definition key; the choice lives in the URL (#/monitor?key=K). */
import { useEffect, useState } from 'react';
import { api } from '../api';
import { links, navigate } from '../app/route';

export function DefinitionFilter({ value }: { value?: string }) {
  const [keys, setKeys] = useState<string[]>([]);
  useEffect(() => { api().definitions().then((d) => setKeys([...new Set(d.map((x) => x.key))].sort()), () => {}); }, [value]);
  const options = value && !keys.includes(value) ? [value, ...keys] : keys;
  return (
    <label>Definition
      <select value={value ?? ''} data-testid="filter-definition"
        onChange={(e) => navigate(e.target.value ? links.definition(e.target.value) : '#/monitor')}>
        <option value="">all</option>
        {options.map((k) => <option key={k} value={k}>{k}</option>)}
      </select>
    </label>
  );
}
