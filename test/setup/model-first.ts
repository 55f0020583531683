/**
 * The order of the files in a run: vitest's own (the larger file first, or, with a cache, the slower), except
 * that the files that keep the local model busy go first. `npm test` runs two lanes side by side, each with its
 * own stack and its own Ollama (scripts/test.mjs); two Ollamas answering at once on two cores slow each other
 * down two to three times (their threads wait for each other), far more than they slow anything else. With
 * the model's files first, the first lane's are done while the second lane runs unit and integration files,
 * and the second lane's come after that, when the first lane is at its browser files.
 */
import { relative, resolve } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = resolve(import.meta.dirname, '..', '..');

/** the files that ask the model most, the longest first */
const MODEL_FILES = [
  'test/stack/copilot-no-echo', 'test/stack/copilot.', 'test/stack/workers-stack', 'test/stack/cli-ai', 'test/stack/workers-ai',
  'test/e2e/ai-chat', 'test/e2e/ai-panel', 'test/e2e/copilot-panel', 'test/e2e/template-fix', 'test/stack/template-fix',
  'test/stack/copilot-approval', 'test/e2e/monitor-fix',
];

const rank = (file: TestSpecification) => {
  const path = relative(root, file.moduleId);
  const i = MODEL_FILES.findIndex((prefix) => path.startsWith(prefix));
  return i < 0 ? MODEL_FILES.length : i;
};

export default class ModelFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    return ordered.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map(({ file }) => file);
  }
}
