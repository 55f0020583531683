/**
 * Dropped or picked files (diagrams and the Camunda Forms they use) → one deploy call. Files that are plainly not BPMN are refused here with a
 * reason; if any file is refused nothing is deployed (a drop is all or nothing, like the kernel's deploy).
 */
import type { DeployResult } from '../../common/contract';
import { api, errorText } from '../api';

export interface Refusal { file: string; reason: string }
export interface DropOutcome { refused: Refusal[]; result?: DeployResult; files: { name: string; xml: string }[] }

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export function refusalFor(name: string, text: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.bpmn') || lower.endsWith('.form')) return undefined; // the kernel validates content, naming file, line and element
  if (lower.endsWith('.xml')) {
    return text.includes(BPMN_NS) ? undefined : 'is XML but not BPMN 2.0 (no BPMN definitions namespace)';
  }
  const ext = lower.includes('.') ? lower.slice(lower.lastIndexOf('.')) : 'no extension';
  return `is not a BPMN file or a Camunda Form (${ext}); drop .bpmn files (and the .form files they use) to deploy them`;
}

/** The files' text, and those refused (plainly not BPMN) with the reason. */
export async function readDiagrams(files: File[]): Promise<{ files: { name: string; xml: string }[]; refused: Refusal[] }> {
  const read = await Promise.all(files.map(async (f) => ({ name: f.name, xml: await f.text() })));
  const refused = read.flatMap((f) => {
    const reason = refusalFor(f.name, f.xml);
    return reason ? [{ file: f.name, reason }] : [];
  });
  return { files: read, refused };
}

export async function deployFiles(dropped: File[]): Promise<DropOutcome> {
  const { files, refused } = await readDiagrams(dropped);
  if (refused.length || !files.length) return { refused, files };
  try {
    return { refused, files, result: await api().deploy({ files }) };
  } catch (err) {
    return { refused, files, result: { ok: false, processes: [], errors: [{ message: errorText(err) }], warnings: [] } };
  }
}
