/** What the benches share: percentiles, a bounded pool of parallel jobs, and a timed call printed as a table row. */

/** The p-th percentile (nearest rank) of samples. */
export const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

/** Runs `count` jobs, `parallel` at a time. */
export async function inParallel(count: number, job: (i: number) => Promise<unknown>, parallel = 4) {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => { while (next < count) await job(next++); }));
}

/** Times `samples` calls after 3 warm-ups (the call gets its sample index; warm-ups get -1, -2, -3) and prints
 * `| name | p50 | p99 |`; returns the samples in ms. */
export async function timed(name: string, call: (i: number) => Promise<unknown>, samples: number): Promise<number[]> {
  for (let i = 1; i <= 3; i++) await call(-i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  }
  console.log(`| ${name.padEnd(44)} | ${pct(times, 50).toFixed(0).padStart(6)} ms | ${pct(times, 99).toFixed(0).padStart(6)} ms |`);
  return times;
}
