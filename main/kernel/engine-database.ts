/**
 * The engine's database: H2 in the data dir (default), or PostgreSQL given as `engine.database`, a URL
 * with user and password: postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=…]. Pure functions: the
 * URL is checked and turned into the Spring datasource block of the generated application.yml.
 */

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

export function h2Datasource(h2Path: string): Datasource {
  return { kind: 'h2', url: `jdbc:h2:file:${h2Path};DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0`, username: 'sa', password: 'sa' };
}

/** The `spring.datasource` lines (indented for application.yml); values quoted as YAML strings. */
export function datasourceYaml(opts: { h2Path: string; database?: string }): string {
  const ds = opts.database ? postgresDatasource(opts.database) : h2Datasource(opts.h2Path);
  return [
    '  datasource:',
    `    url: ${JSON.stringify(ds.url)}`,
    `    username: ${JSON.stringify(ds.username)}`,
    `    password: ${JSON.stringify(ds.password)}`,
  ].join('\n');
}
