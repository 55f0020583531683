/**
 * The `processes` component: what processes/ ships is deployed whenever the engine is ready (again),
 * and while the engine is down it says so, and why; a deploy through the API is recorded in the deploy
 * log and announced, and the component lists what the engine has now.
 */
import type { ComponentInfo, DeployResult, KernelEvent } from '../../common/contract';
import { CheckedComponent } from './components';
import type { Deployer } from './deploy';
import { processesDir } from './paths';

export interface ProcessesDeps {
  deployer: Deployer;
  /** a write to the store that must not fail what it records (Kernel.keep) */
  record(deploymentId: string | undefined, files: string[], processes: unknown[]): void;
  publish(event: KernelEvent): void;
  /** the kernel's boot deploys processes/ itself the first time the engine is ready */
  booting(): boolean;
}

export class ProcessesComponent extends CheckedComponent {
  constructor(private deps: ProcessesDeps) {
    super('processes', async () => undefined, 'waiting for the engine');
  }

  /** Restart (health panel): deploy processes/ again. */
  override restart(): Promise<void> { return this.deployShipped(); }

  async deployShipped() {
    this.set('starting', 'deploying processes/');
    const result: DeployResult = await this.deps.deployer.deployDirectory(processesDir())
      .catch((err) => ({ ok: false, processes: [], errors: [{ message: (err as Error).message }], warnings: [] }));
    if (!result.ok) return this.set('failed', result.errors.map((e) => e.message).join('; '));
    this.deps.record(result.deploymentId, ['processes/'], result.processes);
    this.set('ready', deployedText(result.processes));
  }

  /** A deploy through the API: recorded and announced when it made something new, and the card
   * lists what the engine has now (not only what the boot deployed). */
  async deployed(result: DeployResult, files: string[]) {
    if (!result.ok || result.processes.every((p) => p.unchanged)) return;
    this.deps.record(result.deploymentId, files, result.processes);
    this.deps.publish({ type: 'deployment', deploymentId: result.deploymentId!, processes: result.processes, at: Date.now() });
    if (this.state !== 'ready') return;
    const latest = await this.deps.deployer.latestVersions().catch(() => undefined);
    const fresh = result.processes.filter((p) => !p.unchanged);
    // the ones just deployed first: what a long list would hide is what the user wants to see
    if (latest) this.set('ready', deployedText([...fresh, ...latest.filter((p) => !fresh.some((f) => f.key === p.key))]));
  }

  /** The engine's state changed: deployed again once it is ready; while it is down, status says so (and why). */
  followEngine = (info: ComponentInfo) => {
    if (info.state === 'ready') { if (!this.deps.booting()) void this.deployShipped(); }
    else this.set(info.state === 'failed' ? 'failed' : 'starting', `needs the engine, which is ${info.state === 'failed' ? 'down' : info.state}: ${info.detail}`);
  };
}

/** What the processes card says: how many process definitions the engine has, each key with its newest version. */
function deployedText(processes: { key: string; version: number }[], shown = 8): string {
  const listed = processes.slice(0, shown).map((p) => `${p.key} v${p.version}`).join(', ');
  return `${processes.length} deployed: ${listed}${processes.length > shown ? `, and ${processes.length - shown} more` : ''}`;
}
