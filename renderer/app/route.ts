/** Hash routes: #/editor, #/monitor?key=K, #/monitor/instance/ID, #/tasks, #/tasks/ID, #/health, #/ai. */
import { useEffect, useState } from 'react';

export type View = 'editor' | 'monitor' | 'tasks' | 'health' | 'ai';
export interface Route { view: View; instanceId?: string; taskId?: string; params: URLSearchParams }

const views: View[] = ['editor', 'monitor', 'tasks', 'health', 'ai'];

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const view = views.includes(parts[0] as View) ? (parts[0] as View) : 'editor';
  const instanceId = view === 'monitor' && parts[1] === 'instance' ? parts[2] : undefined;
  const taskId = view === 'tasks' ? parts[1] : undefined;
  return { view, instanceId, taskId, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return parseRoute(hash);
}

export const links = {
  definition: (key: string) => `#/monitor?key=${encodeURIComponent(key)}`,
  instance: (id: string) => `#/monitor/instance/${encodeURIComponent(id)}`,
  task: (id: string) => `#/tasks/${encodeURIComponent(id)}`,
};

export function navigate(href: string): void { location.hash = href.replace(/^#/, ''); }
