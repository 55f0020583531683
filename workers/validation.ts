/**
 * input_validation rules, all given as task variables (usually input parameters of the service task):
 *   required_fields   array, JSON array string, or "a,b,c": each must be present and not empty
 *   field_types       object (or JSON string) field → string|number|integer|boolean|object|array|email|url|date
 *   validation_schema JSON schema (object or JSON string) that the task's other variables must satisfy
 * Every violated rule yields one message; the caller turns a non-empty list into BPMN error VALIDATION_FAILED.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export const RULE_VARIABLES = ['required_fields', 'field_types', 'validation_schema'];
const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'email', 'url', 'date'] as const;
type FieldType = (typeof TYPES)[number];

/** A rule that cannot be applied (bad rule, not bad input): the process model must be fixed. */
export class RuleError extends Error {}

function parseMaybeJson(value: unknown, what: string): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try { return JSON.parse(trimmed); } catch (e) { throw new RuleError(`${what} is not valid JSON: ${(e as Error).message}`); }
}

export function requiredFields(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const value = parseMaybeJson(raw, 'required_fields');
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  throw new RuleError('required_fields must be a list of names (array or comma-separated string)');
}

function typeOk(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'email': return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
    case 'url': try { return typeof value === 'string' && /^https?:$/.test(new URL(value).protocol); } catch { return false; }
    case 'date': return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  }
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function schemaMessage(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(input)';
  const extra = e.keyword === 'enum' ? `: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}

/** Compiled schemas by their JSON text: compiling costs 15–50 ms, and a process sends the same schema every time. */
const validators = new Map<string, ValidateFunction>();
const MAX_VALIDATORS = 200;

function compiled(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    // one Ajv per schema: two different schemas may carry the same $id, which one Ajv refuses
    try { validate = new Ajv({ allErrors: true, strict: false }).compile(schema); } catch (e) { throw new RuleError(`validation_schema is not a valid JSON schema: ${(e as Error).message}`); }
    if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value!);
    validators.set(key, validate);
  }
  return validate;
}

/** Every violation, in rule order; [] means valid. Throws RuleError for unusable rules. */
export function validateInput(variables: Record<string, unknown>): string[] {
  const data = Object.fromEntries(Object.entries(variables).filter(([k]) => !RULE_VARIABLES.includes(k)));
  const errors: string[] = [];
  for (const field of requiredFields(variables.required_fields)) {
    if (isEmpty(data[field])) errors.push(`${field} is required`);
  }
  const rawTypes = parseMaybeJson(variables.field_types, 'field_types');
  if (rawTypes !== undefined && rawTypes !== null && rawTypes !== '') {
    if (typeof rawTypes !== 'object' || Array.isArray(rawTypes)) throw new RuleError('field_types must be an object of field → type');
    for (const [field, type] of Object.entries(rawTypes as Record<string, string>)) {
      if (!TYPES.includes(type as FieldType)) throw new RuleError(`field_types.${field}: unknown type "${type}"; use one of ${TYPES.join(', ')}`);
      if (isEmpty(data[field])) continue; // absence is required_fields' business
      if (!typeOk(data[field], type as FieldType)) errors.push(`${field} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
    }
  }
  const schema = parseMaybeJson(variables.validation_schema, 'validation_schema');
  if (schema !== undefined && schema !== null && schema !== '') {
    if (typeof schema !== 'object') throw new RuleError('validation_schema must be a JSON schema object');
    const validate = compiled(schema as object);
    if (!validate(data)) errors.push(...(validate.errors ?? []).map(schemaMessage));
  }
  return errors;
}
