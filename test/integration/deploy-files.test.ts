/**
 * deploy/ (the team server's compose file and Kubernetes manifests) against their published schemas,
 * offline: compose.yml through Docker Compose's own loader (compose-go: compose-spec schema,
 * interpolation), the manifests through kubeconform with strict Kubernetes schemas. Both tools come from
 * package registries (test/helpers/deploy-validators.ts). The files are validated here, not run: no
 * container runtime or cluster exists on these machines.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeCheckBin, k8sSchemaLocation, kubeconformBin, K8S_VERSION } from '../helpers/deploy-validators';

const root = resolve(import.meta.dirname, '..', '..');
const deployDir = join(root, 'deploy');
const secrets = { PROCOS_DB_PASSWORD: 'db-secret', PROCOS_ENGINE_PASSWORD: 'engine-secret' };

let composeCheck: string;
let kubeconform: string;
let schemas: string;

beforeAll(() => {
  composeCheck = composeCheckBin();
  kubeconform = kubeconformBin();
  schemas = k8sSchemaLocation();
}, 600_000);

function compose(file: string, env: NodeJS.ProcessEnv = secrets): { ok: true; project: any } | { ok: false; error: string } {
  try {
    const out = execFileSync(composeCheck, [file], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, project: JSON.parse(out) };
  } catch (err) {
    return { ok: false, error: String((err as { stderr?: string }).stderr) };
  }
}

function kube(paths: string[]) {
  try {
    const out = execFileSync(kubeconform, ['-strict', '-verbose', '-summary', '-kubernetes-version', K8S_VERSION, '-schema-location', schemas, '-output', 'json', ...paths],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, ...JSON.parse(out) };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, ...JSON.parse(e.stdout) };
  }
}

describe('deploy/compose.yml', () => {
  it('is a valid Compose file: postgres, two engine nodes on it, worker replicas, ollama', () => {
    const result = compose(join(deployDir, 'compose.yml'));
    if (!result.ok) throw new Error(result.error);
    const { services } = result.project;
    expect(Object.keys(services).sort()).toEqual(['engine-a', 'engine-b', 'ollama', 'postgres', 'workers']);
    for (const node of ['engine-a', 'engine-b']) {
      expect(services[node].build.dockerfile).toBe('deploy/Dockerfile.engine');
      expect(services[node].environment).toMatchObject({
        PROCOS_DB_URL: 'jdbc:postgresql://postgres:5432/procos', PROCOS_DB_PASSWORD: 'db-secret', PROCOS_ENGINE_PASSWORD: 'engine-secret',
      });
      expect(services[node].networks.default.aliases).toContain('engine');
    }
    expect(services['engine-b'].depends_on['engine-a'].condition).toBe('service_healthy');
    expect(services.workers.deploy.replicas).toBeGreaterThan(1);
    // the workers poll every node
    expect(services.workers.environment.PROCOS_ENGINE_URLS.split(',')).toEqual(['engine-a', 'engine-b'].map((n) => `http://${n}:8080/engine-rest`));
    expect(services.postgres.environment.POSTGRES_PASSWORD).toBe('db-secret');
  });

  it('refuses to start without the passwords, naming the variable', () => {
    const result = compose(join(deployDir, 'compose.yml'), {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/PROCOS_DB_PASSWORD/);
  });

  it('the checker is not a rubber stamp: a misspelt key is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'procos-compose-'));
    try {
      const bad = join(dir, 'compose.yml');
      writeFileSync(bad, readFileSync(join(deployDir, 'compose.yml'), 'utf8').replace('replicas: 3', 'replica: 3'));
      const result = compose(bad);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/replica/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('builds its images from the jar ProcOS bundles and the `procos worker` entry point', () => {
    const engine = readFileSync(join(deployDir, 'Dockerfile.engine'), 'utf8');
    expect(engine).toMatch(/COPY resources\/camunda-run\/pom\.xml/);
    expect(engine).toMatch(/"-jar", "\/opt\/procos\/camunda-run\.jar"/);
    expect(readFileSync(join(deployDir, 'Dockerfile.worker'), 'utf8')).toMatch(/ENTRYPOINT \["node", "bin\/procos\.js", "worker"\]/);
  });
});

describe('deploy/k8s', () => {
  it(`every manifest is valid against the Kubernetes ${K8S_VERSION} schemas (strict)`, () => {
    const files = readdirSync(join(deployDir, 'k8s')).filter((f) => f.endsWith('.yaml')).map((f) => join(deployDir, 'k8s', f));
    const result = kube(files);
    const problems = result.resources.filter((r: any) => r.status !== 'statusValid').map((r: any) => `${r.filename} ${r.kind}/${r.name}: ${r.msg}`);
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
    // the workers poll every engine node by its stable name behind the headless Service
    const workers = readFileSync(join(deployDir, 'k8s', 'workers.yaml'), 'utf8');
    const engine = readFileSync(join(deployDir, 'k8s', 'engine.yaml'), 'utf8');
    const replicas = Number(/kind: StatefulSet[\s\S]*?replicas: (\d+)/.exec(engine)![1]);
    const urls = /PROCOS_ENGINE_URLS\s+value: "([^"]+)"/.exec(workers)![1].split(',');
    expect(urls).toEqual(Array.from({ length: replicas }, (_, i) => `http://procos-engine-${i}.procos-engine-nodes:8080/engine-rest`));
    const kinds = result.resources.map((r: any) => `${r.kind}/${r.name}`).sort();
    expect(kinds).toEqual(expect.arrayContaining([
      'StatefulSet/procos-engine', 'Service/procos-engine', 'Service/procos-engine-nodes', 'Deployment/procos-workers', 'HorizontalPodAutoscaler/procos-workers',
      'Deployment/procos-ollama', 'Service/procos-ollama',
    ]));
  });

  it('the schemas are really applied: an unknown field is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'procos-k8s-'));
    try {
      const bad = join(dir, 'engine.yaml');
      writeFileSync(bad, readFileSync(join(deployDir, 'k8s', 'engine.yaml'), 'utf8').replace('containerPort: 8080', 'containerPortt: 8080'));
      const result = kube([bad]);
      expect(result.code).not.toBe(0);
      expect(result.resources.find((r: any) => r.kind === 'StatefulSet').msg).toMatch(/containerPortt/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
