/** The monitor's pure parts: end events read from BPMN with bpmn-moddle; the AI history grouped into conversations. */
import { describe, expect, it } from 'vitest';
import { endEventNames } from '../../main/kernel/monitor';
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
