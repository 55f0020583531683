/**
 * What any API input may be, before its method's schema looks at it (HTTP and IPC alike): nested at
 * most 64 deep (10 000 levels overflowed the stack of the code that reads it), keys at most 255
 * characters (the engine's columns for variable names and keys hold no more) and never `__proto__`
 * (it would reach the object's prototype), numbers finite (JSON's `1e400`
 * parses to Infinity, which no store keeps as given). The answer says where and what.
 */
export const INPUT_LIMITS = { depth: 64, keyLength: 255 };

const FORBIDDEN_KEYS = new Set(['__proto__']);
const excerpt = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

/** The first problem of `input` as "where: what", or undefined. Iterative: no depth can overflow it. */
export function inputProblem(input: unknown): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: 'input', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return `${path}: the number is out of range (${value}); numbers must be finite, at most about 1.8e308`;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_LIMITS.depth) return `${path.slice(0, 40)}…: nested deeper than ${INPUT_LIMITS.depth} levels`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `${path}: the key "${key}" is not allowed`;
      if (key.length > INPUT_LIMITS.keyLength) {
        return `${path}: a key of ${key.length} characters (${excerpt(key)}): keys and variable names are at most ${INPUT_LIMITS.keyLength} characters`;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}
