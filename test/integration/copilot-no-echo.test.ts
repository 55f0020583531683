/**
 * Nothing of an example reaches a draft: every bench description (test/bench/copilot-descriptions.json)
 * drafted with the real bundled model, and no element of any draft may carry a name from the prompt's
 * example (wording.ts) or from the example plan the copilot's prompt once had, unless the description
 * itself says it. A small model echoes its few-shot example; this is where it would show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMPT_EXAMPLE } from '../../main/kernel/copilot/wording';
import type { BenchDescription } from '../bench/copilot-fidelity';
import { testStack } from '../helpers/stack';

const { client } = testStack();
const DESCRIPTIONS: BenchDescription[] = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'bench', 'copilot-descriptions.json'), 'utf8'));
/** the example plan of the earlier prompt, which the small model used to hand back word for word */
const OLD_EXAMPLE = ['Order approval', 'Fetch customer record', 'Amount above 500?', 'Manager approves', 'Email confirmation', 'Order confirmed'];
const EXAMPLE_NAMES = [PROMPT_EXAMPLE.answer.name, ...PROMPT_EXAMPLE.answer.texts, ...OLD_EXAMPLE];

const names = (xml: string) => [...xml.matchAll(/\sname="([^"]*)"|<camunda:inputParameter name="\w+">([^<]*)</g)].map((m) => (m[1] ?? m[2]).replace(/&apos;/g, "'").replace(/&gt;/g, '>'));

describe('no echo of an example', () => {
  it(`drafts all ${DESCRIPTIONS.length} bench descriptions without an example's step name the description does not say`, async () => {
    const echoes: string[] = [];
    for (const { description } of DESCRIPTIONS) {
      const draft = await client.draft({ description, repairs: 0 });
      expect(draft.valid, `${description}: ${JSON.stringify(draft.findings)}`).toBe(true);
      for (const example of EXAMPLE_NAMES) {
        if (description.toLowerCase().includes(example.toLowerCase())) continue;
        const hit = names(draft.xml).find((n) => n.toLowerCase().includes(example.toLowerCase()));
        if (hit) echoes.push(`"${hit}" in the draft of "${description.slice(0, 60)}…"`);
      }
    }
    expect(echoes).toEqual([]);
  }, 3_600_000);
});
