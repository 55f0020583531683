/** Turns a deploy outcome into a notice: links to the definitions, or every error with file/line/element. */
import type { DeployError, DeployResult } from '../../common/contract';
import type { Notice } from '../app/notices';
import { links } from '../app/route';
import type { Refusal } from './deployFiles';

export function errorLocation(e: DeployError): string {
  return [e.file, e.line != null ? `line ${e.line}` : '', e.element ? `element ${e.element}` : ''].filter(Boolean).join(', ');
}

export function deployNotice(result: DeployResult | undefined, refused: Refusal[] = [], dropped = 0): Notice {
  if (result?.ok && !refused.length) {
    return {
      kind: 'success', testId: 'deploy-notice',
      title: `Deployed ${result.processes.length} process${result.processes.length === 1 ? '' : 'es'}`,
      body: (
        <ul className="plain">
          {result.processes.map((p) => (
            <li key={p.id}>
              <a href={links.definition(p.key)} data-testid="deployed-definition-link">{p.name ?? p.key}</a>
              <span className="muted"> · {p.key} · version {p.version}</span>
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
