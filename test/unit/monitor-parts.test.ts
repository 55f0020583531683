/** The monitor's pure parts: end events and what each task's completion does, read from BPMN with bpmn-moddle;
 * the AI history grouped into conversations. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endEventNames } from '../../main/kernel/monitor';
import { taskSuccessors } from '../../main/kernel/monitor/task-successors';
import { processesDir } from '../../main/kernel/paths';
import { conversationsFrom } from '../../renderer/ai/aiStore';

describe('endEventNames', () => {
  it('names every end event, those inside sub-processes too, with entities decoded; one without a name by its id', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:endEvent id="ok" name="Answered &amp; sent" />
    <bpmn:endEvent id="plain" />
    <bpmn:subProcess id="sub"><bpmn:endEvent id="inner" name="&quot;Rejected&quot;" /></bpmn:subProcess>
    <bpmn:task id="t" name="Not an end" />
  </bpmn:process>
</bpmn:definitions>`;
    expect([...await endEventNames(xml)]).toEqual([['ok', 'Answered & sent'], ['plain', 'plain'], ['inner', '"Rejected"']]);
  });
});

describe('taskSuccessors', () => {
  const bpmn = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
  const task = (id: string, topic: string, extra = '') => `<bpmn:serviceTask id="${id}" camunda:type="external" camunda:topic="${topic}"${extra} />`;
  const flow = (from: string, to: string) => `<bpmn:sequenceFlow id="${from}_${to}" sourceRef="${from}" targetRef="${to}" />`;

  it('ai_query_process: validation and selection hand on to a waiting step, the question ends the instance', async () => {
    const xml = readFileSync(join(processesDir(), 'ai_query_process.bpmn'), 'utf8');
    expect(await taskSuccessors(xml)).toEqual({ continuing: new Set(['input_validation', 'provider_selection']), ending: new Set(['ai_query']) });
  });

  it('a task before a gateway, a script step or a sub-process is neither; a topic used twice counts only if every use does', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s" />${task('a', 'first')}${task('b', 'twice')}<bpmn:exclusiveGateway id="g" />
      ${task('c', 'twice')}<bpmn:scriptTask id="script" scriptFormat="javascript" />${task('d', 'before_script')}
      <bpmn:userTask id="u" /><bpmn:endEvent id="e" />
      ${flow('s', 'a')}${flow('a', 'b')}${flow('b', 'g')}${flow('g', 'c')}${flow('g', 'u')}${flow('c', 'd')}${flow('d', 'script')}${flow('script', 'e')}${flow('u', 'e')}`);
    expect(await taskSuccessors(xml)).toEqual({ continuing: new Set(['first']), ending: new Set() });
  });

  it('where tokens can run side by side, no task is taken to end the instance', async () => {
    const forked = bpmn(`<bpmn:startEvent id="s" /><bpmn:parallelGateway id="f" />${task('a', 'left')}${task('b', 'right')}<bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
      ${flow('s', 'f')}${flow('f', 'a')}${flow('f', 'b')}${flow('a', 'e1')}${flow('b', 'e2')}`);
    expect((await taskSuccessors(forked)).ending).toEqual(new Set());
    const nonInterrupting = bpmn(`<bpmn:startEvent id="s" />${task('a', 'only')}<bpmn:endEvent id="e" />
      <bpmn:boundaryEvent id="late" attachedToRef="a" cancelActivity="false"><bpmn:timerEventDefinition id="t"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="e2" />${flow('s', 'a')}${flow('a', 'e')}${flow('late', 'e2')}`);
    expect((await taskSuccessors(nonInterrupting)).ending).toEqual(new Set());
    const single = bpmn(`<bpmn:startEvent id="s" />${task('a', 'only')}<bpmn:endEvent id="e" />${flow('s', 'a')}${flow('a', 'e')}`);
    expect(await taskSuccessors(single)).toEqual({ continuing: new Set(), ending: new Set(['only']) });
  });

  it('an end event that starts asynchronously, or one inside a sub-process, does not end the instance with the task', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s" />${task('a', 'to_async_end')}<bpmn:endEvent id="e" camunda:asyncBefore="true" />
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${task('b', 'inner')}<bpmn:endEvent id="se" />${flow('ss', 'b')}${flow('b', 'se')}</bpmn:subProcess>
      ${flow('s', 'a')}${flow('a', 'e')}`);
    expect(await taskSuccessors(xml)).toEqual({ continuing: new Set(['to_async_end']), ending: new Set() });
  });

  it('only a plain end event completes the instance with the task: not a terminate or an error end event', async () => {
    const ends = (definition: string) => bpmn(`<bpmn:startEvent id="s" />${task('a', 'last')}<bpmn:endEvent id="e">${definition}</bpmn:endEvent>${flow('s', 'a')}${flow('a', 'e')}`);
    expect((await taskSuccessors(ends(''))).ending).toEqual(new Set(['last']));
    expect((await taskSuccessors(ends('<bpmn:terminateEventDefinition id="t" />'))).ending).toEqual(new Set());
    expect((await taskSuccessors(ends('<bpmn:errorEventDefinition id="x" />'))).ending).toEqual(new Set());
  });
});

describe('conversationsFrom', () => {
  it('groups the kernel\'s answers (newest first) by conversation, turns in order; one asked without a conversation stands alone', () => {
    const entry = (id: number, question: string, conversationId?: string) =>
      ({ id, at: new Date(2026, 0, 1, 0, id).toISOString(), question, answer: `a${id}`, model: 'm', durationMs: 1, conversationId });
    const list = conversationsFrom([entry(4, 'cli question'), entry(3, 'follow-up', 'c1'), entry(2, 'other', 'c2'), entry(1, 'first', 'c1')]);
    expect(list.map((c) => c.id)).toEqual(['answer-4', 'c1', 'c2']);
    expect(list[1].title).toBe('first');
    expect(list[1].turns.map((t) => t.content)).toEqual(['first', 'a1', 'follow-up', 'a3']);
  });
});
