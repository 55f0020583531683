/**
 * `.bpmn` files arriving from the OS: on the command line (Linux/Windows file association, a
 * shortcut, `procos start file.bpmn`), from a second launch (single-instance hand-over) and from
 * macOS `open-file`. They wait in a queue until the renderer says it listens; only files the user
 * opened or saved through a dialog may later be written without asking again.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenedFile } from './bridge';

export const MAX_BPMN_BYTES = 20 * 1024 * 1024;

export const isBpmnPath = (p: string) => /\.bpmn$/i.test(p);

/**
 * The .bpmn paths in an Electron argv, absolute. `skip` is how many leading entries are not user
 * arguments: 1 packaged (the executable), 2 in development (`electron <app dir>`).
 * Chromium switches (`--foo`, `--foo=bar`) are ignored; `file://` URLs are accepted.
 */
export function bpmnPathsFromArgv(argv: readonly string[], cwd: string, skip: number): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(skip)) {
    if (!arg || arg.startsWith('-')) continue;
    let path = arg;
    if (/^file:\/\//i.test(arg)) {
      try { path = fileURLToPath(arg); } catch { continue; }
    }
    if (!isBpmnPath(path)) continue;
    const abs = isAbsolute(path) ? path : resolve(cwd, path);
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}

/** What a second instance hands to the first through `requestSingleInstanceLock(data)`. */
export interface Handover { files: string[] }

export function handoverData(argv: readonly string[], cwd: string, skip: number): Handover {
  return { files: bpmnPathsFromArgv(argv, cwd, skip) };
}

/**
 * The files a second launch asked for. The hand-over data is preferred (Chromium may rewrite argv);
 * argv is the fallback. Anything but absolute .bpmn paths is dropped.
 */
export function filesFromSecondInstance(
  argv: readonly string[], workingDirectory: string, additionalData: unknown, skip: number,
): string[] {
  const given = (additionalData as Partial<Handover> | null | undefined)?.files;
  if (Array.isArray(given)) {
    return [...new Set(given.filter((f): f is string => typeof f === 'string' && isAbsolute(f) && isBpmnPath(f)))];
  }
  return bpmnPathsFromArgv(argv, workingDirectory, skip);
}

/** Files that arrived before the renderer listens; drained once it calls ready(). */
export class PendingFiles {
  private queue: string[] = [];
  private listening = false;

  constructor(private deliver: (path: string) => void) {}

  add(paths: readonly string[]): void {
    for (const p of paths) {
      if (this.listening) this.deliver(p);
      else if (!this.queue.includes(p)) this.queue.push(p);
    }
  }

  /** the renderer listens (again, e.g. after a reload): deliver what waited */
  ready(): void {
    this.listening = true;
    const waiting = this.queue;
    this.queue = [];
    waiting.forEach((p) => this.deliver(p));
  }

  /** the window went away: queue again until the next ready() */
  pause(): void { this.listening = false; }

  get size(): number { return this.queue.length; }
}

/** Paths the user chose through a dialog or opened from the OS: the only ones saved to silently. */
export class PathGrants {
  private granted = new Set<string>();
  grant(path: string): void { this.granted.add(resolve(path)); }
  allows(path: string | undefined): path is string { return !!path && this.granted.has(resolve(path)); }
}

/** Reads a .bpmn file for the renderer, refusing what is not one or is too large. */
export async function readBpmnFile(path: string): Promise<OpenedFile> {
  if (!isBpmnPath(path) && !/\.(xml|form)$/i.test(path)) throw new Error(`${basename(path)} is not a .bpmn or .form file`);
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  if (info.size > MAX_BPMN_BYTES) throw new Error(`${basename(path)} is too large (${Math.round(info.size / 1048576)} MB; the limit is 20 MB)`);
  return { name: basename(path), path, xml: await readFile(path, 'utf8') };
}

/** A save dialog's default file name: the suggestion made safe, with a .bpmn extension. */
export function defaultSaveName(suggested: string | undefined): string {
  const last = (suggested ?? '').split(/[\\/]/).pop() ?? '';
  const base = last.replace(/[:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '').trim() || 'diagram';
  return isBpmnPath(base) || /\.form$/i.test(base) ? base : `${base.replace(/\.xml$/i, '')}.bpmn`;
}
