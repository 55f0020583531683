/**
 * AI tokens per instance, collected from `ai-token` events from the moment the app starts, so an
 * instance view opened mid-answer shows everything streamed so far and then keeps up.
 */
import { useEffect, useState } from 'react';
import type { KernelEvent } from '../../common/contract';
import { onKernelEvent } from '../app/events';

export interface AiStream { requestId: string; text: string; done: boolean }

type TokenEvent = Extract<KernelEvent, { type: 'ai-token' }>;

/** One stream per AI task, showing its latest attempt: a retry (new requestId) starts afresh. */
export function addToken(byTask: Map<string, AiStream>, e: TokenEvent): void {
  const key = e.taskId ?? e.requestId;
  const prev = byTask.get(key);
  const current = prev?.requestId === e.requestId ? prev : { requestId: e.requestId, text: '', done: false };
  byTask.set(key, { ...current, text: current.text + e.token, done: current.done || !!e.done });
}

const streams = new Map<string, Map<string, AiStream>>();
const watchers = new Set<() => void>();
let collecting = false;

function collect() {
  if (collecting) return;
  collecting = true;
  onKernelEvent((e) => {
    if (e.type !== 'ai-token' || !e.instanceId) return;
    const byTask = streams.get(e.instanceId) ?? new Map<string, AiStream>();
    streams.set(e.instanceId, byTask);
    addToken(byTask, e);
    watchers.forEach((w) => w());
  });
}

export function startCollectingAiStreams(): void { collect(); }

const streamsOf = (instanceId: string) => [...(streams.get(instanceId)?.values() ?? [])];

export function useAiStreams(instanceId: string): AiStream[] {
  collect();
  const [list, setList] = useState(() => streamsOf(instanceId));
  useEffect(() => {
    const watch = () => setList(streamsOf(instanceId));
    watchers.add(watch);
    watch();
    return () => { watchers.delete(watch); };
  }, [instanceId]);
  return list;
}
