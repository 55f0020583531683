/** How a run ended: a finished run names its end event; one that ended in a failure-like end event
 * (Rejected, Failed, an error end event…) is told apart from success. */
import type { InstanceSummary } from '../../common/contract';

const FAILURE_WORDS = /reject|fail|error|invalid|den(y|ied)|abort|cancel|timeout|timed out|expired|refused|declined/i;

export type Outcome = { label: string; kind: 'success' | 'failure' } | undefined;

export function outcome(i: Pick<InstanceSummary, 'state' | 'endEventId' | 'endEventName'>): Outcome {
  if (i.state !== 'COMPLETED' || !i.endEventId) return undefined;
  const label = i.endEventName ?? i.endEventId;
  return { label, kind: FAILURE_WORDS.test(`${label} ${i.endEventId}`) ? 'failure' : 'success' };
}
