/**
 * The data dir's disk, as a component ("disk"). A full disk fails writes with a message, never the
 * kernel: whatever the kernel writes (child records, procos.db, the outbox) hands a failed write to
 * `failedWrite`, which says whether it was for want of space; status then says "no space left on
 * <path>", as PostgreSQL and SQLite do (an error, no corruption). While the disk is full or nearly so
 * the free space is looked at every few seconds; once there is room again the component is ready
 * and `onSpace` heals what broke meanwhile (an engine whose H2 closed itself is restarted).
 */
import { statfsSync } from 'node:fs';
import { CheckedComponent } from './components';

/** Below this much free space the disk counts as full; it counts as having room again above ROOM. */
const FULL_BYTES = 8 * 2 ** 20;
const ROOM_BYTES = 32 * 2 ** 20;
const LOOK_EVERY_MS = 3000;

const NO_SPACE_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/** Whether an error is a write that failed for want of space (a file system's or SQLite's). */
export function isNoSpace(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return NO_SPACE_CODES.has(e?.code ?? '') || /no space left|disk is full|quota exceeded/i.test(e?.message ?? '');
}

/** Free space as status shows it: whole GB (so it does not change with every write), MB when little is left. */
const megabytes = (bytes: number) => (bytes >= 2 ** 30 ? `${Math.round(bytes / 2 ** 30)} GB` : `${Math.round(bytes / 2 ** 20)} MB`);

export class DiskSpace extends CheckedComponent {
  private timer?: NodeJS.Timeout;

  constructor(private home: string, private onSpace: () => void) {
    super('disk', async () => this.look(), `the data dir ${home}`);
  }

  get full(): boolean { return this.state === 'failed'; }

  /** Why restarts of what writes to this disk should wait, or undefined. */
  holdReason(): string | undefined {
    return this.full ? `no space left on ${this.home}: it is started again once there is space` : undefined;
  }

  private free(): number | undefined {
    try {
      const s = statfsSync(this.home);
      return s.bavail * s.bsize;
    } catch { return undefined; }
  }

  /** Looks at the free space now; with room again after being full, heals. */
  look() {
    const free = this.free();
    if (free === undefined) return;
    if (this.full && free >= ROOM_BYTES) {
      this.set('ready', `${megabytes(free)} free on ${this.home} (space returned: what failed for want of it is started again)`);
      this.watch();
      this.onSpace();
    } else if (!this.full && free < FULL_BYTES) {
      this.markFull(`${megabytes(free)} free`);
    } else if (!this.full) {
      this.set('ready', `${megabytes(free)} free on ${this.home}`);
    }
  }

  /** A write failed: true (and status says so) when it was for want of space. */
  failedWrite(err: unknown, what: string): boolean {
    if (!isNoSpace(err)) return false;
    this.markFull(`${what} failed: ${(err as Error).message}`);
    return true;
  }

  private markFull(why: string) {
    if (this.full) return; // the first failure says it; later ones would only flicker
    this.set('failed', `no space left on ${this.home} (${why}); writes fail until space is freed, then ProcOS heals by itself`);
    this.watch(LOOK_EVERY_MS);
  }

  /** Looks every `everyMs` (often while full, seldom while there is room). */
  watch(everyMs = 30_000) {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.look(), this.full ? LOOK_EVERY_MS : everyMs);
    this.timer.unref();
  }

  stop() { clearInterval(this.timer); }
}
