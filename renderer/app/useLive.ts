/** Loads data through the API and re-loads it when a relevant kernel event arrives (throttled). */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KernelEvent } from '../../common/contract';
import { errorText } from '../api';
import { useKernelEvent } from './events';

export function useLive<T>(load: () => Promise<T>, deps: unknown[], relevant: (e: KernelEvent) => boolean, pollMs?: number) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    loadRef.current().then(
      (d) => { if (mine === seq.current) { setData(d); setError(undefined); } },
      (e) => { if (mine === seq.current) setError(errorText(e)); },
    );
  }, []);

  const depsKey = JSON.stringify(deps); // reload when a dependency's value changes
  useEffect(() => reload(), [reload, depsKey]);
  useEffect(() => {
    if (!pollMs) return;
    const t = setInterval(reload, pollMs);
    return () => clearInterval(t);
  }, [pollMs, reload]);
  useEffect(() => () => clearTimeout(timer.current), []);

  useKernelEvent((e) => {
    if (!relevant(e) || timer.current) return;
    timer.current = setTimeout(() => { timer.current = undefined; reload(); }, 300);
  });

  return { data, error, reload };
}

export const isProcessEvent = (e: KernelEvent) => e.type === 'instance' || e.type === 'task' || e.type === 'user-task' || e.type === 'deployment';
