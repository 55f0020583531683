/**
 * A private PostgreSQL for tests and benches (Debian's `postgresql` package): a fresh cluster in a temp
 * dir owned by the `postgres` user (the server refuses to run as root), listening only on 127.0.0.1 at a
 * free port, with password auth (scram) for the `postgres` superuser. stop() ends it and removes the dir;
 * a start that fails cleans up after itself, and so does the process exiting without stop().
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../main/kernel/ports';

export interface TestPostgres {
  port: number;
  user: string;
  password: string;
  dir: string;
  /** postgres://user:password@127.0.0.1:port/name — the form `engine.database` takes */
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** pg_ctl stop -m fast, then the temp dir goes */
  stop(): Promise<void>;
}

/** The newest installed server's bin dir, or an error saying what to install. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed: `apt-get install postgresql` (no /usr/lib/postgresql/*/bin/initdb)');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary as the postgres user when we are root (the server refuses root). */
function asPostgres(bin: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    return execFileSync(cmd, argv as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string };
    throw new Error(`${bin.split('/').pop()} ${args[0] ?? ''} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'procos-pg-'));
  const user = 'postgres';
  const password = randomBytes(12).toString('base64url');
  const port = await freePort();
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;
  const stopNow = (mode: 'fast' | 'immediate') => {
    if (!started) return;
    started = false;
    spawnSync(isRoot() ? 'runuser' : pgCtl, isRoot() ? ['-u', 'postgres', '--', pgCtl, '-D', data, '-m', mode, '-w', 'stop'] : ['-D', data, '-m', mode, '-w', 'stop'], { stdio: 'ignore' });
  };
  const onExit = () => { stopNow('immediate'); rmSync(dir, { recursive: true, force: true }); };
  process.once('exit', onExit);
  try {
    asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'scram-sha-256', '-U', user, `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync']);
    rmSync(pwfile);
    started = true;
    asPostgres(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  } catch (err) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : '';
    onExit();
    process.off('exit', onExit);
    throw new Error(`${(err as Error).message}${log ? `\n${log}` : ''}`);
  }
  const url = (database: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    port, user, password, dir, url,
    async createDatabase(name) {
      execFileSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1',
        '-c', `CREATE DATABASE "${name}"`], { env: { ...process.env, PGPASSWORD: password }, stdio: ['ignore', 'pipe', 'pipe'] });
      return url(name);
    },
    async stop() {
      stopNow('fast');
      rmSync(dir, { recursive: true, force: true });
      process.off('exit', onExit);
    },
  };
}
