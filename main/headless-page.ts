/** The page headless mode serves when the renderer has not been built: live health, no script. */
import type { StatusReport } from '../common/contract';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const COLOURS = { ready: '#2e7d32', starting: '#b26a00', failed: '#c62828', stopped: '#616161' } as const;

export function fallbackPage(status?: StatusReport): string {
  const rows = status
    ? Object.values(status.components).map((c) => `<tr><td>${esc(c.name)}</td>
        <td style="color:${COLOURS[c.state]}">● ${c.state}</td><td>${esc(c.detail)}</td></tr>`).join('')
    : '<tr><td colspan="3">Open the URL printed by <code>procos start</code> (it carries the access token).</td></tr>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ProcOS</title>
<meta http-equiv="refresh" content="2"><meta name="color-scheme" content="light dark">
<style>body{font:14px system-ui,sans-serif;margin:2rem}td{padding:.3rem .8rem;border-bottom:1px solid #8884}</style></head>
<body><h1>ProcOS ${status ? `— ${status.health}` : ''}</h1>
<p>The full interface has not been built (<code>npm run build</code>); this page shows component health.</p>
<table><thead><tr><th>Component</th><th>State</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
