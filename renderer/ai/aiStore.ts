/**
 * The AI panel's conversations and the answer being generated, kept outside the components: an
 * answer keeps streaming (and is kept) while the user is on another screen. Conversations come from
 * the kernel's AI history (every answer it gave, with the conversation it belongs to), so they are the
 * same in every window and survive a restart; tokens arrive as kernel `ai-token` events for the
 * pending requestId. A question that got no answer (an error) is shown in this window only.
 */
import { useSyncExternalStore } from 'react';
import type { AiHistoryEntry, AskResult } from '../../common/contract';
import { api, errorText } from '../api';
import { onKernelEvent } from '../app/events';

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  meta?: Pick<AskResult, 'model' | 'provider' | 'durationMs' | 'completionTokens' | 'stopped'>;
  error?: string;
}
export interface Conversation { id: string; title: string; turns: Turn[]; updatedAt: number }
export interface Pending { conversationId: string; requestId: string; text: string }
export interface AiState { conversations: Conversation[]; currentId?: string; pending?: Pending; loaded: boolean; error?: string }

const listeners = new Set<() => void>();
let state: AiState = { conversations: [], loaded: false };
let listening = false;

/** The kernel's history (newest first) as conversations, newest first, each with its turns in order;
 * an answer asked without a conversation (`procos ai`) is one of its own. */
export function conversationsFrom(entries: AiHistoryEntry[]): Conversation[] {
  const byId = new Map<string, Conversation>();
  for (const e of [...entries].reverse()) {
    const id = e.conversationId ?? `answer-${e.id}`;
    const conversation = byId.get(id) ?? { id, title: e.question.slice(0, 80), turns: [], updatedAt: 0 };
    conversation.turns.push({ role: 'user', content: e.question }, {
      role: 'assistant', content: e.answer,
      meta: { model: e.model, provider: e.provider ?? 'ollama', durationMs: e.durationMs, completionTokens: e.completionTokens, stopped: e.stopped },
    });
    conversation.updatedAt = Date.parse(e.at) || conversation.updatedAt;
    byId.set(id, conversation);
  }
  return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

function set(next: Partial<AiState>) {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

function listen() {
  if (listening) return;
  listening = true;
  onKernelEvent((e) => {
    if (e.type === 'ai-token' && state.pending && e.requestId === state.pending.requestId && e.token) {
      set({ pending: { ...state.pending, text: state.pending.text + e.token } });
    }
  });
  api().aiHistory().then(
    (entries) => {
      const kept = new Set(state.conversations.map((c) => c.id)); // asked here before the history came
      const conversations = [...state.conversations, ...conversationsFrom(entries).filter((c) => !kept.has(c.id))];
      set({ conversations, currentId: state.currentId ?? (state.pending ? undefined : conversations[0]?.id), loaded: true });
    },
    (err) => set({ loaded: true, error: `The AI history could not be read: ${errorText(err)}` }),
  );
}

const subscribe = (l: () => void) => { listen(); listeners.add(l); return () => { listeners.delete(l); }; };
export function useAi(): AiState { return useSyncExternalStore(subscribe, () => state); }

function update(id: string, fn: (c: Conversation) => Conversation) {
  set({ conversations: state.conversations.map((c) => (c.id === id ? fn(c) : c)) });
}

export function newConversation(): void { set({ currentId: undefined }); }
export function openConversation(id: string): void { set({ currentId: id }); }
export async function deleteConversation(id: string): Promise<void> {
  const conversations = state.conversations.filter((c) => c.id !== id);
  set({ conversations, currentId: state.currentId === id ? conversations[0]?.id : state.currentId });
  await api().forgetConversation({ conversationId: id }).catch((err) => set({ error: `Not removed from the AI history: ${errorText(err)}` }));
}

const pendingText = () => state.pending?.text ?? '';

/** Asks in the current conversation (a new one when none is open), with the turns so far as context. */
export async function ask(question: string, model: string | undefined): Promise<void> {
  listen();
  if (state.pending) return;
  let id = state.currentId;
  if (!id || !state.conversations.some((c) => c.id === id)) {
    id = crypto.randomUUID();
    set({ conversations: [{ id, title: question.slice(0, 80), turns: [], updatedAt: Date.now() }, ...state.conversations], currentId: id });
  }
  const before = state.conversations.find((c) => c.id === id)!;
  const history = before.turns.filter((t) => !t.error && t.content).map((t) => ({ role: t.role, content: t.content }));
  const requestId = crypto.randomUUID();
  update(id, (c) => ({ ...c, turns: [...c.turns, { role: 'user', content: question }], updatedAt: Date.now() }));
  set({ pending: { conversationId: id, requestId, text: '' } });
  let turn: Turn;
  try {
    const r = await api().ask({ question, model, requestId, history, conversationId: id });
    turn = { role: 'assistant', content: r.answer, meta: { model: r.model, provider: r.provider, durationMs: r.durationMs, completionTokens: r.completionTokens, stopped: r.stopped } };
  } catch (e) {
    turn = { role: 'assistant', content: pendingText(), error: errorText(e) };
  }
  update(id, (c) => ({ ...c, turns: [...c.turns, turn], updatedAt: Date.now() }));
  set({ pending: undefined });
}

/** Stops the answer being generated; what came so far is kept. */
export async function stop(): Promise<void> {
  if (state.pending) await api().cancelAsk({ requestId: state.pending.requestId });
}
