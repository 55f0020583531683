import { mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startPrivateStack } from '../test/helpers/private-stack';
import { engineRest } from '../test/helpers/engine-rest';
const home = mkdtempSync(join(tmpdir(), 'procos-h2watch-'));
const stack = await startPrivateStack(home);
const { call, root } = await engineRest(stack.client, home);
const KEY = 'w';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="https://procos.dev/test">
  <bpmn:process id="${KEY}" isExecutable="true" camunda:historyTimeToLive="P0D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
await stack.client.deploy({ files: [{ name: 'w.bpmn', xml: BPMN }] });
const p = 'x'.repeat(40000);
for (let i = 0; i < 400; i++) await stack.client.startInstance({ key: KEY, variables: { payload: `${i}${p}` } });
for (let t = 0; t < 24; t++) {
  const info = await call(`${root}/procos/h2`);
  const c = await call<{ count: number }>(`/history/process-instance/count?processDefinitionKey=${KEY}`);
  console.log(new Date().toISOString(), statSync(join(home, 'engine', 'h2', 'procos.mv.db')).size, JSON.stringify(info), c.count);
  await new Promise((r) => setTimeout(r, 10000));
}
console.log(await call(`${root}/procos/h2/compact?maxMillis=5000`, { method: 'POST', body: {} }));
stack.child.kill('SIGTERM');
console.log(home);
