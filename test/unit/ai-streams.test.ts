import { describe, expect, it } from 'vitest';
import { addToken, type AiStream } from '../../renderer/monitor/aiStreams';

const token = (requestId: string, text: string, done = false) =>
  ({ type: 'ai-token' as const, requestId, taskId: 'task-1', instanceId: 'i-1', token: text, done, at: 0 });

describe('AI token streams in the instance view', () => {
  it('a retried AI task shows only its latest attempt, not the aborted answer glued to the new one', () => {
    const byTask = new Map<string, AiStream>();
    addToken(byTask, token('task-1:a', 'Half an ans'));
    addToken(byTask, token('task-1:b', 'A whole '));
    addToken(byTask, token('task-1:b', 'answer.', true));
    expect([...byTask.values()]).toEqual([{ requestId: 'task-1:b', text: 'A whole answer.', done: true }]);
  });
});
