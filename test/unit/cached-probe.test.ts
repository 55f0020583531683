/** A probe whose answer is reused (common/ai-providers.ts): a yes for its TTL, a no only briefly. The
 * clock is vitest's: time passes by setting it, not by waiting. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedProbe } from '../../common/ai-providers';

beforeEach(() => { vi.useFakeTimers({ toFake: ['Date'] }); });
afterEach(() => { vi.useRealTimers(); });
const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('cachedProbe', () => {
  it('probes once per TTL and shares the answer', async () => {
    let calls = 0;
    const probe = cachedProbe(async () => { calls++; return true; }, 300);
    expect(await Promise.all([probe(), probe(), probe()])).toEqual([true, true, true]);
    expect(calls).toBe(1);
    later(299);
    await probe();
    expect(calls).toBe(1);
    later(2);
    expect(await probe()).toBe(true);
    expect(calls).toBe(2);
  });

  it('keeps a "no" only for the negative TTL', async () => {
    let calls = 0;
    const probe = cachedProbe(async () => { calls++; return false; }, 10_000, 100);
    expect(await probe()).toBe(false);
    expect(await probe()).toBe(false);
    expect(calls).toBe(1);
    later(101);
    await probe();
    expect(calls).toBe(2);
  });

  it('counts a probe that throws as a no', async () => {
    let calls = 0;
    const probe = cachedProbe(async () => { calls++; throw new Error('refused'); }, 10_000, 100);
    await expect(probe()).rejects.toThrow('refused');
    later(101);
    await probe().catch(() => undefined);
    expect(calls).toBe(2);
  });
});
