/**
 * Help > Open Logs: each component's recent log lines (the kernel keeps a ring buffer per
 * component) written to <data dir>/logs/<component>.log, plus the desktop shell's own log of
 * component state changes, so a user can attach them to a bug report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelEvent } from '../../common/contract';
import { appendRotatedLog, LOG_FILE_MAX_BYTES } from '../kernel/log-files';

export const logsDir = (home: string) => join(home, 'logs');

/** A component name as a file name (`worker:generic` → `worker-generic.log`). */
export function logFileName(component: string): string {
  return `${component.replace(/[^A-Za-z0-9._-]+/g, '-')}.log`;
}

/** Writes one file per component; returns the folder. */
export async function writeLogSnapshot(
  home: string, components: string[], tail: (name: string) => Promise<string[]>,
): Promise<string> {
  const dir = logsDir(home);
  mkdirSync(dir, { recursive: true });
  for (const name of components) {
    const lines = await tail(name).catch((err: Error) => [`(no log: ${err.message})`]);
    writeFileSync(join(dir, logFileName(name)), `${lines.join('\n')}\n`);
  }
  return dir;
}

/** One line of the desktop log for an event worth keeping, or null. */
export function desktopLogLine(e: KernelEvent): string | null {
  const at = new Date(e.at).toISOString();
  switch (e.type) {
    case 'component': return `${at} ${e.name} ${e.state}: ${e.detail}`;
    case 'deployment': return `${at} deployed ${e.processes.map((p) => `${p.key} v${p.version}`).join(', ')}`;
    default: return null;
  }
}

/** Appends to <data dir>/logs/desktop.log, rotating to desktop.old.log past maxBytes. */
export function appendDesktopLog(home: string, line: string, maxBytes = LOG_FILE_MAX_BYTES): void {
  try {
    appendRotatedLog(join(logsDir(home), 'desktop.log'), line, maxBytes);
  } catch { /* logging must never take the app down */ }
}
