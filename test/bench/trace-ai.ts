// TEMPORARY trace (not committed): where ai_query_process's time goes
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kernel } from '../../main/kernel';
import { freePort } from '../../main/kernel/ports';
import { engineRest, engineTime } from '../helpers/workers-engine';
import type { KernelEvent } from '../../common/contract';

const N = Number(process.env.N ?? 12);
async function main() {
  const home = mkdtempSync(join(tmpdir(), 'trace-ai-'));
  process.env.PROCOS_OLLAMA_URL = `http://127.0.0.1:${await freePort()}`;
  process.env.PROCOS_ENGINE_PORT = String(await freePort());
  const events: KernelEvent[] = [];
  const kernel = new Kernel({ home, onEvent: (e) => { if (e.type === 'task') events.push(e); } });
  await kernel.start();
  const engine = kernel.engine.connection();
  const rows: Record<string, number[]> = {};
  const add = (k: string, v: number) => (rows[k] ??= []).push(v);
  for (let i = 0; i < N + 2; i++) {
    events.length = 0;
    const t0 = Date.now();
    const r = await kernel.api.run({ key: 'ai_query_process', variables: { user_query: 'In one sentence: what is a business process?', temperature: 0, max_tokens: 8 }, wait: true, timeoutSeconds: 60 });
    const t1 = Date.now();
    if (i < 2) continue;
    const acts: any[] = await engineRest(engine, 'GET', `/history/activity-instance?processInstanceId=${r.id}&sortBy=occurrence&sortOrder=asc`);
    const logs: any[] = await engineRest(engine, 'GET', `/history/external-task-log?processInstanceId=${r.id}&sortBy=timestamp&sortOrder=asc`);
    const h: any = await engineRest(engine, 'GET', `/history/process-instance/${r.id}`);
    const st = engineTime(h.startTime), en = engineTime(h.endTime);
    add('call→start', st - t0);
    const byAct = (id: string) => acts.find((a) => a.activityId === id);
    let prev = st;
    for (const id of ['Task_validate_input', 'Task_select_provider', 'Task_ai_query']) {
      const a = byAct(id);
      const s = engineTime(a.startTime), e = engineTime(a.endTime);
      const created = logs.find((l) => l.activityId === id && l.creationLog);
      const ok = logs.find((l) => l.activityId === id && l.successLog);
      add(`${id} start-prev`, s - prev);
      add(`${id} dur`, e - s);
      const ev = events.find((x: any) => x.topic === ({ Task_validate_input: 'input_validation', Task_select_provider: 'provider_selection', Task_ai_query: 'ai_query' } as any)[id]) as any;
      if (ev) add(`${id} end→report`, ev.at - e);
      prev = e;
    }
    add('model ms', Number(r.variables.response_time_ms));
    add('ai_query dur - model', engineTime(byAct('Task_ai_query').endTime) - engineTime(byAct('Task_ai_query').startTime) - Number(r.variables.response_time_ms));
    add('last task end→instance end', en - prev);
    add('instance end→answer', t1 - en);
    add('total', t1 - t0);
    add('total - model', t1 - t0 - Number(r.variables.response_time_ms));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [k, xs] of Object.entries(rows)) console.log(`${k.padEnd(40)} p50 ${String(med(xs)).padStart(5)}  min ${Math.min(...xs)} max ${Math.max(...xs)}`);
  await kernel.stop();
  rmSync(home, { recursive: true, force: true });
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
