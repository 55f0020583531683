/** Tray: aggregate health → icon, tooltip and menu (main/desktop/tray.ts). */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentInfo, StatusReport } from '../../common/contract';
import { commandsOf, findCommand } from '../../main/desktop/menu-spec';
import { componentLine, orderedComponents, trayIconFile, trayMenuTemplate, trayState, trayTooltip, type TrayState } from '../../main/desktop/tray';

const c = (name: string, state: ComponentInfo['state'], detail = ''): ComponentInfo => ({ name, state, detail });
const report = (health: StatusReport['health'], ...components: ComponentInfo[]): StatusReport => ({
  ready: health === 'ready', health, components: Object.fromEntries(components.map((x) => [x.name, x])),
});

const ready = report('ready', c('ollama', 'ready', 'attached'), c('engine', 'ready', 'Camunda Run'), c('java', 'ready', 'Java 17'),
  c('worker:generic', 'ready'), c('processes', 'ready', '3 deployed'));
const starting = report('starting', c('java', 'ready'), c('engine', 'starting', 'waiting for REST'));
const degraded = report('degraded', c('java', 'ready'), c('engine', 'ready'), c('ollama', 'failed', 'gave up after 5 failed starts: model missing'));
const failed = report('failed', c('java', 'failed', 'Java 17 or newer was not found'), c('engine', 'stopped'));

function pngSize(file: string) {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('tray icon', () => {
  it('follows the aggregate: green ready, amber starting/degraded, red failed, grey without a kernel', () => {
    expect(trayState(ready)).toBe('ready');
    expect(trayState(starting)).toBe('starting');
    expect(trayState(degraded)).toBe('degraded');
    expect(trayState(failed)).toBe('failed');
    expect(trayState(undefined)).toBe('stopped');
    expect(trayIconFile('ready')).toBe('tray-ready.png');
  });

  it('has a 16 px and a 32 px (@2x) icon in resources/icons for every state, amber shared by starting and degraded', () => {
    const states: TrayState[] = ['ready', 'starting', 'degraded', 'failed', 'stopped'];
    const dir = join(__dirname, '..', '..', 'resources', 'icons');
    for (const s of states) {
      const file = join(dir, trayIconFile(s));
      expect(pngSize(file)).toEqual({ width: 16, height: 16 });
      expect(pngSize(file.replace('.png', '@2x.png'))).toEqual({ width: 32, height: 32 });
    }
    expect(readFileSync(join(dir, 'tray-starting.png'))).toEqual(readFileSync(join(dir, 'tray-degraded.png')));
    expect(readFileSync(join(dir, 'tray-ready.png'))).not.toEqual(readFileSync(join(dir, 'tray-failed.png')));
    expect(pngSize(join(dir, 'icon.png'))).toEqual({ width: 512, height: 512 });
    expect(existsSync(join(dir, 'icon-256.png'))).toBe(true);
  });
});

describe('tray tooltip', () => {
  it('has a headline and one line per component, spine first', () => {
    const lines = trayTooltip(ready, 'linux').split('\n');
    expect(lines[0]).toBe('ProcOS — all components ready');
    expect(lines.slice(1)).toEqual(['✓ java: ready', '✓ engine: ready', '✓ processes: ready', '✓ ollama: ready', '✓ worker:generic: ready']);
    expect(trayTooltip(degraded, 'linux')).toContain('✗ ollama: failed');
    expect(trayTooltip(undefined, 'linux')).toBe('ProcOS — stopped');
  });

  it('stays within the 127 characters Windows allows', () => {
    const many = report('starting', ...Array.from({ length: 12 }, (_, i) => c(`worker:kind-${i}`, 'starting')));
    expect(trayTooltip(many, 'win32').length).toBeLessThanOrEqual(127);
    expect(trayTooltip(many, 'linux').length).toBeGreaterThan(127);
  });
});

describe('tray menu', () => {
  it('reads Open, status, one disabled line per component, Restart engine, Cockpit, close-to-tray, Quit', () => {
    const menu = trayMenuTemplate(degraded, { closeToTray: true });
    expect(menu[0]).toMatchObject({ label: 'Open ProcOS', command: 'show-window' });
    const labels = menu.filter((i) => i.type !== 'separator').map((i) => i.label);
    expect(labels).toContain('Status: running with problems');
    expect(labels).toContain('✓ java — ready');
    expect(labels).toContain('✓ engine — ready');
    expect(labels.find((l) => l?.startsWith('✗ ollama — failed: gave up'))).toBeTruthy();
    for (const line of menu.filter((i) => /^[✓…✗○] /.test(i.label ?? ''))) expect(line.enabled).toBe(false);
    expect(commandsOf(menu)).toEqual(['show-window', 'restart-engine', 'open-cockpit', 'toggle-close-to-tray', 'quit']);
    expect(menu.at(-1)).toMatchObject({ label: 'Quit ProcOS', command: 'quit' });
    expect(findCommand(menu, 'toggle-close-to-tray')).toMatchObject({ type: 'checkbox', checked: true });
    expect(findCommand(trayMenuTemplate(degraded, { closeToTray: false }), 'toggle-close-to-tray')?.checked).toBe(false);
  });

  it('offers Restart engine and Cockpit only when the engine can take it', () => {
    expect(findCommand(trayMenuTemplate(ready, { closeToTray: true }), 'restart-engine')?.enabled).toBe(true);
    expect(findCommand(trayMenuTemplate(ready, { closeToTray: true }), 'open-cockpit')?.enabled).toBe(true);
    expect(findCommand(trayMenuTemplate(starting, { closeToTray: true }), 'restart-engine')?.enabled).toBe(false);
    expect(findCommand(trayMenuTemplate(starting, { closeToTray: true }), 'open-cockpit')?.enabled).toBe(false);
    const none = trayMenuTemplate(undefined, { closeToTray: true });
    expect(none.map((i) => i.label)).toContain('Starting the kernel…');
    expect(findCommand(none, 'restart-engine')?.enabled).toBe(false);
  });

  it('clips long details to one short line', () => {
    const line = componentLine(c('engine', 'failed', `boom\n${'x'.repeat(200)}`), 48);
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThanOrEqual('✗ engine — failed: '.length + 48);
    expect(line.endsWith('…')).toBe(true);
    expect(orderedComponents(ready).map((x) => x.name)).toEqual(['java', 'engine', 'processes', 'ollama', 'worker:generic']);
  });
});
