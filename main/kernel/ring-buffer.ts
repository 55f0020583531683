/** The last N lines of a log, each with the time it arrived. */
export class RingBuffer {
  private lines: string[] = [];
  private times: number[] = [];
  constructor(private size: number) {}
  push(line: string) {
    this.lines.push(line); this.times.push(Date.now());
    if (this.lines.length > this.size) { this.lines.shift(); this.times.shift(); }
  }
  tail(n = this.size) { return this.lines.slice(-n); }
  /** the tail with the time each line arrived, as an ISO prefix (what the health panel's log shows) */
  stampedTail(n = this.size) { return this.lines.slice(-n).map((l, i, all) => `${new Date(this.times[this.times.length - all.length + i]).toISOString()} ${l}`); }
}
