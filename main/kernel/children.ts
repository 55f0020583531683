/**
 * The record of every child the kernel runs, in <data dir>/children.json (0600): pid, start time,
 * what it is and its command line, plus the kernel's own pid and start time. A kernel that starts
 * first stops the live children an earlier kernel left behind (matched by pid and start time, or by
 * command line where no start time can be read — never by name), and a watchdog ends its own
 * children should it die. One kernel per process: the open record is `activeChildRecords()`.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, processCommandLine, processStartTime } from './processes/identity';
import { endTrees, startWatchdog, type Watchdog } from './processes/watchdog';

export interface ChildRecord { pid: number; startTime?: string; what: string; command?: string; startedAt: string }
interface ChildrenFile { kernel: { pid: number; startTime?: string }; children: ChildRecord[] }

const current: { records?: ChildRecords } = {};
/** The records of the kernel running in this process, if it keeps any (tests of single parts do not). */
export const activeChildRecords = () => current.records;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ChildRecords {
  readonly file: string;
  private records = new Map<number, ChildRecord>();
  private watchdog?: Watchdog;
  private kernelStartTime?: string;
  /** the file lags behind the records (a write failed): written again at the next change or flush() */
  private stale = false;

  /** onWriteError: a write of the record failed (e.g. a full disk); the kernel runs on without it */
  constructor(readonly home: string, private onWriteError: (err: unknown) => void = () => undefined) {
    this.file = join(home, 'children.json');
  }

  private read(): ChildrenFile | undefined {
    if (!existsSync(this.file)) return undefined;
    try { return JSON.parse(readFileSync(this.file, 'utf8')) as ChildrenFile; } catch { return undefined; }
  }

  /** Never throws: it runs in exit handlers, where a throw would end the kernel. The watchdog (in
   * memory) still ends the children if the kernel dies; only a later start would miss them. */
  private write() {
    const data: ChildrenFile = { kernel: { pid: process.pid, startTime: this.kernelStartTime }, children: [...this.records.values()] };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
      this.stale = false;
    } catch (err) {
      this.stale = true;
      try { rmSync(tmp, { force: true }); } catch { /* not there */ }
      this.onWriteError(err);
    }
  }

  /** Writes the record again if a write failed (e.g. once the disk has space again). */
  flush() { if (this.stale && this.watchdog) this.write(); }

  /** Whether a recorded process is still the very one that was recorded. */
  static async stillThere(rec: { pid: number; startTime?: string; command?: string }): Promise<boolean> {
    if (!isAlive(rec.pid)) return false;
    const startTime = rec.startTime && (await processStartTime(rec.pid));
    if (rec.startTime && startTime) return startTime === rec.startTime;
    const command = rec.command && (await processCommandLine(rec.pid));
    return !!command && command === rec.command;
  }

  /**
   * Before anything starts: stops the live children of an earlier kernel on this data dir and waits
   * until they are gone; then starts this kernel's record and watchdog. Refuses while the earlier
   * kernel itself still runs (its children are not ours to stop). Returns what it stopped.
   */
  async open(): Promise<ChildRecord[]> {
    const earlier = this.read();
    if (earlier && earlier.kernel.pid !== process.pid && await ChildRecords.stillThere(earlier.kernel)) {
      throw new Error(`another ProcOS (pid ${earlier.kernel.pid}) is running on ${this.home}: stop it first (or open that one)`);
    }
    const leftOver: ChildRecord[] = [];
    for (const rec of earlier?.children ?? []) if (await ChildRecords.stillThere(rec)) leftOver.push(rec);
    if (leftOver.length) {
      await endTrees(leftOver);
      for (let i = 0; i < 100 && leftOver.some((r) => isAlive(r.pid)); i++) await sleep(100);
      const stuck = leftOver.filter((r) => isAlive(r.pid));
      if (stuck.length) throw new Error(`could not stop what an earlier ProcOS left running: ${stuck.map((r) => `${r.what} (pid ${r.pid})`).join(', ')}`);
    }
    this.kernelStartTime = await processStartTime(process.pid);
    this.records.clear();
    this.write();
    this.watchdog = startWatchdog();
    current.records = this;
    return leftOver;
  }

  /** Records a child that was just started and puts it under the watchdog. */
  async add(what: string, pid: number): Promise<void> {
    const rec: ChildRecord = { pid, what, startedAt: new Date().toISOString() };
    this.records.set(pid, rec);
    [rec.startTime, rec.command] = await Promise.all([processStartTime(pid), processCommandLine(pid)]);
    if (this.records.get(pid) !== rec) return; // already exited
    this.write();
    this.watchdog?.watch(pid, rec.startTime);
  }

  /** A child exited (or was stopped): off the record and the watchdog. */
  remove(pid: number) {
    if (!this.records.delete(pid)) return;
    this.write();
    this.watchdog?.forget(pid);
  }

  list(): ChildRecord[] { return [...this.records.values()]; }

  /** The kernel stopped cleanly: nothing left to record; the watchdog exits. */
  close() {
    if (!this.watchdog) return; // never opened: the file (if any) belongs to someone else
    this.watchdog.close(); // ends whatever is still recorded
    this.watchdog = undefined;
    if (this.records.size === 0) rmSync(this.file, { force: true });
    if (current.records === this) current.records = undefined;
  }
}
