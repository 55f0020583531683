/** Turns a deploy outcome into a notice: links to the definitions, or every error with file/line/element. */
import type { DeployError, DeployResult } from '../../common/contract';
import type { Notice, NoticeAction } from '../app/notices';
import { openInNewTab, type TabFile } from '../editor/tabs';
import { links } from '../app/route';
import type { Refusal } from './deployFiles';

export function errorLocation(e: DeployError): string {
  return [e.file, e.line != null ? `line ${e.line}` : '', e.element ? `element ${e.element}` : ''].filter(Boolean).join(', ');
}

/**
 * `files`: what was deployed, offered as "Open in editor" (a drop deploys at once; the editor is one
 * click away). A file the engine has already, byte for byte, makes no new version: the notice says so.
 */
export function deployNotice(result: DeployResult | undefined, refused: Refusal[] = [], dropped = 0, files: TabFile[] = []): Notice {
  if (result?.ok && !refused.length) {
    const fresh = result.processes.filter((p) => !p.unchanged).length;
    const open: NoticeAction[] = files.length
      ? [{ label: files.length === 1 ? 'Open in editor' : `Open ${files.length} in editor`, testId: 'deploy-open-editor', onClick: () => files.forEach((f) => openInNewTab(f)) }]
      : [];
    return {
      kind: fresh ? 'success' : 'info', testId: 'deploy-notice', actions: open,
      title: fresh
        ? `Deployed ${fresh} process${fresh === 1 ? '' : 'es'}${fresh < result.processes.length ? ` (${result.processes.length - fresh} unchanged)` : ''}`
        : 'Already deployed: nothing changed, no new version',
      body: (
        <ul className="plain">
          {result.processes.map((p) => (
            <li key={p.id} data-testid="deployed-process" data-unchanged={!!p.unchanged}>
              <a href={links.definition(p.key)} data-testid="deployed-definition-link">{p.name ?? p.key}</a>
              <span className="muted"> · {p.key} · version {p.version}{p.unchanged && ' (unchanged)'}</span>
            </li>
          ))}
          {(result.warnings ?? []).map((w, i) => (
            <li key={`w${i}`} className="deploy-warning" data-testid="deploy-warning">⚠ {w.message}</li>
          ))}
        </ul>
      ),
    };
  }
  return {
    kind: 'error', testId: 'deploy-error', title: 'Nothing deployed',
    body: (
      <ul className="plain error-list">
        {refused.map((r) => (
          <li key={r.file} data-testid="deploy-error-item"><strong>{r.file}</strong> {r.reason}</li>
        ))}
        {(result?.errors ?? []).map((e, i) => (
          <li key={i} data-testid="deploy-error-item">
            {errorLocation(e) && <strong>{errorLocation(e)}: </strong>}{e.message}
          </li>
        ))}
        {refused.length > 0 && dropped > refused.length && (
          <li className="muted">The other {dropped - refused.length} file(s) were not deployed either: a drop is deployed whole or not at all.</li>
        )}
      </ul>
    ),
  };
}
