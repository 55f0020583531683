/** One event-stream subscription for the whole renderer, fanned out to hooks. */
import { useEffect, useRef } from 'react';
import type { KernelEvent } from '../../common/contract';
import { api } from '../api';

type Listener = (event: KernelEvent) => void;
const listeners = new Set<Listener>();
let subscribed = false;

export function onKernelEvent(listener: Listener): () => void {
  listeners.add(listener);
  if (!subscribed) {
    subscribed = true;
    api().onEvent((event) => listeners.forEach((l) => l(event)));
  }
  return () => { listeners.delete(listener); };
}

/** Calls the latest `listener` for every kernel event while the component is mounted. */
export function useKernelEvent(listener: Listener): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => onKernelEvent((e) => ref.current(e)), []);
}
