/**
 * Nothing of an example reaches a draft: every bench description (test/bench/copilot-descriptions.json)
 * drafted with the real bundled model, and no element of any draft may carry a name from the prompt's
 * example (wording.ts) or from the example plan the copilot's prompt once had, unless the description
 * itself says it. A small model echoes its few-shot example; this is where it would show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchDescription } from '../bench/copilot-fidelity';
import { exampleEchoes } from '../helpers/copilot';
import { testStack } from '../helpers/stack';

const { client } = testStack();
const DESCRIPTIONS: BenchDescription[] = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'bench', 'copilot-descriptions.json'), 'utf8'));

describe('no echo of an example', () => {
  it(`drafts all ${DESCRIPTIONS.length} bench descriptions without an example's step name the description does not say`, async () => {
    const echoes: string[] = [];
    for (const { description } of DESCRIPTIONS) {
      const draft = await client.draft({ description, repairs: 0 });
      expect(draft.valid, `${description}: ${JSON.stringify(draft.findings)}`).toBe(true);
      for (const hit of exampleEchoes(description, draft.xml)) echoes.push(`"${hit}" in the draft of "${description.slice(0, 60)}…"`);
    }
    expect(echoes).toEqual([]);
  }, 3_600_000);
});
