/**
 * Notices: one stack for the whole app (deploy results, errors, confirmations). It sits in the page's
 * layout under the workspace — never on top of what you work on — shows the newest few, and each goes
 * away by itself (an error stays longer; none goes while the pointer or the keyboard is on it). An
 * action that leads where you already are is not offered.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useRoute } from './route';

export interface NoticeAction { label: string; href?: string; onClick?(): void; testId?: string }

export interface Notice {
  id?: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  body?: ReactNode;
  actions?: NoticeAction[];
  testId?: string;
}

const NoticeContext = createContext<(n: Notice) => void>(() => {});
export const useNotify = () => useContext(NoticeContext);

/** How long a notice stays, by kind (ms); the clock stops while it is hovered or focused. */
export const NOTICE_MS = { success: 10_000, info: 10_000, error: 20_000 } as const;
/** Notices shown at once: the newest; older ones are dropped. */
const SHOWN = 3;

let nextId = 1;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = useCallback((id?: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  const notify = useCallback((n: Notice) => setNotices((all) => [...all, { ...n, id: nextId++ }].slice(-SHOWN)), []);
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <NoticeStack notices={notices} dismiss={dismiss} />
    </NoticeContext.Provider>
  );
}

/** The stack itself: the shell places it (renderer/app/App.tsx) where it takes room instead of covering. */
function NoticeStack({ notices, dismiss }: { notices: Notice[]; dismiss(id?: number): void }) {
  useRoute(); // shown again when the route changes: which actions lead elsewhere
  return (
    <div className="notices" role="status" aria-live="polite" aria-label="Notices" data-testid="notices">
      {notices.map((n) => <NoticeItem key={n.id} notice={n} here={location.hash} dismiss={dismiss} />)}
    </div>
  );
}

function NoticeItem({ notice: n, here, dismiss }: { notice: Notice; here: string; dismiss(id?: number): void }) {
  const onDismiss = useCallback(() => dismiss(n.id), [dismiss, n.id]);
  const [held, setHeld] = useState(false); // pointer or focus on it: it waits
  const left = useRef<number>(NOTICE_MS[n.kind]);
  useEffect(() => {
    if (held) return;
    const started = Date.now();
    const timer = setTimeout(onDismiss, left.current);
    return () => { clearTimeout(timer); left.current = Math.max(1500, left.current - (Date.now() - started)); };
  }, [held, onDismiss]);
  const actions = (n.actions ?? []).filter((a) => !a.href || a.href !== here);
  return (
    <div className={`notice notice-${n.kind}`} data-testid={n.testId ?? 'notice'} data-kind={n.kind}
      onMouseEnter={() => setHeld(true)} onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)} onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget)) setHeld(false); }}>
      <div className="notice-head">
        <strong>{n.title}</strong>
        {actions.map((a) => a.href
          ? <a key={a.label} className="notice-action" href={a.href} data-testid={a.testId} onClick={onDismiss}>{a.label}</a>
          : <button key={a.label} className="link-button notice-action" data-testid={a.testId} onClick={() => { a.onClick?.(); onDismiss(); }}>{a.label}</button>)}
        <span className="spacer" />
        <button className="icon-button" aria-label={`Dismiss: ${n.title}`} onClick={onDismiss}>×</button>
      </div>
      {n.body && <div className="notice-body">{n.body}</div>}
    </div>
  );
}
