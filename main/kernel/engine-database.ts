/**
 * The engine's database: H2 in the data dir (default), or PostgreSQL given as `engine.database`, a URL
 * with user and password: postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=…]. Pure functions: the
 * URL is checked and turned into the Spring datasource of the generated application.yml (engine-config.ts); before a
 * start, checkDatabaseReachable() says plainly when nothing listens there.
 */
import { connect } from 'node:net';

/** On a database that several nodes may share, a job locked by a node that died is free again after this
 * long (Camunda's default is 5 minutes); jobs here are short. */
export const SHARED_DATABASE_JOB_LOCK_MS = 30_000;

export interface Datasource { url: string; username: string; password: string; kind: 'h2' | 'postgres' }

/** A postgres URL with its password replaced, for status lines and error messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** postgres://user:password@host:port/db → the JDBC datasource; a clear error for anything else. */
export function postgresDatasource(database: string): Datasource {
  const shown = redactDatabaseUrl(database);
  const example = 'postgres://procos:secret@127.0.0.1:5432/procos';
  let url: URL;
  try { url = new URL(database); } catch {
    throw new Error(`engine.database "${shown}" is not a URL: expected ${example}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`engine.database "${shown}" is not a PostgreSQL URL (it starts with ${url.protocol}//): expected ${example}`);
  }
  if (!url.hostname) throw new Error(`engine.database "${shown}" names no host: expected ${example}`);
  if (!url.username) throw new Error(`engine.database "${shown}" names no user: expected ${example}`);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name || name.includes('/')) throw new Error(`engine.database "${shown}" names no database (the path after the host): expected ${example}`);
  return {
    kind: 'postgres',
    url: `jdbc:postgresql://${url.host}/${encodeURIComponent(name)}${url.search}`,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/**
 * The engine's own H2 file (docs/storage.md, "The H2 file"): every commit on disk (WRITE_DELAY=0), pages compressed,
 * and LOB_TIMEOUT 30 s instead of H2's 5 min: each byte array the engine writes (a large variable, a deployment's
 * XML) is first a temporary LOB of the connection, and its data stays in the file until that LOB times out, however
 * soon its row is deleted — so history cleanup gave nothing back for 5 minutes (the engine reads a LOB within its
 * statement; 30 s is far above that).
 */
export function h2Datasource(h2Path: string): Datasource {
  return { kind: 'h2', url: `jdbc:h2:file:${h2Path};DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;COMPRESS=TRUE;LOB_TIMEOUT=30000`, username: 'sa', password: 'sa' };
}

/** Where a postgres URL points, for status: "PostgreSQL database procos at 127.0.0.1:5432 (user procos)". */
export function describeDatabase(database: string): string {
  const url = new URL(database);
  return `PostgreSQL database ${decodeURIComponent(url.pathname.slice(1))} at ${url.hostname}:${url.port || 5432} (user ${decodeURIComponent(url.username)})`;
}

/** Before an engine start on PostgreSQL: is anything listening there? (Else Spring fails after a long boot
 * with a stack trace.) Resolves, or rejects with a reason that names host and port, never the password. */
export function checkDatabaseReachable(database: string, timeoutMs = 3000): Promise<void> {
  postgresDatasource(database); // a bad URL is refused first, with its own reason
  const url = new URL(database);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 5432);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`PostgreSQL at ${host}:${port} is not reachable (${why}): start it, or fix engine.database (${redactDatabaseUrl(database)})`));
    };
    socket.once('connect', () => { socket.end(); resolve(); });
    socket.once('timeout', () => fail(`no answer in ${timeoutMs / 1000} s`));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
  });
}
