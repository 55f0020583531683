/** The shell: start-up screen until the stack is ready, then the workspaces under one header. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { NoticeProvider } from './notices';
import { StatusProvider, useStatus } from './status';
import { navigate, useRoute, type View } from './route';
import { Startup } from './Startup';
import { StateBadge } from './StateBadge';
import { DropZone } from '../deploy/DropZone';
import { HealthPanel } from '../health/HealthPanel';
import { AiPanel } from '../ai/AiPanel';
import { startCollectingAiStreams } from '../monitor/aiStreams';
import { desktopBridge } from '../platform/desktop';

// the diagram workspaces carry bpmn-js: loaded after the start-up screen is up
const Editor = lazy(() => import('../editor/Editor').then((m) => ({ default: m.Editor })));
const Monitor = lazy(() => import('../monitor/Monitor').then((m) => ({ default: m.Monitor })));
const Tasks = lazy(() => import('../tasks/Tasks').then((m) => ({ default: m.Tasks })));
const loading = <p className="muted loading">Loading…</p>;

const tabs: { view: View; label: string }[] = [
  { view: 'editor', label: 'Modeler' },
  { view: 'monitor', label: 'Monitor' },
  { view: 'tasks', label: 'Tasks' },
  { view: 'health', label: 'Health' },
  { view: 'ai', label: 'AI' },
];

export function App() {
  useEffect(startCollectingAiStreams, []);
  return (
    <NoticeProvider>
      <StatusProvider>
        <Shell />
      </StatusProvider>
    </NoticeProvider>
  );
}

function Shell() {
  const { status, error } = useStatus();
  const route = useRoute();
  const health = error ? 'failed' : status?.health ?? 'starting';
  const healthLabel = error ? 'ProcOS not reachable' : status?.health === 'ready' ? 'all systems ready' : status?.health ?? 'connecting';
  const [entered, setEntered] = useState(false);
  useEffect(() => desktopBridge()?.onNavigate(navigate), []); // a task notification clicked, the tray's tasks line
  useEffect(() => { if (status?.ready) setEntered(true); }, [status?.ready]);
  // the editor (bpmn-js Modeler, the largest code) loads when first shown, then stays mounted so its
  // diagrams survive switching workspaces; the desktop app (File menu, files from the OS) has it at once
  const [editorShown, setEditorShown] = useState(() => !!desktopBridge());
  useEffect(() => { if (route.view === 'editor') setEditorShown(true); }, [route.view]);
  const current = tabs.find((t) => t.view === route.view);

  if (!entered) return <Startup onContinue={() => setEntered(true)} />;

  return (
    <DropZone>
      <div className="shell">
        <header className="topbar">
          <a className="brand" href="#/editor"><span className="logo" aria-hidden>◆</span> ProcOS</a>
          <nav className="tabs" aria-label="Workspaces">
            {tabs.map((t) => (
              <a key={t.view} href={`#/${t.view}`} className={route.view === t.view ? 'tab active' : 'tab'}
                aria-current={route.view === t.view ? 'page' : undefined} data-testid={`tab-${t.view}`}>{t.label}</a>
            ))}
          </nav>
          <a className="health-summary" href="#/health" data-testid="health-summary" title={error ?? 'System health'}>
            <StateBadge state={health} label={healthLabel} />
          </a>
        </header>
        <main className="workspace" aria-labelledby="workspace-title">
          {/* every workspace has the page's one h1: its name (seen in the tabs above, so said only to screen readers) */}
          <h1 id="workspace-title" className="sr-only">{current?.label ?? 'ProcOS'}</h1>
          {editorShown && <div className="view" hidden={route.view !== 'editor'}><Suspense fallback={loading}><Editor active={route.view === 'editor'} /></Suspense></div>}
          {route.view === 'monitor' && <div className="view"><Suspense fallback={loading}><Monitor route={route} /></Suspense></div>}
          {route.view === 'tasks' && <div className="view"><Suspense fallback={loading}><Tasks route={route} /></Suspense></div>}
          {route.view === 'health' && <div className="view"><HealthPanel /></div>}
          {route.view === 'ai' && <div className="view"><AiPanel /></div>}
        </main>
      </div>
    </DropZone>
  );
}
