/** A real SMTP server of the test's own (smtp-server) on a free loopback port, set as ProcOS's `smtp` setting. */
import { SMTPServer } from 'smtp-server';
import type { ProcosClient } from '../../common/contract';
import { freePort } from '../../main/kernel/ports';

export async function smtpForProcos(client: ProcosClient): Promise<{ close(): Promise<void> }> {
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData(stream, _s, done) { stream.resume(); stream.on('end', () => done()); } });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  await client.updateSettings({ smtp: { host: '127.0.0.1', port, secure: false, from: 'procos@test.local' } });
  return {
    async close() {
      await client.updateSettings({ smtp: null }).catch(() => undefined);
      await new Promise((ok) => server.close(() => ok(null)));
    },
  };
}
