/**
 * The third contender of the workers benchmark: Camunda's Java external task client
 * (org.camunda.bpm:camunda-external-task-client, defaults: maxTasks 10, no long polling, exponential
 * back-off from 500 ms when idle; tuned: long polling with ProcOS's settings, back-off off). A tiny harness is generated into the per-user cache, its classpath
 * resolved with `mvn` and compiled with `javac`; without them the contender is skipped with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TUNED, type Contender, type Engine } from './workers';

const CLIENT_VERSION = '7.24.0';
const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'procos', `bench-java-client-${CLIENT_VERSION}`);

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>procos.bench</groupId><artifactId>java-client</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.camunda.bpm</groupId><artifactId>camunda-external-task-client</artifactId><version>${CLIENT_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>2.0.16</version></dependency>
    <!-- the client's XML data format needs JAXB at build() time -->
    <dependency><groupId>jakarta.xml.bind</groupId><artifactId>jakarta.xml.bind-api</artifactId><version>4.0.2</version></dependency>
  </dependencies>
</project>
`;

// args: baseUrl user password topics(comma-separated) [tuned asyncResponseTimeoutMs maxTasks lockDurationMs]. Prints READY, then one line per task:
// INVOKED <taskId> <invokedAtEpochMs> <createTimeEpochMs|-1>. Stops when stdin closes.
const SOURCE = `import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.ExternalTaskClientBuilder;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;

public class BenchClient {
  public static void main(String[] args) throws Exception {
    ExternalTaskClientBuilder builder = ExternalTaskClient.create().baseUrl(args[0]);
    if (!args[1].isEmpty()) builder.addInterceptor(new BasicAuthProvider(args[1], args[2]));
    if (args.length > 4 && args[4].equals("tuned")) {
      // long polling, and no back-off after an empty answer (a long poll already waited)
      builder.asyncResponseTimeout(Long.parseLong(args[5])).maxTasks(Integer.parseInt(args[6]))
        .lockDuration(Long.parseLong(args[7])).disableBackoffStrategy();
    }
    ExternalTaskClient client = builder.build();
    for (String topic : args[3].split(",")) {
      client.subscribe(topic).handler((task, service) -> {
        long invoked = System.currentTimeMillis();
        java.util.Date created = task.getCreateTime();
        service.complete(task);
        System.out.println("INVOKED " + task.getId() + " " + invoked + " " + (created == null ? -1 : created.getTime()));
      }).open();
    }
    System.out.println("READY");
    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
    client.stop();
  }
}
`;

function run(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 600_000 });
  if (r.error) return `${cmd} not runnable: ${r.error.message}`;
  if (r.status !== 0) return `${cmd} ${args[0]} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
  return undefined;
}

/** Build the harness once (cached); a string is the reason it cannot run here. */
function build(): { classpath: string } | string {
  mkdirSync(dir, { recursive: true });
  const cpFile = join(dir, 'classpath.txt');
  const classFile = join(dir, 'BenchClient.class');
  const same = (file: string, text: string) => existsSync(file) && readFileSync(file, 'utf8') === text;
  if (!same(join(dir, 'pom.xml'), POM)) rmSync(cpFile, { force: true });
  if (!same(join(dir, 'BenchClient.java'), SOURCE)) rmSync(classFile, { force: true });
  writeFileSync(join(dir, 'pom.xml'), POM);
  writeFileSync(join(dir, 'BenchClient.java'), SOURCE);
  if (!existsSync(cpFile)) {
    const err = run('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`]);
    if (err) return err;
  }
  const classpath = readFileSync(cpFile, 'utf8').trim();
  if (!existsSync(classFile)) {
    const err = run('javac', ['-cp', classpath, '-d', dir, join(dir, 'BenchClient.java')]);
    if (err) return err;
  }
  return { classpath: `${dir}:${classpath}` };
}

/** Camunda's Java client with its defaults, or tuned: long polling with ProcOS's settings, no back-off. */
export function javaClientContender(engine: Engine, tuned: boolean): Contender | string {
  const built = build();
  if (typeof built === 'string') return built;
  const tuning = tuned ? ['tuned', String(TUNED.asyncResponseTimeoutMs), String(TUNED.maxTasks), String(TUNED.lockDurationMs)] : [];
  return {
    name: tuned ? 'Java external-task-client (tuned: long polling)' : 'Java external-task-client (defaults)',
    start(topics, onInvoke) {
      const jvm = spawn('java', ['-cp', built.classpath, 'BenchClient', engine.url, engine.user ?? '', engine.password ?? '', topics.join(','), ...tuning],
        { stdio: ['pipe', 'pipe', 'inherit'] });
      return new Promise((resolve, reject) => {
        jvm.once('exit', (code) => reject(new Error(`Java client exited with ${code}`)));
        createInterface({ input: jvm.stdout! }).on('line', (line) => {
          if (line === 'READY') {
            resolve(async () => {
              jvm.removeAllListeners('exit');
              const exited = new Promise((r) => jvm.once('exit', r));
              jvm.stdin!.end();
              const kill = setTimeout(() => jvm.kill('SIGKILL'), 10_000);
              await exited;
              clearTimeout(kill);
            });
          }
          const m = /^INVOKED (\S+) (\d+) (-?\d+)$/.exec(line);
          if (m) onInvoke({ id: m[1], at: Number(m[2]), createdMs: Number(m[3]) > 0 ? Number(m[3]) : undefined });
        });
      });
    },
  };
}
