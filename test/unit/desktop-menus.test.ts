/** Application menu and the Cockpit dialog (main/desktop/app-menu.ts, cockpit.ts). */
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../main/desktop/app-menu';
import { cockpitDialog, cockpitUrl, externalUrl } from '../../main/desktop/cockpit';
import { commandsOf, findCommand, type MenuItemSpec } from '../../main/desktop/menu-spec';

const top = (menu: MenuItemSpec[]) => menu.map((m) => m.label ?? m.role);
const sub = (menu: MenuItemSpec[], label: string) => menu.find((m) => m.label === label)?.submenu ?? [];

describe('application menu', () => {
  it('has File, Edit, View and Help on Linux/Windows, with Quit in File', () => {
    const menu = appMenuTemplate({ platform: 'linux', closeToTray: true });
    expect(top(menu)).toEqual(['File', 'editMenu', 'View', 'Help']);
    expect(commandsOf(sub(menu, 'File'))).toEqual(['file-new', 'file-open', 'file-save', 'file-save-as', 'file-deploy', 'toggle-close-to-tray', 'quit']);
    expect(commandsOf(sub(menu, 'Help'))).toEqual(['open-data-folder', 'open-logs', 'backup-data', 'restore-data', 'open-cockpit', 'restart-engine']);
  });

  it('uses the macOS app and window menus there, Quit living in the app menu', () => {
    const menu = appMenuTemplate({ platform: 'darwin', closeToTray: true, appName: 'ProcOS' });
    expect(top(menu)).toEqual(['ProcOS', 'File', 'editMenu', 'View', 'windowMenu', 'Help']);
    expect(menu[0].role).toBe('appMenu');
    expect(findCommand(menu, 'quit')).toBeUndefined();
  });

  it("shows the editor's shortcuts without stealing them from the page", () => {
    const file = sub(appMenuTemplate({ platform: 'linux', closeToTray: true }), 'File');
    for (const [command, key] of [['file-new', 'CmdOrCtrl+N'], ['file-open', 'CmdOrCtrl+O'], ['file-save', 'CmdOrCtrl+S'], ['file-deploy', 'CmdOrCtrl+Shift+D']] as const) {
      expect(findCommand(file, command)).toMatchObject({ accelerator: key, registerAccelerator: false });
    }
  });

  it('offers developer tools only in development builds', () => {
    const roles = (dev: boolean) => sub(appMenuTemplate({ platform: 'linux', closeToTray: true, dev }), 'View').map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
  });

  it('reflects the close-to-tray setting and the engine state', () => {
    const off = appMenuTemplate({ platform: 'linux', closeToTray: false, engineReady: false });
    expect(findCommand(off, 'toggle-close-to-tray')?.checked).toBe(false);
    expect(findCommand(off, 'open-cockpit')?.enabled).toBe(false);
    expect(findCommand(appMenuTemplate({ platform: 'linux', closeToTray: true, engineReady: true }), 'open-cockpit')?.enabled).toBe(true);
  });
});

describe('Camunda Cockpit', () => {
  it('is found under the engine web base or the server root', () => {
    expect(cockpitUrl({ url: 'http://127.0.0.1:8080/camunda' })).toBe('http://127.0.0.1:8080/camunda/app/cockpit/');
    expect(cockpitUrl({ url: 'http://127.0.0.1:8080/camunda/' })).toBe('http://127.0.0.1:8080/camunda/app/cockpit/');
    expect(cockpitUrl({ url: 'http://127.0.0.1:8080' })).toBe('http://127.0.0.1:8080/camunda/app/cockpit/');
  });

  it('shows the credentials before opening the browser', () => {
    const d = cockpitDialog({ url: 'http://127.0.0.1:9001/camunda', user: 'admin', password: 'p4ss-W0rd' });
    expect(d.detail).toContain('User: admin');
    expect(d.detail).toContain('Password: p4ss-W0rd');
    expect(d.detail).toContain('http://127.0.0.1:9001/camunda/app/cockpit/');
    expect(d.buttons[d.open]).toBe('Open Cockpit');
    expect(d.buttons[d.copy]).toMatch(/Copy Password/);
    expect(d.buttons[d.cancel]).toBe('Cancel');
  });

  it('lets only http(s) links out to the system browser', () => {
    expect(externalUrl('https://docs.camunda.org/manual/7.24/')).toBe('https://docs.camunda.org/manual/7.24/');
    expect(externalUrl('http://127.0.0.1:8080/camunda/app/cockpit/')).toBeTruthy();
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:foo', 'not a url']) {
      expect(externalUrl(bad)).toBeNull();
    }
  });
});
