/** Log files in the data dir that only ever get lines appended: each is bounded by rotating it to
 * `<name>.old.log` once it passes maxBytes, so at most twice that is kept. */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const LOG_FILE_MAX_BYTES = 2 * 1024 * 1024;

/** Appends a line (creating the folder, 0700 / 0600), rotating first when the file is past maxBytes. */
export function appendRotatedLog(file: string, line: string, maxBytes = LOG_FILE_MAX_BYTES): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    if (statSync(file).size > maxBytes) renameSync(file, join(dirname(file), `${basename(file, '.log')}.old.log`));
  } catch { /* no file yet */ }
  appendFileSync(file, `${line}\n`, { mode: 0o600 });
}
