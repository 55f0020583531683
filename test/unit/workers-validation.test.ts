/** input_validation rules: required fields, types, JSON schema; every violation reported. */
import { describe, expect, it } from 'vitest';
import { requiredFields, RuleError, validateInput } from '../../workers/validation';

describe('requiredFields', () => {
  it('accepts arrays, JSON arrays and comma lists', () => {
    expect(requiredFields(['a', 'b'])).toEqual(['a', 'b']);
    expect(requiredFields('["a","b"]')).toEqual(['a', 'b']);
    expect(requiredFields(' a, b ,')).toEqual(['a', 'b']);
    expect(requiredFields(undefined)).toEqual([]);
  });
});

describe('validateInput', () => {
  it('passes valid input', () => {
    expect(validateInput({ required_fields: 'name,age', field_types: { name: 'string', age: 'integer' }, name: 'Ada', age: 36 })).toEqual([]);
  });
  it('reports every violation: missing, empty, wrong type, schema', () => {
    const errors = validateInput({
      required_fields: ['name', 'email', 'title'],
      field_types: '{"age":"integer","email":"email","tags":"array"}',
      validation_schema: { type: 'object', properties: { level: { enum: ['low', 'high'] } } },
      name: '  ', age: 3.5, email: 'not-an-email', tags: 'x', level: 'mid',
    });
    expect(errors).toEqual([
      'name is required',
      'title is required',
      'age must be an integer',
      'email must be an email',
      'tags must be an array',
      expect.stringMatching(/^level must be equal to one of the allowed values/),
    ]);
  });
  it('rule variables are not validated as data', () => {
    expect(validateInput({ validation_schema: { type: 'object', additionalProperties: false, properties: { a: {} } }, a: 1 })).toEqual([]);
  });
  it('bad rules are RuleErrors, not validation failures', () => {
    expect(() => validateInput({ field_types: { a: 'colour' } })).toThrow(RuleError);
    expect(() => validateInput({ validation_schema: '{nope' })).toThrow(/not valid JSON/);
    expect(() => validateInput({ validation_schema: { type: 'wat' } })).toThrow(/not a valid JSON schema/);
  });
});
