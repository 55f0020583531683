/**
 * "Open Camunda Cockpit": where Cockpit is, and the dialog that shows its credentials before the
 * browser opens (Cockpit has its own login form; the password is generated per data dir).
 */

export interface EngineUi { url: string; user: string; password: string }

/** Cockpit's address from the engine's web base (`…/camunda`) or its server root. */
export function cockpitUrl(ui: Pick<EngineUi, 'url'>): string {
  const base = ui.url.replace(/\/+$/, '');
  return /\/camunda$/.test(base) ? `${base}/app/cockpit/` : `${base}/camunda/app/cockpit/`;
}

export interface CockpitDialog {
  url: string;
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  /** index of each button; `copy` copies the password, then opens */
  open: number; copy: number; cancel: number;
}

export function cockpitDialog(ui: EngineUi): CockpitDialog {
  const url = cockpitUrl(ui);
  return {
    url,
    title: 'Camunda Cockpit',
    message: 'Camunda Cockpit opens in your browser. Sign in with:',
    detail: `User: ${ui.user}\nPassword: ${ui.password}\n\n${url}\n\nThe engine listens on this computer only (127.0.0.1).`,
    buttons: ['Open Cockpit', 'Copy Password and Open', 'Cancel'],
    open: 0, copy: 1, cancel: 2,
  };
}

/** Only web pages leave the app for the system browser; every other scheme is refused. */
export function externalUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
