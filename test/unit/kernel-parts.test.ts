/** Electron-free kernel parts as plain functions: validation, store, CLI vars. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { validateBpmn } from '../../main/kernel/deploy';
import { Store } from '../../main/kernel/store';
import { parseVar } from '../../main/cli';
import { toTypedVariables, fromTypedVariables } from '../../common/variables';
import { engineDate } from '../../main/kernel/monitor';

const fixture = (f: string) => readFileSync(resolve(import.meta.dirname, '..', 'fixtures', f), 'utf8');

describe('validateBpmn', () => {
  it('accepts an executable process and returns its key and the topics of its external tasks', async () => {
    expect(await validateBpmn('p.bpmn', fixture('health_ping.bpmn')))
      .toEqual({ keys: ['health_ping'], errors: [], topics: [{ topic: 'system_health_check', element: 'check' }], formRefs: [] });
  });
  it('names the line of malformed XML', async () => {
    const { errors } = await validateBpmn('m.bpmn', fixture('malformed.bpmn'));
    expect(errors[0]).toMatchObject({ file: 'm.bpmn', line: 5 });
    expect(errors[0].message).toMatch(/not well-formed XML \(line 5\)/);
  });
  it('names the root element of non-BPMN XML', async () => {
    const { errors } = await validateBpmn('n.bpmn', fixture('not-bpmn.bpmn'));
    expect(errors[0]).toMatchObject({ element: 'project' });
  });
  it('asks for isExecutable when no process is executable', async () => {
    const { errors } = await validateBpmn('d.bpmn', fixture('not-executable.bpmn'));
    expect(errors[0]).toMatchObject({ element: 'draft_only' });
    expect(errors[0].message).toMatch(/isExecutable="true"/);
  });
  it('refuses files that are not .bpmn, and empty files', async () => {
    expect((await validateBpmn('notes.txt', 'hello')).errors[0].message).toMatch(/not a BPMN file/);
    expect((await validateBpmn('e.bpmn', '  ')).errors[0].message).toMatch(/is empty/);
  });
  it('reports unresolved references', async () => {
    const xml = fixture('health_ping.bpmn').replace('targetRef="end"', 'targetRef="nowhere"');
    const { errors } = await validateBpmn('r.bpmn', xml);
    expect(errors.map((e) => e.message).join()).toMatch(/unresolved reference <nowhere>/);
  });
});

describe('Store', () => {
  it('migrates, uses WAL, keeps settings, history and events across reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new Store(dir);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.updateSettings({ 'ollama.url': 'http://127.0.0.1:1', smtp: { host: 'x', port: 25 } });
    store.addAiHistory({ question: 'q', answer: 'a', model: 'm', durationMs: 12 }, 10);
    store.logEvent({ type: 'component', name: 'engine', state: 'ready', detail: 'ok', at: 1 });
    store.close();
    const again = new Store(dir);
    expect(again.settings()).toEqual({ 'ollama.url': 'http://127.0.0.1:1', smtp: { host: 'x', port: 25 } });
    expect(again.aiHistory()[0]).toMatchObject({ question: 'q', answer: 'a', model: 'm', durationMs: 12 });
    expect(again.recentEvents()[0]).toMatchObject({ type: 'component', name: 'engine' });
    again.updateSettings({ smtp: null });
    expect(again.settings()).not.toHaveProperty('smtp');
    again.close();
  });
});

describe('CLI variables', () => {
  it('types numbers, booleans, null and JSON; keeps the rest as strings', () => {
    expect(parseVar('user_query=What is BPMN?')).toEqual(['user_query', 'What is BPMN?']);
    expect(parseVar('n=42')).toEqual(['n', 42]);
    expect(parseVar('ok=true')).toEqual(['ok', true]);
    expect(parseVar('obj={"a":1}')).toEqual(['obj', { a: 1 }]);
    expect(parseVar('eq=a=b')).toEqual(['eq', 'a=b']);
    expect(() => parseVar('novalue')).toThrow(/name=value/);
    expect(() => parseVar('bad={nope')).toThrow(/not valid JSON/);
  });
  it('round-trips typed engine variables', () => {
    const vars = { s: 'x', n: 3, f: 1.5, b: false, o: { deep: [1, 2] }, z: null };
    const typed = toTypedVariables(vars);
    expect(typed.o).toEqual({ value: '{"deep":[1,2]}', type: 'Json' });
    expect(fromTypedVariables(typed)).toEqual(vars);
  });
  it("stores strings past the engine's 4000-character column as Json and reads them back as strings", () => {
    const long = 'é'.repeat(6000);
    const typed = toTypedVariables({ long, short: 'x'.repeat(4000) });
    expect(typed.long.type).toBe('Json');
    expect(typed.short.type).toBe('String');
    expect(fromTypedVariables(typed)).toEqual({ long, short: 'x'.repeat(4000) });
  });
});

describe('engine dates', () => {
  it('turns any ISO date into the engine format and refuses non-dates', () => {
    expect(engineDate('2026-11-26T10:00:00Z')).toBe('2026-11-26T10:00:00.000+0000');
    expect(engineDate('2026-11-26T11:00:00.000+0100')).toBe('2026-11-26T10:00:00.000+0000');
    expect(engineDate(undefined)).toBeUndefined();
    expect(() => engineDate('yesterday')).toThrow(/not a date/);
  });
});
