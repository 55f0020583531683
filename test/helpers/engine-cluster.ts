/**
 * A real engine cluster for tests and the scale bench: a private PostgreSQL (test/helpers/postgres.ts)
 * and engine nodes from the bundled jar (`java -jar` with a config from the kernel's engineConfigYaml (engine-config.ts),
 * pointed at that database), all sharing one admin user. Nodes come up one after the other (the first
 * creates the schema). Node A is run here and stays dead after kill -9 until restart() is called; the
 * other nodes are the kernel's own Engine service with engine.database set (as a desktop app on
 * PostgreSQL runs it), which restarts by itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Engine, findJava } from '../../main/kernel/engine';
import { engineConfigYaml } from '../../main/kernel/engine-config';
import { resourcePaths } from '../../main/kernel/paths';
import { freePort } from '../../main/kernel/ports';
import { Supervisor } from '../../main/kernel/supervisor';
import { startPostgres, type TestPostgres } from './postgres';
import { engineAuthHeaders } from '../../common/engine-auth';

export interface EngineNode {
  name: string;
  url: string;
  user: string;
  password: string;
  readonly pid?: number;
  supervisor: Supervisor;
  /** kill -9 the node's JVM (no restart follows) */
  kill9(): void;
  /** start it again on the same port and database */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineCluster { postgres: TestPostgres; database: string; nodes: EngineNode[]; user: string; password: string; stop(): Promise<void> }

export async function startEngineNode(name: string, database: string, creds: { user: string; password: string }): Promise<EngineNode> {
  const dir = mkdtempSync(join(tmpdir(), `procos-node-${name}-`));
  const port = await freePort();
  const config = join(dir, 'application.yml');
  writeFileSync(config, engineConfigYaml({ port, h2Path: join(dir, 'unused'), creds, database }), { mode: 0o600 });
  const url = `http://127.0.0.1:${port}/engine-rest`;
  const supervisor = new Supervisor({
    name: `engine-${name}`,
    prepare: async () => ({
      command: findJava().path,
      args: ['-Xmx512m', '-Dfile.encoding=UTF-8', '-jar', resourcePaths().camundaJar, `--spring.config.location=file:${config}`],
      cwd: dir,
    }),
    probe: async () => (await fetch(`${url}/engine`, { headers: engineAuthHeaders(creds), signal: AbortSignal.timeout(2000) })).ok,
    readyTimeoutMs: 240_000,
    maxConsecutiveFailures: 1, // a killed node stays down: the test decides when it comes back
  });
  const onExit = () => { if (supervisor.pid) try { process.kill(-supervisor.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', onExit); // a test run that dies leaves no JVM behind
  try {
    await supervisor.start();
  } catch (err) {
    process.off('exit', onExit);
    const logs = supervisor.logs.tail(30).join('\n');
    await supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`engine node ${name} did not start: ${(err as Error).message}\n${logs}`);
  }
  return {
    name, url, user: creds.user, password: creds.password, supervisor,
    get pid() { return supervisor.pid; },
    kill9() { if (supervisor.pid) process.kill(supervisor.pid, 'SIGKILL'); },
    restart: () => supervisor.start(),
    async stop() { await supervisor.stop(); process.off('exit', onExit); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** The kernel's Engine service with engine.database, given the cluster's admin user (credentials.json). */
export async function startKernelEngineNode(name: string, database: string, creds: { user: string; password: string }): Promise<EngineNode> {
  const dir = mkdtempSync(join(tmpdir(), `procos-node-${name}-`));
  mkdirSync(join(dir, 'engine'), { mode: 0o700 });
  writeFileSync(join(dir, 'engine', 'credentials.json'), JSON.stringify(creds), { mode: 0o600 });
  const engine = new Engine(dir, await freePort(), { database });
  const onExit = () => { if (engine.supervisor.pid) try { process.kill(-engine.supervisor.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', onExit);
  const stop = async () => { await engine.supervisor.stop(); process.off('exit', onExit); rmSync(dir, { recursive: true, force: true }); };
  try {
    await engine.supervisor.start();
  } catch (err) {
    const logs = engine.supervisor.logs.tail(30).join('\n');
    await stop();
    throw new Error(`engine node ${name} (kernel Engine on PostgreSQL) did not start: ${(err as Error).message}\n${logs}`);
  }
  return {
    name, url: engine.restUrl, user: creds.user, password: creds.password, supervisor: engine.supervisor,
    get pid() { return engine.supervisor.pid; },
    kill9() { if (engine.supervisor.pid) process.kill(engine.supervisor.pid, 'SIGKILL'); },
    restart: () => engine.supervisor.restart(),
    stop,
  };
}

/** PostgreSQL plus `count` engine nodes on one database; stop() ends them all, also after a failed start. */
export async function startEngineCluster(count = 2): Promise<EngineCluster> {
  const postgres = await startPostgres();
  const creds = { user: 'admin', password: randomBytes(12).toString('hex') };
  const nodes: EngineNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
    await postgres.stop();
  };
  try {
    const database = await postgres.createDatabase('procos');
    for (const name of 'abcdefgh'.slice(0, count)) {
      nodes.push(await (name === 'a' ? startEngineNode : startKernelEngineNode)(name, database, creds));
    }
    return { postgres, database, nodes, ...creds, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
