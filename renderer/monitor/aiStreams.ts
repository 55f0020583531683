/**
 * AI tokens per instance, collected from `ai-token` events from the moment the app starts, so an
 * instance view opened mid-answer shows everything streamed so far and then keeps up.
 */
import { useEffect, useState } from 'react';
import { onKernelEvent } from '../app/events';

export interface AiStream { requestId: string; text: string; done: boolean }

const streams = new Map<string, Map<string, AiStream>>();
const watchers = new Set<() => void>();
let collecting = false;

function collect() {
  if (collecting) return;
  collecting = true;
  onKernelEvent((e) => {
    if (e.type !== 'ai-token' || !e.instanceId) return;
    const byRequest = streams.get(e.instanceId) ?? new Map<string, AiStream>();
    streams.set(e.instanceId, byRequest);
    const prev = byRequest.get(e.requestId) ?? { requestId: e.requestId, text: '', done: false };
    byRequest.set(e.requestId, { ...prev, text: prev.text + e.token, done: prev.done || !!e.done });
    watchers.forEach((w) => w());
  });
}

export function startCollectingAiStreams(): void { collect(); }

export function useAiStreams(instanceId: string): AiStream[] {
  collect();
  const read = () => [...(streams.get(instanceId)?.values() ?? [])];
  const [list, setList] = useState(read);
  useEffect(() => {
    const watch = () => setList(read());
    watchers.add(watch);
    watch();
    return () => { watchers.delete(watch); };
  }, [instanceId]); // eslint-disable-line react-hooks/exhaustive-deps
  return list;
}
