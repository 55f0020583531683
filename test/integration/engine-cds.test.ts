/** The engine's class-data archive as a resource: a training run that failed is remembered (with its
 * reason) so that a start does not spend an engine start on it again, for a week. An integration test:
 * the archive's name comes from the Java runtime (`java -version`). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cdsFiles, engineLaunch } from '../../main/kernel/engine-launch';
import { findJava } from '../../main/kernel/engine';
import { resourcePaths } from '../../main/kernel/paths';
import { RESOURCE_STEPS } from '../../main/resources';

describe('a failed training run of the engine', () => {
  let dir: string;
  const saved = { cache: process.env.PROCOS_CACHE, resources: process.env.PROCOS_RESOURCES };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'procos-cds-'));
    process.env.PROCOS_CACHE = join(dir, 'cache');
    process.env.PROCOS_RESOURCES = join(dir, 'resources');
    mkdirSync(join(dir, 'resources', 'camunda-run'), { recursive: true });
    writeFileSync(resourcePaths().camundaJar, 'a jar');
  });
  afterEach(() => {
    for (const [key, value] of [['PROCOS_CACHE', saved.cache], ['PROCOS_RESOURCES', saved.resources]] as const) {
      if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const archiveStep = RESOURCE_STEPS.find((s) => s.name.startsWith('engine class-data archive'))!;
  const recordFailure = (reason: string) => {
    const java = findJava();
    const cds = cdsFiles(resourcePaths().camundaJar, java.path, java.version);
    mkdirSync(cds.dir, { recursive: true });
    writeFileSync(cds.failure, `${reason}\n`);
    return cds;
  };

  it('is missing until made or tried; once it failed, a start does not try again and the launch says why', () => {
    expect(archiveStep.present()).toBe(false);
    recordFailure('the training run did not get ready in 10 minutes');
    expect(archiveStep.present()).toBe(true);
    const launch = engineLaunch(resourcePaths().camundaJar, findJava());
    expect(launch.cds).toBe('no class-data archive: the training run did not get ready in 10 minutes');
    expect(launch.jvmArgs.slice(-2)).toEqual(['-jar', resourcePaths().camundaJar]);
  });

  it('is tried again a week later', () => {
    const cds = recordFailure('the training run exited with 1');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    utimesSync(cds.failure, eightDaysAgo, eightDaysAgo);
    expect(archiveStep.present()).toBe(false);
    expect(engineLaunch(resourcePaths().camundaJar, findJava()).cds).toMatch(/no class-data archive yet/);
  });
});
