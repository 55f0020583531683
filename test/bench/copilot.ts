/**
 * `npm run bench -- copilot`: the ten descriptions of copilot-descriptions.json through the default
 * model (as `procos draft` does: one repair round), against a stack of its own in a temp PROCOS_HOME.
 * Per description: the model's answer parsed as a plan, the BPMN valid, deployable (the real engine
 * takes it), and ran to an end event with stub variables — each start variable the draft names gets
 * a stub of its type, user tasks are completed, AI tasks answer in 16 tokens, email goes to a local
 * SMTP server and `url` inputs are pointed at a local HTTP server (nothing leaves the machine).
 * Asserts nothing; the last line is the summary. BENCH_COPILOT_ONLY=2,10 runs only those descriptions.
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { Kernel } from '../../main/kernel';
import { freePort } from '../../main/kernel/ports';
import type { DraftResult } from '../../common/contract';

const ALL: string[] = JSON.parse(readFileSync(join(import.meta.dirname, 'copilot-descriptions.json'), 'utf8'));
/** BENCH_COPILOT_ONLY=2,10 runs only those descriptions (1-based), to look at one again */
const ONLY = (process.env.BENCH_COPILOT_ONLY ?? '').split(',').filter(Boolean).map(Number);
const DESCRIPTIONS = ONLY.length ? ALL.filter((_, i) => ONLY.includes(i + 1)) : ALL;
const RUN_SECONDS = Number(process.env.BENCH_RUN_SECONDS ?? 300);

const stub = (type: string) => (type === 'number' ? 1000 : type === 'boolean' ? true : 'stub');
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : 0; };

async function runToEnd(kernel: Kernel, key: string, variables: Record<string, unknown>): Promise<string> {
  const { id } = await kernel.api.startInstance({ key, variables });
  const until = Date.now() + RUN_SECONDS * 1000;
  while (Date.now() < until) {
    const detail = await kernel.api.instance({ id });
    const incident = detail.incidents[0];
    if (incident) return `INCIDENT at ${incident.activityId}: ${(incident.message ?? '').slice(0, 100)}`;
    if (detail.state !== 'ACTIVE') return detail.state;
    for (const task of await kernel.rest.get<{ id: string }[]>(`/task?processInstanceId=${id}`)) {
      await kernel.rest.post(`/task/${task.id}/complete`, { variables: {} }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return 'TIMEOUT';
}

export async function benchCopilot() {
  const home = mkdtempSync(join(tmpdir(), 'bench-copilot-'));
  const http = createServer((_req, res) => res.end('stub page'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}/`;
  const smtpPort = await freePort();
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _s, done) { stream.resume(); stream.on('end', () => done()); } });
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  // a private Ollama and engine port (one answering on 11434 would be attached and shared with whoever runs it)
  process.env.PROCOS_OLLAMA_URL = `http://127.0.0.1:${await freePort()}`;
  process.env.PROCOS_ENGINE_PORT = String(await freePort());
  const kernel = new Kernel({ home });
  const rows: { parsed: boolean; valid: boolean; deployable: boolean; ran: boolean; seconds: number; note: string }[] = [];
  try {
    await kernel.start();
    await kernel.api.updateSettings({ smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'bench@procos.local' } });
    console.log(`copilot: ${DESCRIPTIONS.length} descriptions, model ${kernel.ollama.model} at ${kernel.ollama.url}`);
    console.log('\n|  # | parsed | valid | deployable | ran | seconds | note');
    console.log('|---:|:------:|:-----:|:----------:|:---:|--------:|-----');
    for (const description of DESCRIPTIONS) {
      const i = ALL.indexOf(description);
      const t = performance.now();
      let draft: DraftResult | undefined;
      let deployable = false;
      let ran = false;
      let note = '';
      try {
        draft = await kernel.api.draft({ description, repairs: 1 });
        const seconds = (performance.now() - t) / 1000;
        const deployed = await kernel.api.deploy({ files: [{ name: draft.fileName, xml: draft.xml }] });
        deployable = deployed.ok;
        if (deployable) {
          const local = draft.xml.replace(/(<camunda:inputParameter name="url">)[^<]*(<\/camunda:inputParameter>)/g, `$1${httpUrl}$2`);
          if (local !== draft.xml) await kernel.api.deploy({ files: [{ name: draft.fileName, xml: local }] });
          const variables: Record<string, unknown> = { url: httpUrl, email_to: 'someone@procos.local', max_tokens: 16 };
          for (const v of draft.startVariables) variables[v.name] ??= stub(v.type);
          const state = await runToEnd(kernel, draft.processKey, variables);
          ran = state === 'COMPLETED';
          if (!ran) note = `ended ${state}`;
        } else note = deployed.errors.map((e) => e.message).join('; ').slice(0, 120);
        rows.push({ parsed: draft.parsed, valid: draft.valid, deployable, ran, seconds, note });
      } catch (err) {
        rows.push({ parsed: false, valid: false, deployable: false, ran: false, seconds: (performance.now() - t) / 1000, note: (err as Error).message.slice(0, 120) });
      }
      const r = rows.at(-1)!;
      const yes = (b: boolean) => (b ? 'yes' : 'no');
      console.log(`| ${String(i + 1).padStart(2)} | ${yes(r.parsed).padEnd(6)} | ${yes(r.valid).padEnd(5)} | ${yes(r.deployable).padEnd(10)} | ${yes(r.ran).padEnd(3)} | ${r.seconds.toFixed(1).padStart(7)} | ${r.note}`);
    }
    const count = (k: 'parsed' | 'valid' | 'deployable' | 'ran') => rows.filter((r) => r[k]).length;
    console.log(`\ntotal: parsed ${count('parsed')}/${rows.length}, valid ${count('valid')}/${rows.length}, deployable ${count('deployable')}/${rows.length}, ran ${count('ran')}/${rows.length}`);
    console.log(`copilot: valid ${count('valid')}/${rows.length}, deployable ${count('deployable')}/${rows.length}, ran ${count('ran')}/${rows.length}, median ${median(rows.map((r) => r.seconds)).toFixed(1)} s (model ${kernel.ollama.model})`);
  } finally {
    await kernel.stop();
    http.close();
    smtp.close();
    rmSync(home, { recursive: true, force: true });
  }
}
