/**
 * Commands that arrive on the durable queue `procos.commands` (sent through the default exchange):
 * `{"action":"start","key":"…","variables":{…},"businessKey":"…"}` starts an instance through the
 * kernel's API. A command that is malformed or fails is answered with the error (when it has a
 * `replyTo`) and goes to the dead-letter queue `procos.commands.dead` with the reason in the header
 * `x-procos-error`; it is never retried.
 */
import { z } from 'zod';
import { StartInput, type ProcosApi } from '../../../common/contract';

export const COMMANDS_QUEUE = 'procos.commands';
/** the commands queue's x-dead-letter-exchange (fanout) and the queue behind it */
export const DEAD_LETTER_EXCHANGE = 'procos.commands.dlx';
export const DEAD_LETTER_QUEUE = 'procos.commands.dead';
export const ERROR_HEADER = 'x-procos-error';

const StartCommand = StartInput.extend({ action: z.literal('start') });

export type CommandResult = { ok: true; id: string } | { ok: false; error: string };

/** Runs one command message; never throws: what went wrong is in the result. */
export async function runCommand(content: Buffer, api: Pick<ProcosApi, 'startInstance'>): Promise<CommandResult> {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `the command is not JSON (${(err as Error).message}); send {"action":"start","key":"<process key>"}` };
  }
  const action = (json as { action?: unknown } | null)?.action;
  if (action !== 'start') {
    return { ok: false, error: `unknown action ${JSON.stringify(action ?? null)}: the one action is "start", as in {"action":"start","key":"<process key>"}` };
  }
  const parsed = StartCommand.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ');
    return { ok: false, error: `invalid start command: ${problems}` };
  }
  const { key, variables, businessKey } = parsed.data;
  try {
    const { id } = await api.startInstance({ key, variables, businessKey });
    return { ok: true, id };
  } catch (err) {
    return { ok: false, error: `could not start "${key}": ${(err as Error).message}` };
  }
}
