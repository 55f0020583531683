/**
 * A person's step's form, read and checked without an engine: a Camunda Form's schema as form-js reads it
 * (common/form-schema.ts), generated and next-step fields from BPMN (main/kernel/tasks/bpmn-forms.ts), the
 * one check of submitted values (common/task-forms.ts), and the broker's routing key of a user-task event.
 */
import { describe, expect, it } from 'vitest';
import { readFormSchema } from '../../common/form-schema';
import { checkFormValues, type TaskFormField } from '../../common/task-forms';
import { expressionVariables, userTaskForms } from '../../main/kernel/tasks/bpmn-forms';
import { brokerMessage } from '../../main/kernel/events/outbox';
import { reviewForm, userTaskProcess } from '../helpers/user-tasks';

describe('Camunda Forms as form-js reads them', () => {
  it('gives the id and the input fields with their constraints', () => {
    const read = readFormSchema('r.form', reviewForm('review'));
    expect(read.problems).toEqual([]);
    expect(read.id).toBe('review');
    expect(read.fields).toEqual([
      { key: 'invoiceNumber', label: 'Invoice number', type: 'string', required: true, maxlength: 12 },
      { key: 'amount', label: 'Amount', type: 'number', required: false, min: 1, max: 1000 },
      { key: 'approved', label: 'Approved', type: 'boolean', required: false },
    ]);
  });

  it('names the file and what form-js would refuse', () => {
    const problems = (text: string) => readFormSchema('x.form', text).problems;
    expect(problems('')).toEqual([expect.stringMatching(/^x\.form: is empty/)]);
    expect(problems('{"type":"default",\n "id": }')).toEqual([expect.stringMatching(/^x\.form: is not JSON/)]);
    expect(problems('[1]')).toEqual([expect.stringMatching(/is JSON but not a form/)]);
    expect(problems('{"type":"other","id":"a","components":[]}')).toEqual([expect.stringMatching(/its "type" is "other", expected "default"/)]);
    const form = (components: unknown[]) => JSON.stringify({ type: 'default', id: 'a', components });
    expect(problems(form([{ type: 'textfield' }]))).toEqual([expect.stringMatching(/components\[0\] \(textfield\) has no "key"/)]);
    expect(problems(form([{ type: 'group', label: 'G', components: [{ type: 'gizmo', key: 'g' }] }]))).toEqual([expect.stringMatching(/group "G"\[0\]: form field of type <gizmo> not supported/)]);
    expect(problems(form([{ type: 'text', id: 'same' }, { type: 'text', id: 'same' }]))).toEqual([expect.stringMatching(/id <same> already exists/)]);
    // a group with a path binds its fields under it: no clash with a field of the same key outside
    expect(problems(form([{ type: 'textfield', key: 'a' }, { type: 'group', path: 'g', components: [{ type: 'textfield', key: 'a' }] }]))).toEqual([]);
  });
});

describe('forms from BPMN', () => {
  it('reads camunda:formData fields with types, defaults, enum values and constraints', async () => {
    const forms = await userTaskForms(userTaskProcess('p', 'generated'));
    const step = forms.get('step')!;
    expect(step.formRef).toBeUndefined();
    expect(step.formData?.map((f) => [f.key, f.type, f.required])).toEqual([['amount', 'long', true], ['approved', 'boolean', false], ['priority', 'enum', false], ['deliverBy', 'date', false], ['note', 'string', false]]);
    expect(step.formData?.[0]).toMatchObject({ min: 1, max: 1000 });
    expect(step.formData?.[2]).toMatchObject({ defaultValue: 'normal', options: [{ value: 'low', label: 'Low' }, { value: 'normal', label: 'Normal' }, { value: 'high', label: 'High' }] });
    expect(step.formData?.[4]).toMatchObject({ maxlength: 20 });
  });

  it('reads a formRef with its binding, and the variables the next steps read when there is no form', async () => {
    expect((await userTaskForms(userTaskProcess('p', 'camunda-form', 'f1'))).get('step')?.formRef).toEqual({ id: 'f1', binding: 'latest', version: undefined });
    const none = (await userTaskForms(userTaskProcess('p', 'none'))).get('step')!;
    expect(none.nextVariables.map((f) => [f.key, f.type, f.required])).toEqual([['approved', 'boolean', true], ['amount', 'number', true]]);
    expect((await userTaskForms(userTaskProcess('p', 'free'))).get('step')!.nextVariables).toEqual([]);
  });

  it('guesses a variable type from how an expression uses it, and skips what is not a variable', () => {
    const types = (e: string) => expressionVariables(e).map((f) => `${f.key}:${f.type}`);
    expect(types('${amount >= 100 && status == "gold"}')).toEqual(['amount:number', 'status:string']);
    expect(types('${!approved}')).toEqual(['approved:boolean']);
    expect(types('${decision eq true}')).toEqual(['decision:boolean']);
    expect(types('${execution.getVariable("x") == null}')).toEqual([]);
  });
});

describe('submitted values against the form', () => {
  const fields: TaskFormField[] = [
    { key: 'amount', label: 'Amount', type: 'long', required: true, min: 1, max: 100 },
    { key: 'ok', label: 'OK', type: 'boolean', required: false },
    { key: 'color', label: 'Color', type: 'enum', required: false, options: [{ value: 'red', label: 'Red' }], defaultValue: 'red' },
    { key: 'when', label: 'When', type: 'date', required: false },
    { key: 'code', label: 'Code', type: 'string', required: false, minlength: 2, maxlength: 4, pattern: '[A-Z]+' },
    { key: 'fixed', label: 'Fixed', type: 'string', required: false, readonly: true },
  ];

  it('types what the CLI and the page send, fills in what the form shows, keeps keys it does not name', () => {
    expect(checkFormValues(fields, { amount: '7', ok: 'true', when: '2027-01-02', code: 'AB', extra: 1 }, { fixed: 'x' })).toEqual({
      problems: [], values: { extra: 1, amount: 7, ok: true, color: 'red', when: '2027-01-02', code: 'AB' },
    });
    expect(checkFormValues(fields, { fixed: 'x' }, { fixed: 'x', amount: 3 }).problems).toEqual([]); // read-only sent back unchanged
  });

  it('names every field it refuses', () => {
    const problems = (values: Record<string, unknown>) => checkFormValues(fields, values).problems.map((p) => `${p.field}: ${p.message}`);
    expect(problems({})).toEqual(['amount: Amount (amount) is required']);
    expect(problems({ amount: 0 })).toEqual(['amount: Amount (amount) must be at least 1, not 0']);
    expect(problems({ amount: 1.5, ok: 'yes', color: 'blue', when: 'tomorrow', code: 'A', fixed: 'y' })).toEqual([
      'amount: Amount (amount) must be a whole number, not 1.5', 'ok: OK (ok) must be true or false, not "yes"', 'color: Color (color) must be one of red, not "blue"',
      'when: When (when) must be a date such as 2026-12-31 or 2026-12-31T09:00:00Z, not "tomorrow"', 'code: Code (code) must have at least 2 characters, not 1',
      'fixed: Fixed (fixed) is read-only: it cannot be changed',
    ]);
    expect(problems({ amount: 5, code: 'abc' })).toEqual(['code: Code (code) must match the pattern [A-Z]+']);
  });
});

describe('user-task events on the broker', () => {
  it('route as task.<state>.<process key>, typed user-task, apart from the external tasks workers do', () => {
    const m = brokerMessage({ type: 'user-task', state: 'created', id: 't', name: 'Approve', key: 'order.v2', instanceId: 'i', at: 5 });
    expect(m).toEqual({ routingKey: 'task.created.order_v2', body: { type: 'user-task', state: 'created', id: 't', name: 'Approve', key: 'order.v2', instanceId: 'i', at: 5 } });
    expect(brokerMessage({ type: 'task', topic: 'http_request', taskId: 'x', outcome: 'done', at: 1 })?.routingKey).toBe('task.done.http_request');
  });
});
