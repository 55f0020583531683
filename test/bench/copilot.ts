/**
 * `npm run bench -- copilot`: every description of copilot-descriptions.json drafted by the default
 * model (as `procos draft` does), against a stack of its own in a temp PROCOS_HOME. Per description:
 * fidelity (copilot-fidelity.ts: the steps, decisions and name a person expects), the BPMN valid,
 * deployable (the real engine takes it), ran to an end event, the time to the first diagram and to
 * the draft; then Explain of the draft, and whether its answer names every step and decision.
 * Running: each start variable gets a stub of its type and format (addresses go to a local SMTP
 * server, URLs to a local HTTP server, channels to a Slack-compatible server: nothing leaves the
 * machine), AI tasks answer in 16 tokens, person's tasks are submitted with their form filled,
 * timers are fired and messages correlated through the engine's REST API.
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
import { exampleEchoes, namedElements } from '../helpers/copilot';
import { startSlackServer } from '../helpers/slack-server';
import { draftItems, fidelityPercent, score, type BenchDescription, type Fidelity } from './copilot-fidelity';
import { driveToEnd } from './copilot-run';

const ALL: BenchDescription[] = JSON.parse(readFileSync(join(import.meta.dirname, 'copilot-descriptions.json'), 'utf8'));
/** BENCH_COPILOT_ONLY=2,10 runs only those descriptions (1-based), to look at one again */
const ONLY = (process.env.BENCH_COPILOT_ONLY ?? '').split(',').filter(Boolean).map(Number);
const CASES = ONLY.length ? ALL.filter((_, i) => ONLY.includes(i + 1)) : ALL;
/** BENCH_COPILOT_MINUTES=50 starts no description after 50 minutes; the summary then counts the ones done and says so */
const MINUTES = Number(process.env.BENCH_COPILOT_MINUTES ?? 0);

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : 0; };
const pair = (p: [number, number]) => `${p[0]}/${p[1]}`;

interface Row { fidelity?: Fidelity; valid: boolean; deployable: boolean; ran: boolean; first: number; seconds: number; explained: [number, number]; explainSeconds: number; note: string }

export async function benchCopilot() {
  const home = mkdtempSync(join(tmpdir(), 'bench-copilot-'));
  const http = createServer((_req, res) => res.end('stub page'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}/`;
  const smtpPort = await freePort();
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _s, done) { stream.resume(); stream.on('end', () => done()); } });
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  const slack = await startSlackServer(undefined, { anyChannel: true });
  // a private Ollama and engine port (one answering on 11434 would be attached and shared with whoever runs it)
  process.env.PROCOS_OLLAMA_URL = `http://127.0.0.1:${await freePort()}`;
  process.env.PROCOS_ENGINE_PORT = String(await freePort());
  const kernel = new Kernel({ home });
  const rows: Row[] = [];
  let echoCount = 0;
  try {
    await kernel.start();
    await kernel.api.updateSettings({
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'bench@procos.local' },
      slack: { baseUrl: slack.apiUrl, token: slack.token },
    });
    const model = kernel.ollama.model;
    console.log(`copilot: ${CASES.length} descriptions, model ${model} at ${kernel.ollama.url}`);
    console.log('\n|  # | steps | decisions | name | valid | deployable | ran | first diagram s | draft s | explain names | explain s | note');
    console.log('|---:|------:|----------:|-----:|:-----:|:----------:|:---:|----------------:|--------:|--------------:|----------:|-----');
    const benchStart = performance.now();
    for (const c of CASES) {
      if (MINUTES && performance.now() - benchStart > MINUTES * 60_000) {
        console.log(`\nstopped after ${MINUTES} min (BENCH_COPILOT_MINUTES): ${rows.length} of ${CASES.length} descriptions done`);
        break;
      }
      const i = ALL.indexOf(c);
      const t = performance.now();
      const row: Row = { valid: false, deployable: false, ran: false, first: 0, seconds: 0, explained: [0, 0], explainSeconds: 0, note: '' };
      let draft: DraftResult | undefined;
      try {
        draft = await kernel.api.draft({ description: c.description, repairs: 1 });
        row.seconds = (performance.now() - t) / 1000;
        row.first = draft.firstDiagramMs / 1000;
        row.valid = draft.valid;
        const echoes = exampleEchoes(c.description, draft.xml);
        if (echoes.length) { row.note = `example echoed: ${echoes.join(', ')}`; echoCount += echoes.length; }
        const { processName, items } = await draftItems(draft.xml);
        row.fidelity = score(c.expect, processName, items);
        const deployed = await kernel.api.deploy({ files: [{ name: draft.fileName, xml: draft.xml }] });
        row.deployable = deployed.ok;
        if (deployed.ok) {
          const state = await driveToEnd(kernel, draft, { httpUrl });
          row.ran = state === 'COMPLETED';
          if (!row.ran) row.note = `ended ${state}`;
        } else row.note = deployed.errors.map((e) => e.message).join('; ').slice(0, 120);
        const e = performance.now();
        const explained = await kernel.api.explain({ xml: draft.xml });
        row.explainSeconds = (performance.now() - e) / 1000;
        const names = namedElements(draft.xml);
        row.explained = [names.filter((n) => explained.answer.includes(n)).length, names.length];
      } catch (err) {
        row.seconds ||= (performance.now() - t) / 1000;
        row.note = (err as Error).message.slice(0, 120);
      }
      if (row.fidelity?.misses.length) row.note = [row.note, row.fidelity.misses.join('; ')].filter(Boolean).join(' — ');
      rows.push(row);
      const yes = (b: boolean) => (b ? 'yes' : 'no');
      const f = row.fidelity;
      console.log(`| ${String(i + 1).padStart(2)} | ${f ? pair(f.steps) : '-'} | ${f ? pair(f.decisions) : '-'} | ${f ? pair(f.names) : '-'} | ${yes(row.valid)} | ${yes(row.deployable)} | ${yes(row.ran)} | ${row.first.toFixed(2)} | ${row.seconds.toFixed(1)} | ${pair(row.explained)} | ${row.explainSeconds.toFixed(1)} | ${row.note}`);
    }
    const count = (k: 'valid' | 'deployable' | 'ran') => rows.filter((r) => r[k]).length;
    const scored = rows.filter((r) => r.fidelity).map((r) => r.fidelity!);
    const sum = (k: 'steps' | 'decisions' | 'names', at: 0 | 1) => scored.reduce((a, f) => a + f[k][at], 0);
    const later = rows.filter((_, k) => CASES[k].written);
    if (rows.length < CASES.length) console.log(`(the figures below are over the ${rows.length} descriptions done)`);
    if (later.length) {
      console.log(`\nthe ${later.length} descriptions written after the reading was built: fidelity ${fidelityPercent(later.filter((r) => r.fidelity).map((r) => r.fidelity!)).toFixed(1)}%`);
    }
    const explainedNames = rows.reduce((a, r) => [a[0] + r.explained[0], a[1] + r.explained[1]], [0, 0]);
    console.log(`no echo: ${echoCount} name(s) of an example in the drafts`);
    console.log(`explain: names ${explainedNames[0]}/${explainedNames[1]} steps and decisions in the answers, median ${median(rows.map((r) => r.explainSeconds)).toFixed(1)} s (model ${model})`);
    console.log(`copilot: fidelity ${fidelityPercent(scored).toFixed(0)}% (steps ${sum('steps', 0)}/${sum('steps', 1)}, decisions ${sum('decisions', 0)}/${sum('decisions', 1)}, names ${sum('names', 0)}/${sum('names', 1)}), `
      + `valid ${count('valid')}/${rows.length}, deployable ${count('deployable')}/${rows.length}, ran ${count('ran')}/${rows.length}, `
      + `first diagram ${Math.max(...rows.map((r) => r.first)).toFixed(1)} s, median ${median(rows.map((r) => r.seconds)).toFixed(1)} s (model ${model})`);
  } finally {
    await kernel.stop();
    http.close();
    smtp.close();
    await slack.close();
    rmSync(home, { recursive: true, force: true });
  }
}
