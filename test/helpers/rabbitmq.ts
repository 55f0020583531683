/**
 * A private RabbitMQ node for a test (Debian's rabbitmq-server; no systemd): its own node name, data,
 * logs, Erlang cookie and epmd, all on free loopback ports in a temp dir owned by `rabbitmq`, as
 * DESIGN.md "Servers in tests" describes. `stop()` ends the node and the epmd it started (by pid) and
 * removes the dir; `stopApp()`/`startApp()` simulate an outage of the broker while the node lives.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../main/kernel/ports';
import { alive } from './processes';
import { listeningSockets } from './sockets';

const run = promisify(execFile);
const BIN = '/usr/lib/rabbitmq/bin';

export interface TestBroker {
  url: string;
  port: number;
  node: string;
  dir: string;
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  /** a new virtual host that user guest may use; returns its URL */
  addVhost(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Why a private broker cannot run here, or undefined when it can. */
export function brokerUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'rabbitmq-server'))) return 'rabbitmq-server is not installed (apt-get install rabbitmq-server)';
  if (process.getuid?.() !== 0) return 'a private RabbitMQ node is started as user rabbitmq, which needs root';
  return undefined;
}

function uidOf(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user} (it comes with the rabbitmq-server package)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** The epmd processes listening on `port`. */
function epmdOn(port: number): number[] {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'epmd'; } catch { return false; }
  });
  return [...new Set(listeningSockets(pids).filter((s) => s.port === port).map((s) => s.pid))];
}

async function waitGone(pids: number[], ms = 20_000) {
  for (const end = Date.now() + ms; Date.now() < end && pids.some(alive);) await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids.filter(alive)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}

export async function startBroker(): Promise<TestBroker> {
  const why = brokerUnavailable();
  if (why) throw new Error(why);
  const owner = uidOf('rabbitmq');
  const dir = mkdtempSync(join(tmpdir(), 'procos-rabbitmq-'));
  chownSync(dir, owner.uid, owner.gid);
  const pluginsFile = join(dir, 'enabled_plugins');
  writeFileSync(pluginsFile, '[].');
  chownSync(pluginsFile, owner.uid, owner.gid);
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const node = `procos-test-${port}@localhost`;
  const env = {
    PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: node, RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1', RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort), ERL_EPMD_ADDRESS: '127.0.0.1', ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'), RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'), RABBITMQ_ENABLED_PLUGINS_FILE: pluginsFile,
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  const as = (tool: string, ...args: string[]) =>
    run('runuser', ['-u', 'rabbitmq', '--', 'env', `HOME=${dir}`, join(BIN, tool), ...args], { env, cwd: dir, timeout: 120_000 });
  const ctl = async (...args: string[]) => { await as('rabbitmqctl', '-n', node, ...args); };

  let nodePid: number | undefined;
  const stop = async () => {
    const epmd = epmdOn(epmdPort);
    try { await ctl('stop'); } catch { /* not running */ }
    if (nodePid) await waitGone([nodePid]);
    for (const pid of epmd) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
    await waitGone(epmd, 5000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await as('rabbitmq-server', '-detached');
    await ctl('wait', env.RABBITMQ_PID_FILE, '--timeout', '90'); // the pid file appears, then the app starts
    nodePid = Number(readFileSync(env.RABBITMQ_PID_FILE, 'utf8').trim()) || undefined;
  } catch (err) {
    const logDir = join(dir, 'log');
    const logs = !existsSync(logDir) ? '' : readdirSync(logDir, { withFileTypes: true }).filter((f) => f.isFile())
      .map((f) => readFileSync(join(logDir, f.name), 'utf8').slice(-2000)).join('\n');
    await stop();
    throw new Error(`the private RabbitMQ node did not start: ${(err as Error).message}\n${logs}`);
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`, port, node, dir,
    stopApp: () => ctl('stop_app'),
    addVhost: async (name) => {
      await ctl('add_vhost', name);
      await ctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
      return `amqp://guest:guest@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    startApp: async () => { await ctl('start_app'); await ctl('await_startup', '--timeout', '90'); },
    stop,
  };
}
