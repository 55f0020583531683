/** engine.database: before the engine starts, ProcOS checks that something answers at the database's
 * address, and says plainly when nothing does (the password never shown). */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkDatabaseReachable } from '../../main/kernel/engine-database';
import { freePort } from '../../main/kernel/ports';

describe('engine.database reachability', () => {
  it('says plainly when nothing listens at the database address, and passes when something does', async () => {
    const port = await freePort();
    await expect(checkDatabaseReachable(`postgres://u:secret@127.0.0.1:${port}/db`))
      .rejects.toThrow(new RegExp(`PostgreSQL at 127.0.0.1:${port} is not reachable \\(ECONNREFUSED\\): start it, or fix engine.database \\(postgres://u:\\*\\*\\*@`));
    const server = createServer((s) => s.end()).listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    try {
      await expect(checkDatabaseReachable(`postgres://u:secret@127.0.0.1:${(server.address() as { port: number }).port}/db`)).resolves.toBeUndefined();
    } finally { server.close(); }
  });
});
