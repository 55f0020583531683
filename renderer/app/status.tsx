/**
 * The kernel's status, kept live: fetched once, patched from `component` events at once (so a crash
 * shows immediately), then re-fetched for the details; a slow poll keeps uptimes honest.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { StatusReport } from '../../common/contract';
import { api, errorText } from '../api';
import { useKernelEvent } from './events';

export interface StatusState { status?: StatusReport; error?: string; /** HTTP status of the failed call (401: no token) */ errorStatus?: number; refresh: () => void }

const StatusContext = createContext<StatusState>({ refresh: () => {} });
export const useStatus = () => useContext(StatusContext);

export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<StatusReport>();
  const [error, setError] = useState<string>();
  const [errorStatus, setErrorStatus] = useState<number>();

  const latest = useRef(0);
  const refresh = useCallback(() => { // only the newest answer counts: an older one may predate an event
    const mine = ++latest.current;
    api().status().then(
      (s) => { if (mine === latest.current) { setStatus(s); setError(undefined); setErrorStatus(undefined); } },
      (e) => { if (mine === latest.current) { setError(errorText(e)); setErrorStatus((e as { status?: number }).status); } },
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 5000);
    return () => clearInterval(timer);
  }, [refresh]);

  useKernelEvent((event) => {
    if (event.type !== 'component') return;
    setStatus((s) => {
      if (!s) return s;
      const prev = s.components[event.name] ?? { name: event.name };
      const components = { ...s.components, [event.name]: { ...prev, state: event.state, detail: event.detail } };
      return { ...s, components };
    });
    refresh();
  });

  return <StatusContext.Provider value={{ status, error, errorStatus, refresh }}>{children}</StatusContext.Provider>;
}

/** Orders component names as the boot goes: resources, Java, engine, database, Ollama, workers, the rest. */
const bootOrder = ['resources', 'java', 'jre', 'engine', 'database', 'store', 'processes', 'ollama', 'model', 'worker'];
export function componentRank(name: string): number {
  const i = bootOrder.findIndex((p) => name.toLowerCase().startsWith(p));
  return i < 0 ? bootOrder.length : i;
}

const labels: Record<string, string> = {
  resources: 'Resources', java: 'Java runtime', jre: 'Java runtime', engine: 'Process engine',
  database: 'Database', store: 'Store', processes: 'Deployed processes', ollama: 'Ollama + model', workers: 'Workers',
};
export function componentLabel(name: string): string {
  if (labels[name]) return labels[name];
  if (name.startsWith('worker')) return `Worker ${name.replace(/^workers?[:/-]?/, '')}`.trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}
