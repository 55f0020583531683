/** Toast-like notices in the corner: deploy results, errors, confirmations. */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

export interface Notice {
  id?: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  body?: ReactNode;
  testId?: string;
}

const NoticeContext = createContext<(n: Notice) => void>(() => {});
export const useNotify = () => useContext(NoticeContext);

let nextId = 1;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = (id?: number) => setNotices((all) => all.filter((n) => n.id !== id));
  const notify = useCallback((n: Notice) => {
    const notice = { ...n, id: nextId++ };
    setNotices((all) => [...all.slice(-4), notice]);
    if (n.kind !== 'error') setTimeout(() => dismiss(notice.id), 12000);
  }, []);
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`} data-testid={n.testId ?? 'notice'} data-kind={n.kind}>
            <div className="notice-head">
              <strong>{n.title}</strong>
              <button className="icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>×</button>
            </div>
            {n.body && <div className="notice-body">{n.body}</div>}
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}
