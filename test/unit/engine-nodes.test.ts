/** The nodes of a remote engine cluster: the settings that name them, and which node the kernel's calls go to. */
import { describe, expect, it } from 'vitest';
import { resolveConfig, settingProblems } from '../../common/settings';
import { standaloneConfig } from '../../workers/standalone';
import { EngineNodes, type NodeCheck } from '../../main/kernel/engine-nodes';
import { remoteEngineFrom } from '../../main/kernel/remote-engine';
import { engineNodeUrls } from '../../common/worker-protocol';

const A = 'http://10.0.0.1:8080/engine-rest';
const B = 'http://10.0.0.2:8080/engine-rest';

describe('engine.urls / PROCOS_ENGINE_URLS', () => {
  it('is a list of http(s) URLs, at least one', () => {
    expect(settingProblems('engine.urls', [A, B])).toEqual([]);
    expect(settingProblems('engine.urls', [])).toEqual(['engine.urls: must name at least one node']);
    expect(settingProblems('engine.urls', [A, 'ftp://x'])[0]).toMatch(/^engine.urls.1: must be a URL \(http or https\)/);
    expect(settingProblems('engine.urls', A)[0]).toMatch(/^engine.urls: must be a list of URLs/);
  });

  it('comes from the environment as a list separated by commas or spaces, and means remote mode', () => {
    const c = resolveConfig({}, { PROCOS_ENGINE_URLS: `${A}, ${B}` });
    expect(c.engine).toMatchObject({ mode: 'remote', urls: [A, B] });
    expect(() => resolveConfig({}, { PROCOS_ENGINE_URLS: `${A} nonsense` }))
      .toThrow(/^environment variable PROCOS_ENGINE_URLS=.*: engine.urls.1: must be a URL/);
  });

  it('`procos worker`: --engine once per node, else PROCOS_ENGINE_URL and _URLS', () => {
    expect(standaloneConfig({ engineUrls: [`${A}/`, B] }, {}).engine).toEqual({ url: A, urls: [A, B] });
    expect(standaloneConfig({}, { PROCOS_ENGINE_URLS: `${A} ${B}`, PROCOS_ENGINE_USER: 'u' }).engine).toEqual({ url: A, urls: [A, B], user: 'u' });
    expect(() => standaloneConfig({ engineUrls: [A, 'camunda-b:8080'] }, {})).toThrow(/^--engine camunda-b:8080: must be a URL/);
  });

  it('with engine.url, names every node once, engine.url first', () => {
    const remote = remoteEngineFrom({ url: `${A}/`, urls: [B, A], user: 'admin', password: 'pw' });
    expect(remote.nodes.urls).toEqual([A, B]);
    expect(remote.connection()).toEqual({ url: A, urls: [A, B], user: 'admin', password: 'pw' });
    expect(engineNodeUrls(remote.connection())).toEqual([A, B]);
    expect(() => remoteEngineFrom({})).toThrow(/engine\.urls \(PROCOS_ENGINE_URLS\)/);
  });
});

describe('EngineNodes', () => {
  const answers = (up: Record<string, boolean>) => async (url: string): Promise<NodeCheck> =>
    (up[url] ? { ok: true, version: '7.24.0' } : { ok: false, reason: `${url} is unreachable (ECONNREFUSED)` });

  it('sends the kernel\'s calls to a node that answers, moves when it dies, stays when the first comes back', async () => {
    const up = { [A]: true, [B]: true };
    const nodes = new EngineNodes([A, B], (url) => answers(up)(url));
    const changes: string[] = [];
    nodes.on('change', () => changes.push(nodes.active));
    expect(await nodes.probe()).toBe(true);
    expect(nodes.active).toBe(A);
    expect(nodes.detail()).toBe(`remote engine cluster of 2 nodes, calls go to ${A} (Camunda 7.24.0); every node answers`);

    up[A] = false;
    expect(await nodes.probe()).toBe(true);
    expect(nodes.active).toBe(B);
    expect(nodes.detail()).toBe(`remote engine cluster of 2 nodes, calls go to ${B} (Camunda 7.24.0); node down: ${A} (${A} is unreachable (ECONNREFUSED))`);

    up[A] = true;
    await nodes.probe();
    expect(nodes.active).toBe(B);
    expect(changes).toEqual([A, B, B]);
  });

  it('says why when no node answers; a single node says only its own reason', async () => {
    const nodes = new EngineNodes([A, B], answers({}));
    expect(await nodes.probe()).toBe(false);
    expect(nodes.failure()).toBe(`no node of the engine cluster answers: ${A} is unreachable (ECONNREFUSED); ${B} is unreachable (ECONNREFUSED)`);
    const single = new EngineNodes([A], answers({}));
    await single.probe();
    expect(single.failure()).toBe(`${A} is unreachable (ECONNREFUSED)`);
    expect(single.clustered).toBe(false);
  });
});
