/**
 * The minimal JRE that scripts/jlink.sh builds into resources/jre: it is a runtime (no compiler),
 * much smaller than the JDK, boots Camunda Run with plain `java -jar` to an authenticated REST
 * API, and the shared test stack runs its engine on it. Skips, saying why, without resources/jre.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../../main/kernel/ports';
import { engineConfigYaml } from '../../main/kernel/engine-config';
import { alive } from '../helpers/processes';
import { listeningSockets } from '../helpers/sockets';
import { testStack } from '../helpers/stack';
import { onPath } from '../../main/kernel/paths';
import { engineAuthHeaders } from '../../common/engine-auth';

const root = resolve(import.meta.dirname, '..', '..');
const jre = join(root, 'resources', 'jre');
const java = join(jre, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
const jar = [join(root, 'resources', 'camunda-run', 'camunda-run.jar'), join(root, 'resources', 'camunda-run', 'target', 'camunda-run.jar')]
  .find(existsSync);
const present = existsSync(java) && !!jar;
if (!present) {
  console.log(`[jre-jlink] skipped: ${existsSync(java) ? 'no Camunda Run jar (run `npm run procos -- resources`)' : 'resources/jre is absent (build it with scripts/jlink.sh)'}`);
}

/** Size of a folder in bytes, as du counts it (links not followed). */
function du(path: string): number {
  return Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split(/\s+/)[0]) * 1024;
}
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

function fullJdk(): string | undefined {
  const fromEnv = process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'jlink')) ? process.env.JAVA_HOME : undefined;
  if (fromEnv) return fromEnv;
  const jlink = onPath('jlink');
  return jlink && dirname(dirname(realpathSync(jlink)));
}

describe.skipIf(!present)('jlink JRE (resources/jre)', () => {
  const home = mkdtempSync(join(tmpdir(), 'procos-jre-'));
  let engine: ChildProcess | undefined;
  let output = '';
  afterAll(async () => {
    if (engine?.pid && alive(engine.pid)) {
      const gone = new Promise((ok) => engine!.once('exit', ok));
      process.kill(-engine.pid, 'SIGTERM');
      await gone;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('is a runtime with the modules the engine needs, and far smaller than the JDK', () => {
    const modules = execFileSync(java, ['--list-modules'], { encoding: 'utf8' });
    for (const m of ['java.base', 'java.sql', 'java.naming', 'java.management', 'java.xml', 'jdk.unsupported', 'jdk.crypto.ec']) {
      expect(modules).toContain(`${m}@`);
    }
    expect(existsSync(join(jre, 'bin', 'javac'))).toBe(false);
    expect(modules).not.toContain('jdk.compiler@');
    const jdk = fullJdk();
    const size = du(jre);
    console.log(`[jre-jlink] resources/jre ${mb(size)}${jdk ? ` vs the full JDK at ${jdk} ${mb(du(jdk))}` : ''}`);
    if (jdk) expect(size).toBeLessThan(du(jdk) / 2);
  });

  it('boots Camunda Run with `java -jar` to an authenticated REST API on 127.0.0.1', async () => {
    const port = await freePort();
    const password = `pw-${Date.now()}`;
    const yml = join(home, 'application.yml');
    writeFileSync(yml, engineConfigYaml({ port, h2Path: join(home, 'h2', 'procos'), creds: { user: 'admin', password } }));
    engine = spawn(java, ['-Xmx512m', '-jar', jar!, `--spring.config.location=file:${yml}`], {
      cwd: home, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    engine.stdout!.on('data', (d) => { output = (output + d).slice(-20_000); });
    engine.stderr!.on('data', (d) => { output = (output + d).slice(-20_000); });
    const exited = new Promise<number | null>((ok) => engine!.once('exit', ok));

    const base = `http://127.0.0.1:${port}/engine-rest`;
    const auth = engineAuthHeaders({ user: 'admin', password });
    const deadline = Date.now() + 180_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      const res = await fetch(`${base}/process-definition/count`, { headers: auth }).catch(() => undefined);
      ready = res?.status === 200;
      if (!ready) {
        const code = await Promise.race([exited, new Promise((ok) => setTimeout(() => ok('running'), 1000))]);
        if (code !== 'running') throw new Error(`Camunda Run on the jlink JRE exited with ${code}:\n${output.slice(-4000)}`);
      }
    }
    expect(ready, `REST not ready in 180 s:\n${output.slice(-4000)}`).toBe(true);
    expect(await (await fetch(`${base}/process-definition/count`, { headers: auth })).json()).toMatchObject({ count: expect.any(Number) });
    expect((await fetch(`${base}/process-definition/count`)).status).toBe(401);
    expect(output).toMatch(/Java 17|Java 2\d/);
    if (process.platform === 'linux') {
      const sockets = listeningSockets([engine.pid!]);
      expect(sockets.length).toBeGreaterThan(0);
      for (const s of sockets) expect(s.address).toBe('127.0.0.1');
    }
  });

  it('runs the shared test stack: its java component is the bundled JRE and the stack is ready', async () => {
    const { client } = testStack();
    let status = await client.status();
    for (let i = 0; i < 120 && !status.ready; i++) { // other tests may have just restarted a component
      await new Promise((ok) => setTimeout(ok, 1000));
      status = await client.status();
    }
    expect(status.components.java?.detail).toContain(jre);
    expect(status.components.java?.detail).toMatch(/bundled/);
    expect(status.components.engine?.state).toBe('ready');
    expect(status.ready).toBe(true);
  });
});
