/**
 * The main window's security settings as data: BrowserWindow options (context isolation, sandbox,
 * no Node), the Content-Security-Policy sent with every response, which navigations, permissions
 * and IPC senders are allowed, and what closing the window does.
 */

/**
 * Strict CSP for the built renderer: only its own files; inline styles for bpmn-js; no remote
 * anything (the renderer talks through IPC only), no eval, no plugins, no framing.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Headers = Record<string, string | string[]>;

/** Response headers with our CSP replacing any other (header names are case-insensitive). */
export function withCsp(headers: Headers | undefined, csp: string = CSP): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  }
  out['Content-Security-Policy'] = [csp];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

export interface WindowPaths { preload: string; icon?: string }

/** The BrowserWindow options (a plain object; Electron's type accepts it as is). */
export function mainWindowOptions(paths: WindowPaths, opts: { dev?: boolean } = {}) {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'ProcOS',
    show: false,
    backgroundColor: '#16191d',
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !!opts.dev,
    },
  };
}

/** Same document (ignoring the #route): the only navigation the window may make. */
export function isAppUrl(url: string, appIndexUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(appIndexUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Permission requests from the page: only writing to the clipboard (copy buttons). */
export function allowPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** Whether closing the window hides it to the tray instead of quitting. */
export function closeHidesToTray(s: { quitting: boolean; closeToTray: boolean; hasTray: boolean }): boolean {
  return !s.quitting && s.closeToTray && s.hasTray;
}

export const CLOSE_TO_TRAY_SETTING = 'desktop.closeToTray';

/** The close-to-tray setting from the kernel's settings (default on). */
export function closeToTraySetting(settings: Record<string, unknown> | undefined): boolean {
  const v = settings?.[CLOSE_TO_TRAY_SETTING];
  return typeof v === 'boolean' ? v : true;
}
