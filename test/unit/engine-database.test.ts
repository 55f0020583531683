/** engine.database: the postgres URL → the generated engine config, and the reasons for bad URLs
 * (whether the address answers: test/integration/engine-database.test.ts). */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { engineConfigYaml } from '../../main/kernel/engine-config';
import { postgresDatasource } from '../../main/kernel/engine-database';

const creds = { user: 'admin', password: 'pw' };

describe('engine.database', () => {
  it('turns a postgres URL into the JDBC datasource (user and password decoded, query kept)', () => {
    expect(postgresDatasource('postgres://u%40x:p%3Aw@db.example:5433/my_db?sslmode=require')).toEqual({
      kind: 'postgres', url: 'jdbc:postgresql://db.example:5433/my_db?sslmode=require', username: 'u@x', password: 'p:w',
    });
  });

  it('the generated config uses it, with a short job lock for a shared database; H2 otherwise', () => {
    const pg = parse(engineConfigYaml({ port: 1234, h2Path: '/data/h2/procos', creds, database: 'postgresql://procos:s3cret@127.0.0.1:5432/procos' }));
    expect(pg.spring.datasource).toEqual({ url: 'jdbc:postgresql://127.0.0.1:5432/procos', username: 'procos', password: 's3cret' });
    expect(pg.camunda.bpm['job-execution']['lock-time-in-millis']).toBe(30_000);
    expect(pg.procos.h2).toBeUndefined();
    const h2 = parse(engineConfigYaml({ port: 1234, h2Path: '/data/h2/procos', creds }));
    expect(h2.spring.datasource.url).toMatch(/^jdbc:h2:file:\/data\/h2\/procos;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;COMPRESS=TRUE;LOB_TIMEOUT=30000$/);
    expect(h2.camunda.bpm['job-execution']['lock-time-in-millis']).toBeUndefined();
    expect(h2.procos.h2['backup-dir']).toBe('/data/backups');
  });

  it('keeps history engine.historyDays days by default (30) and cleans it up all day long', () => {
    const props = (days?: number) => parse(engineConfigYaml({ port: 1, h2Path: '/d/h2/procos', creds, historyDays: days })).camunda.bpm['generic-properties'].properties;
    expect(props().historyTimeToLive).toBe('P30D');
    expect(props(7).historyTimeToLive).toBe('P7D');
    expect(props()).toMatchObject({ historyCleanupBatchWindowStartTime: '00:00', historyCleanupBatchWindowEndTime: '00:00' });
  });

  it('writes a password with YAML-special characters so that it reads back the same', () => {
    const password = `: #'"\n- {x}`;
    expect(parse(engineConfigYaml({ port: 1, h2Path: '/d/h2/procos', creds: { user: 'admin', password } })).camunda.bpm['admin-user'].password).toBe(password);
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
