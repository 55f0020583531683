/**
 * The reason a process failed, found in its output — what a person can act on, not the last stack
 * frames. In order: a known cause (H2 database locked, port taken, Spring Boot's "APPLICATION FAILED
 * TO START" description), the deepest `Caused by:` that carries a message, the last ERROR line, the
 * last line that is not a stack frame.
 */

const MAX_LENGTH = 400;

const isFrame = (line: string) => /^\s+at\s|^\s*\.\.\. \d+ (more|common frames omitted)|^\s*$|^\s*\*+\s*$/.test(line);
const clip = (s: string) => (s.length > MAX_LENGTH ? `${s.slice(0, MAX_LENGTH - 1)}…` : s);

/** `pkg.SomeException: message` → `message` (the class name says little to a user). */
function messageOf(line: string): string {
  const body = line.replace(/^\s*Caused by:\s*/, '').trim();
  const m = /^(?:[\w$]+\.)+[\w$]*(?:Exception|Error|Throwable)[\w$]*:\s*(.+)$/.exec(body);
  return (m ? m[1] : body).trim();
}

function knownCause(lines: string[]): string | undefined {
  const h2 = lines.find((l) => /Database may be already in use/i.test(l));
  if (h2) return messageOf(h2.slice(Math.max(0, h2.search(/(?:[\w$]+\.)*[\w$]*Exception[\w$]*:\s*Database may be already in use/i))));
  const failed = lines.findIndex((l) => /APPLICATION FAILED TO START/.test(l));
  if (failed >= 0) {
    const desc = lines.findIndex((l, i) => i > failed && /^Description:/.test(l.trim()));
    if (desc >= 0) {
      const text: string[] = [];
      for (const l of lines.slice(desc + 1)) {
        if (/^Action:/.test(l.trim())) break;
        if (l.trim()) text.push(l.trim());
      }
      if (text.length) return text.join(' ');
    }
  }
  const port = lines.findLast((l) => /address already in use|port \d+ was already in use/i.test(l));
  if (port) return messageOf(port.replace(/^.*?\bError:\s*/, ''));
  return undefined;
}

function deepestCause(lines: string[]): string | undefined {
  const causes = lines.filter((l) => /^\s*Caused by:/.test(l)).map(messageOf);
  // the deepest with a message: `Caused by: java.nio.channels.OverlappingFileLockException` says less than the one above it
  for (let i = causes.length - 1; i >= 0; i--) if (!/^(?:[\w$]+\.)+[\w$]+$/.test(causes[i])) return causes[i];
  return causes.at(-1);
}

function lastError(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    // Spring Boot / logback: `2024-05-01T10:00:00.000Z ERROR 4711 --- [main] o.s.boot.SpringApplication : message`
    const spring = /\bERROR\b.*?\s:\s(.+)$/.exec(l);
    if (spring) return spring[1].trim();
    // Go-style (Ollama): `Error: listen tcp …` or `level=ERROR msg="…"`
    const go = /(?:^Error:\s*|level=ERROR\s+(?:source=\S+\s+)?msg=)"?(.+?)"?$/.exec(l.trim());
    if (go) return go[1];
    if (/\bERROR\b/.test(l)) return l.trim();
  }
  return undefined;
}

/** The root cause in a process's output, or undefined when the output says nothing. */
export function rootCause(output: string[] | string): string | undefined {
  const lines = (typeof output === 'string' ? output.split('\n') : output.flatMap((l) => l.split('\n'))).map((l) => l.replace(/\r$/, ''));
  const found = knownCause(lines) ?? deepestCause(lines) ?? lastError(lines) ?? lines.findLast((l) => !isFrame(l))?.trim();
  return found ? clip(found) : undefined;
}

/** Causes that another start will not cure: retrying only delays the message. */
export function isPermanentCause(cause: string | undefined): boolean {
  return !!cause && /Database may be already in use|The file is locked/i.test(cause);
}
