/**
 * Gateway conditions from words, by a whitelist grammar: `variable operator value`, nothing else.
 * The model writes "amount > 500", "amount above 500" or "status is gold"; ProcOS builds the
 * expression itself (`${amount > 500}`, `${status == "gold"}`) — no method calls, no beans, no
 * functions, whatever the text asked for. "otherwise"/"else"/"" mean the default flow.
 */

export type Condition =
  | { kind: 'default' }
  | { kind: 'compare'; variable: string; operator: Operator; value: number | boolean | string; expression: string }
  | { kind: 'unreadable'; text: string; reason: string };

type Operator = '>=' | '<=' | '!=' | '==' | '>' | '<';

const WORD_OPERATORS: [RegExp, Operator][] = [
  [/^(is )?(greater than or equal to|at least|not less than)$/, '>='],
  [/^(is )?(less than or equal to|at most|not more than)$/, '<='],
  [/^(is )?(greater than|more than|above|over|exceeds|higher than|>)$/, '>'],
  [/^(is )?(less than|below|under|lower than|<)$/, '<'],
  [/^(is not|isn't|not equal to|does not equal|!=|<>)$/, '!='],
  [/^(is|equals|is equal to|==|=)$/, '=='],
];

/** JUEL keywords and the names Camunda puts in scope of an expression: never a variable here. */
const RESERVED = new Set([
  'and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'true', 'false', 'null', 'empty', 'div', 'mod', 'instanceof',
  'execution', 'task', 'externalTask', 'caseExecution', 'authenticatedUserId', 'variableScope', 'connectors',
  'environment', 'processEngine', 'runtimeService', 'applicationContext', 'class', 'java', 'system', 'runtime',
]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const DEFAULT_WORDS = /^(otherwise|else|default|other ?wise|all other cases|no|none|-)?$/i;

export const isSafeVariable = (name: string) => IDENTIFIER.test(name) && !RESERVED.has(name);

/** A variable name from words: "order amount" → order_amount. */
export const variableName = (words: string) => words.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 'v_$1');

function literal(text: string): number | boolean | string | undefined {
  if (/[$#{}()[\];|&\\]/.test(text)) return undefined;
  const t = text.trim().replace(/^["']|["']$/g, '').trim();
  if (/^-?\d+(\.\d+)?$/.test(t.replace(/[,_](?=\d{3})/g, ''))) return Number(t.replace(/[,_](?=\d{3})/g, ''));
  if (/^(true|yes)$/i.test(t)) return true;
  if (/^(false|no)$/i.test(t)) return false;
  const s = t.replace(/[^\p{L}\p{N} _.@-]/gu, '').trim();
  return s && s.length <= 60 ? s : undefined;
}

const quoted = (v: number | boolean | string) => (typeof v === 'string' ? `"${v}"` : String(v));

/** Reads one condition. Anything that is not a plain comparison of one variable is unreadable. */
export function parseCondition(text: string): Condition {
  const t = text.trim().replace(/^\$\{|\}$/g, '').replace(/^(if|when|whether)\s+/i, '').replace(/[?.!]+$/, '').trim();
  if (DEFAULT_WORDS.test(t)) return { kind: 'default' };
  const symbolic = /^([A-Za-z_][\w ]{0,39}?)\s*(>=|<=|!=|==|<>|=|>|<)\s*(.+)$/.exec(t);
  let variable: string | undefined;
  let operator: Operator | undefined;
  let value: string | undefined;
  if (symbolic) {
    [, variable, , value] = symbolic;
    operator = symbolic[2] === '=' ? '==' : symbolic[2] === '<>' ? '!=' : symbolic[2] as Operator;
  } else {
    const words = t.toLowerCase().split(/\s+/);
    for (let i = 1; i < words.length - 1 && !operator; i++) {
      for (let j = Math.min(words.length - 1, i + 6); j > i && !operator; j--) {
        const phrase = words.slice(i, j).join(' ');
        const found = WORD_OPERATORS.find(([re]) => re.test(phrase));
        if (found) { operator = found[1]; variable = t.split(/\s+/).slice(0, i).join(' '); value = t.split(/\s+/).slice(j).join(' '); }
      }
    }
  }
  if (variable && !/^[A-Za-z_][\w ]*$/.test(variable.trim())) return { kind: 'unreadable', text, reason: `"${variable.trim()}" is not a variable name` };
  if (!operator || !variable || value === undefined) return { kind: 'unreadable', text, reason: 'not of the form "variable operator value" (e.g. amount > 500)' };
  const name = variableName(variable.replace(/^(the|a|an)\s+/i, ''));
  if (!isSafeVariable(name)) return { kind: 'unreadable', text, reason: `"${name}" cannot be a variable name` };
  const v = literal(value);
  if (v === undefined) return { kind: 'unreadable', text, reason: `"${value}" is not a number, true/false or a short text` };
  if (typeof v !== 'number' && ['>', '<', '>=', '<='].includes(operator)) return { kind: 'unreadable', text, reason: `"${operator}" needs a number, got "${value}"` };
  return { kind: 'compare', variable: name, operator, value: v, expression: `\${${name} ${operator} ${quoted(v)}}` };
}

/** Does an expression have exactly the shape parseCondition builds? (the final audit's check) */
export function isWhitelistedCondition(expression: string): boolean {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*) (>=|<=|!=|==|>|<) (-?\d+(?:\.\d+)?|true|false|"[\p{L}\p{N} _.@-]*")\}$/u.exec(expression.trim());
  return Boolean(m && isSafeVariable(m[1]));
}

/** A timer a draft may hold: an ISO 8601 duration (P2D, PT3H), a repeating interval (R/PT1H) or a
 * cron expression of digits, `*`, `?`, `L`, ranges, lists and day names (0 0 9 ? * MON). */
export function isTimerExpression(text: string): boolean {
  const t = text.trim();
  return /^(R\d*\/)?P(?=\d|T\d)(\d+[YMWD])*(T(\d+[HMS])+)?$/.test(t)
    || /^([0-9*?LW#/,-]+|(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?)( ([0-9*?LW#/,-]+|(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?)){5,6}$/.test(t);
}

/** An input that reads one process variable: `${name}` with a name that may be a variable. */
export const isVariableReference = (text: string) => {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text.trim());
  return Boolean(m && isSafeVariable(m[1]));
};

/** A loop over a JSON list variable: `${name.elements()}` (a list given at start is a JSON value). */
export const isLoopCollection = (text: string) => {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\.elements\(\)\}$/.exec(text.trim());
  return Boolean(m && isSafeVariable(m[1]));
};
