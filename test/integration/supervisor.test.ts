/** The supervisor with real child processes (node -e …), not mocks. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Supervisor } from '../../main/kernel/supervisor';
import { WorkerPool } from '../../main/kernel/workers';
import { alive } from '../helpers/processes';
import { workerConfig } from '../helpers/workers-child';
import { freePort } from '../helpers/workers-engine';

const node = (code: string) => ({ command: process.execPath, args: ['-e', code] });

describe('Supervisor', () => {
  it('backs off, then marks a component that crashes at once as failed with its reason', async () => {
    let spawns = 0;
    const sup = new Supervisor({
      name: 'crasher', backoffBaseMs: 20, maxConsecutiveFailures: 4,
      prepare: async () => { spawns++; return node('console.error("cannot open config"); process.exit(3)'); },
      probe: async () => false,
    });
    const delays: string[] = [];
    sup.on('state', (i) => { if (/restarting in/.test(i.detail)) delays.push(i.detail.replace(/.*restarting in /, '')); });
    await expect(sup.start()).rejects.toThrow(/gave up after 4 failed starts: process exited with code 3: cannot open config/);
    expect(sup.state).toBe('failed');
    expect(spawns).toBe(4); // no spin: exactly the allowed attempts
    expect(delays.map(parseFloat)).toEqual([...delays.map(parseFloat)].sort((a, b) => a - b)); // growing backoff
    expect(sup.lastError).toMatch(/exited with code 3/);
  });

  it('restarts a crashed process and becomes ready again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    const flag = join(dir, 'up');
    const sup: Supervisor = new Supervisor({
      name: 'service', backoffBaseMs: 20,
      prepare: async () => node(`require('fs').writeFileSync(${JSON.stringify(flag)}, String(process.pid)); setInterval(() => {}, 1000)`),
      probe: async (): Promise<boolean> => existsSync(flag) && Number(readFileSync(flag, 'utf8')) === sup.pid,
    });
    await sup.start();
    const first = sup.pid!;
    process.kill(first, 'SIGKILL');
    await new Promise<void>((ok) => sup.on('state', (i: { state: string }) => { if (i.state === 'ready') ok(); }));
    expect(sup.pid).not.toBe(first);
    expect(sup.restarts).toBe(1);
    await sup.stop();
  });

  it('stops the whole process group: no orphans', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    const pidFile = join(dir, 'grandchild');
    const sup = new Supervisor({
      name: 'parent',
      prepare: async () => node(`const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
        require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000)`),
      probe: async () => existsSync(pidFile),
    });
    await sup.start();
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    const child = sup.pid!;
    expect(alive(grandchild)).toBe(true);
    await sup.stop();
    await expect.poll(() => [alive(child), alive(grandchild)], { timeout: 10_000 }).toEqual([false, false]);
    expect(sup.state).toBe('stopped');
  });

  it('leaves no straggler behind: a grandchild that ignores SIGTERM goes too (Ollama runners)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sup-'));
    const pidFile = join(dir, 'stubborn');
    const sup = new Supervisor({
      name: 'parent',
      // the grandchild names itself once its SIGTERM handler is in place: ready means it ignores SIGTERM
      prepare: async () => node(`const stubborn = 'process.on("SIGTERM", () => {}); require("fs").writeFileSync(' + JSON.stringify(${JSON.stringify(pidFile)}) + ', String(process.pid)); setInterval(() => {}, 1000)';
        require('child_process').spawn(process.execPath, ['-e', stubborn], { stdio: 'ignore' }); setInterval(() => {}, 1000)`),
      probe: async () => existsSync(pidFile),
    });
    await sup.start();
    const stubborn = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(stubborn)).toBe(true);
    await sup.stop();
    await expect.poll(() => alive(stubborn), { timeout: 10_000 }).toBe(false);
  });

  it('keeps a bounded log tail', async () => {
    const sup: Supervisor = new Supervisor({
      name: 'chatty', logLines: 5,
      prepare: async () => node('for (let i = 0; i < 50; i++) console.log("line " + i); setInterval(() => {}, 1000)'),
      probe: async (): Promise<boolean> => sup.logs.tail().includes('line 49'),
    });
    await sup.start();
    expect(sup.logs.tail()).toEqual(['line 45', 'line 46', 'line 47', 'line 48', 'line 49']);
    await sup.stop();
  });

  it('fails with a readable reason when it cannot even prepare', async () => {
    const sup = new Supervisor({ name: 'engine', prepare: async () => { throw new Error('Camunda Run is missing'); }, probe: async () => false });
    await expect(sup.start()).rejects.toThrow(/cannot start: Camunda Run is missing/);
  });

  it('watches an attached (external) component and re-prepares when it stops answering', async () => {
    const { createServer } = await import('node:http');
    const listen = (port = 0) => new Promise<import('node:http').Server>((ok) => {
      const srv = createServer((_q, r) => r.end('ok'));
      srv.listen(port, '127.0.0.1', () => ok(srv));
    });
    let server = await listen();
    const port = (server.address() as { port: number }).port;
    let prepares = 0;
    const sup = new Supervisor({
      name: 'attached', backoffBaseMs: 50, watchIntervalMs: 50,
      prepare: async () => { prepares++; return null; },
      probe: async () => fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false),
    });
    await sup.start();
    expect(sup.state).toBe('ready');
    const states: string[] = [];
    sup.on('state', (i: { state: string }) => states.push(i.state));
    await new Promise<void>((ok) => server.close(() => ok()));
    await new Promise<void>((ok) => sup.on('state', (i: { state: string }) => { if (i.state === 'starting') ok(); }));
    expect(sup.lastError).toMatch(/stopped answering/);
    server = await listen(port);
    await new Promise<void>((ok) => sup.on('state', (i: { state: string }) => { if (i.state === 'ready') ok(); }));
    expect(prepares).toBeGreaterThanOrEqual(2); // prepared again: free to attach or to run its own
    await sup.stop();
    server.close();
  });

  it('names the signal that killed a process, without its last words as the reason', async () => {
    const sup: Supervisor = new Supervisor({
      name: 'victim', backoffBaseMs: 60_000,
      prepare: async () => node('console.log("INFO all fine"); setInterval(() => {}, 1000)'),
      probe: async (): Promise<boolean> => sup.logs.tail().includes('INFO all fine'),
    });
    await sup.start();
    const down = new Promise<string>((ok) => sup.on('state', (i: { state: string; detail: string }) => { if (i.state !== 'ready') ok(i.detail); }));
    process.kill(sup.pid!, 'SIGKILL');
    expect(await down).toMatch(/^process killed by SIGKILL; restarting in/);
    await sup.stop();
  });

  it('gives the root cause of a crash, and fails at once when the cause is permanent', async () => {
    let spawns = 0;
    const sup = new Supervisor({
      name: 'engine', backoffBaseMs: 20, maxConsecutiveFailures: 5,
      prepare: async () => {
        spawns++;
        return node(`console.error('Caused by: org.h2.jdbc.JdbcSQLNonTransientConnectionException: Database may be already in use: "/x/procos.mv.db". Possible solutions: close all other connection(s)');
          console.error('\tat org.h2.message.DbException.get(DbException.java:1)'); process.exit(1)`);
      },
      probe: async () => false,
      explainExit: async (cause) => (cause?.startsWith('Database may be already in use') ? { detail: `locked by a stranger (H2: ${cause})`, permanent: true } : undefined),
    });
    await expect(sup.start()).rejects.toThrow(/^engine: locked by a stranger \(H2: Database may be already in use: "\/x\/procos.mv.db"/);
    expect(spawns).toBe(1);
  });
});

describe('WorkerPool', () => {
  it('reports a SIGKILLed worker as killed by SIGKILL and restarts it', async () => {
    const engine = { url: `http://127.0.0.1:${await freePort()}/engine-rest` };
    const pool = new WorkerPool({ kinds: ['system'], config: (kind) => workerConfig(kind, engine), componentStates: () => ({}) });
    await pool.start();
    try {
      const sup = pool.supervisors.get('system')!;
      const first = sup.pid!;
      const details: string[] = [];
      sup.on('state', (i: { detail: string }) => details.push(i.detail));
      process.kill(first, 'SIGKILL');
      await new Promise<void>((ok) => sup.on('state', (i: { state: string }) => { if (i.state === 'ready') ok(); }));
      expect(details[0]).toMatch(/^process killed by SIGKILL; restarting in/);
      expect(sup.pid).not.toBe(first);
    } finally {
      await pool.stop();
    }
  });
});
