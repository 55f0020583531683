/**
 * The desktop bundles as scripts/build-desktop.mjs builds them: the sandboxed preload stays small and
 * carries no zod (it gets the method names from main), and the Electron main bundle carries no
 * worker-only code such as nodemailer (the kernel learns adapter health from the workers). The CLI
 * bundle (what bin/procos.js runs while it is current) loads and answers `help`.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
// @ts-expect-error plain ES module script without types
import { buildDesktop } from '../../scripts/build-desktop.mjs';

describe('desktop bundles', () => {
  let out: { app: string; preload: string; workers: string; cli: string };
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'procos-bundles-'));
    out = await buildDesktop(dir);
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the preload at most 150 KB and free of zod', () => {
    const preload = readFileSync(out.preload, 'utf8');
    expect(statSync(out.preload).size).toBeLessThanOrEqual(150 * 1024);
    expect(preload).not.toMatch(/node_modules[\\/]zod/);
    expect(preload).not.toContain('ZodError');
  });

  it('keeps nodemailer out of the Electron main bundle (workers carry it)', () => {
    expect(readFileSync(out.app, 'utf8')).not.toMatch(/node_modules[\\/]nodemailer/);
    expect(readFileSync(out.workers, 'utf8')).toMatch(/node_modules[\\/]nodemailer/);
  });

  it('builds the CLI and kernel into one file that runs (native better-sqlite3 left outside)', async () => {
    expect(readFileSync(out.cli, 'utf8')).toMatch(/require\("better-sqlite3"\)/);
    const { main } = createRequire(import.meta.url)(out.cli) as { main: (argv: string[]) => Promise<number> };
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['help'])).toBe(0);
      expect(log.mock.calls.join('\n')).toContain('procos start');
    } finally { log.mockRestore(); }
  });
});
