/**
 * The engine out of memory, in words. Two ways it shows: the JVM gives up (-XX:+ExitOnOutOfMemoryError:
 * "Terminating due to java.lang.OutOfMemoryError: Java heap space"), or — before it gets there — it
 * spends all its time collecting a heap that stays full and answers nothing, so the liveness probe
 * ends it first. For the second, the JVM logs its collections to <engine dir>/gc.log (two files of at
 * most 1 MB): full collections back to back that leave the heap nearly full mean the same thing.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

const GC_LOG = 'gc.log';

/** The JVM flag that logs every collection to the engine's dir, one short line each. */
export function gcLogFlag(engineDir: string): string {
  return `-Xlog:gc:file="${join(engineDir, GC_LOG)}":uptime:filecount=2,filesize=1m`;
}

/** The JVM said it ran out of memory: which space ("Java heap space", "Metaspace"), else undefined. */
export function outOfMemoryIn(output: string[]): string | undefined {
  const line = output.findLast((l) => /OutOfMemoryError/.test(l));
  if (!line) return undefined;
  return /OutOfMemoryError:\s*(.+)$/.exec(line)?.[1]?.trim() ?? 'Java heap space';
}

function tail(file: string, bytes = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const buf = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString('utf8');
  } finally { closeSync(fd); }
}

/**
 * Whether the last collections in gc.log say the heap stayed full: three or more of the last five
 * were full collections, and the last left at least 90 % of the heap in use. Returns "126 of 128 MB
 * in use after 4 full collections in a row", or undefined.
 */
export function heapStayedFull(engineDir: string, heapMb: number): string | undefined {
  let text: string;
  try { text = tail(join(engineDir, GC_LOG)); } catch { return undefined; }
  // "[12.345s] GC(42) Pause Full (Allocation Failure) 126M->125M(128M) 812.345ms"
  const pauses = text.split('\n').filter((l) => /\bPause (Young|Full)\b/.test(l)).slice(-5);
  const full = pauses.filter((l) => /\bPause Full\b/.test(l));
  const after = Number(/->(\d+)M\(/.exec(full.at(-1) ?? '')?.[1]);
  if (full.length < 3 || !(after >= 0.9 * heapMb)) return undefined;
  let inARow = 0;
  for (let i = pauses.length - 1; i >= 0 && /\bPause Full\b/.test(pauses[i]); i--) inARow++;
  return `${after} of ${heapMb} MB in use after ${inARow > 1 ? `${inARow} full collections in a row` : 'a full collection'}`;
}
