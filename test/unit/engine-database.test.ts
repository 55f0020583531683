/** engine.database: the postgres URL → the generated engine config, and the reasons for bad URLs
 * (whether the address answers: test/integration/engine-database.test.ts). */
import { describe, expect, it } from 'vitest';
import { engineConfigYaml } from '../../main/kernel/engine';
import { postgresDatasource } from '../../main/kernel/engine-database';

const creds = { user: 'admin', password: 'pw' };

describe('engine.database', () => {
  it('turns a postgres URL into the JDBC datasource (user and password decoded, query kept)', () => {
    expect(postgresDatasource('postgres://u%40x:p%3Aw@db.example:5433/my_db?sslmode=require')).toEqual({
      kind: 'postgres', url: 'jdbc:postgresql://db.example:5433/my_db?sslmode=require', username: 'u@x', password: 'p:w',
    });
  });

  it('the generated config uses it, with a short job lock for a shared database; H2 otherwise', () => {
    const pg = engineConfigYaml({ port: 1234, h2Path: '/data/h2/procos', creds, database: 'postgresql://procos:s3cret@127.0.0.1:5432/procos' });
    expect(pg).toContain('url: "jdbc:postgresql://127.0.0.1:5432/procos"');
    expect(pg).toContain('username: "procos"');
    expect(pg).toContain('password: "s3cret"');
    expect(pg).toMatch(/lock-time-in-millis: 30000/);
    expect(pg).not.toContain('h2');
    const h2 = engineConfigYaml({ port: 1234, h2Path: '/data/h2/procos', creds });
    expect(h2).toContain('url: "jdbc:h2:file:/data/h2/procos;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"');
    expect(h2).not.toMatch(/lock-time-in-millis/);
  });

  it.each([
    ['not-a-url', /is not a URL/],
    ['mysql://u:p@h/db', /is not a PostgreSQL URL \(it starts with mysql:\/\/\)/],
    ['postgres://h:5432/db', /names no user/],
    ['postgres://u:p@h:5432/', /names no database/],
  ])('refuses %s with the reason, never showing the password', (url, reason) => {
    expect(() => postgresDatasource(url)).toThrow(reason);
    try { postgresDatasource(url); } catch (e) { expect((e as Error).message).not.toMatch(/:p@/); }
  });
});
