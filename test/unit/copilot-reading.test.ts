/**
 * The copilot's reading of descriptions, without a model: each pattern it knows (clauses, decisions,
 * at the same time, for each, schedules, waits, people, topics, forms, the start) on sentences of
 * their own — none of them from the bench's descriptions — and what it must not read into words.
 */
import { describe, expect, it } from 'vitest';
import { clauses } from '../../main/kernel/copilot/reading/clauses';
import { readBareComparison, readIf } from '../../main/kernel/copilot/reading/if-clause';
import { readDescription } from '../../main/kernel/copilot/reading/read';
import { findDuration, findSchedule } from '../../main/kernel/copilot/reading/timers';
import { startVariables } from '../../main/kernel/copilot/start-variables';
import { planToBpmn } from '../../main/kernel/copilot/to-bpmn';
import { checkDraft, layout } from '../../main/kernel/copilot/audit';
import { forbiddenInDraft } from '../helpers/copilot';
import type { ParallelStep, Plan, Step, TaskStep, WaitStep } from '../../main/kernel/copilot/plan';

const tasks = (steps: Step[]): TaskStep[] => steps.flatMap((s) => (s.kind === 'task' ? [s] : s.kind === 'wait' ? [] : s.branches.flatMap((b) => tasks(b.steps))));
const shape = (plan: Plan) => plan.steps.map((s) => (s.kind === 'task' ? s.topic : s.kind));
const only = <T extends Step['kind']>(plan: Plan, kind: T, index = 0) => plan.steps.filter((s) => s.kind === kind)[index] as Extract<Step, { kind: T }>;

describe('clauses', () => {
  it('cuts at then, semicolons, and commas or "and" that start a new clause', () => {
    expect(clauses('Check the stock, reserve the items and then ship the parcel').map((c) => c.text))
      .toEqual(['Check the stock', 'reserve the items', 'ship the parcel']);
    expect(clauses('the clerk reviews it and signs it').map((c) => c.text)).toEqual(['the clerk reviews it', 'signs it']);
  });

  it('keeps lists of things together ("the name and the address", "a date and a reason")', () => {
    expect(clauses('Validate the name, the address and the birth date').map((c) => c.text)).toEqual(['Validate the name, the address and the birth date']);
    expect(clauses('check that the form has a date and a reason').length).toBe(1);
  });

  it('marks the other branch (otherwise, else, if not) and the parallel ones (while, at the same time)', () => {
    expect(clauses('if the box is full ship it; otherwise wait').map((c) => c.joint)).toEqual(['first', 'else']);
    expect(clauses('pay the bill, if not, tell the owner').map((c) => c.joint)).toEqual(['first', 'else']);
    expect(clauses('the chef cooks while the waiter sets the table').map((c) => c.joint)).toEqual(['first', 'par']);
    expect(clauses('print the label and notify the driver at the same time').map((c) => [c.text, c.joint]))
      .toEqual([['print the label', 'first'], ['notify the driver', 'par']]);
  });
});

describe('schedules and waits', () => {
  it.each([
    ['Every hour, sync the calendar', 'R/PT1H'],
    ['every 30 minutes ping the router', 'R/PT30M'],
    ['Each month, pay the rent', 'R/P1M'],
    ['At the end of each month, close the books', '0 0 18 L * ?'],
    ['every Tuesday at 10 am, water the plants', '0 0 10 ? * TUE'],
    ['every day at 7:30 pm back up the files', '0 30 19 * * ?'],
    ['Nightly, rebuild the index', '0 0 2 * * ?'],
    ['Once a week, clean the queue', 'R/P7D'],
    ['Weekly: count the stock', 'R/P7D'],
  ])('"%s" starts on %s', (text, cycle) => {
    expect(findSchedule(text)?.cycle).toBe(cycle);
    expect(readDescription(text).trigger.timer).toBe(cycle);
  });

  it('no schedule in "the monthly report", "within two days" or "a daily newsletter"', () => {
    for (const text of ['Send the monthly report to the board', 'An agent answers within two days', 'Write a daily newsletter']) {
      expect(findSchedule(text), text).toBeUndefined();
      expect(readDescription(text).trigger.timer, text).toBeUndefined();
    }
  });

  it('"wait 3 days" is a timer, "wait for the signature" a message; "within a week" in a step is no wait', () => {
    expect(findDuration('wait 3 days')).toEqual({ iso: 'P3D', words: '3 days' });
    const plan = readDescription('Send the offer by email, wait 3 days, then wait for the signature from the client. A clerk files it within a week.');
    const waits = plan.steps.filter((s): s is WaitStep => s.kind === 'wait');
    expect(waits.map((w) => [w.timer, w.message])).toEqual([['P3D', undefined], [undefined, 'signature']]);
    expect(shape(plan)).toEqual(['email_send', 'wait', 'wait', 'user']);
  });
});

describe('conditions', () => {
  it.each([
    ['if the weight is above 20 kg', 'weight', '>', 20],
    ['if the score is at least 7', 'score', '>=', 7],
    ['if the order total is less than 1,000', 'order_total', '<', 1000],
    ['if the status code is not 200', 'status_code', '!=', 200],
    ['if the region is north', 'region', '==', 'north'],
    ['if it is overdue', 'overdue', '==', true],
    ['if the request is rejected', 'approved', '==', false],
    ['if approved', 'approved', '==', true],
    ['if the guest replies', 'replied', '==', true],
    ['if there are more than 3 complaints', 'complaint_count', '>', 3],
  ])('"%s" → %s %s %s', (text, variable, operator, value) => {
    expect(readIf(text)).toMatchObject({ variable, operator, value });
  });

  it('what follows the condition in its clause is the first step of the branch, when it is one', () => {
    expect(readIf('if the weight is above 20 call the courier')?.rest).toBe('call the courier');
    expect(readIf('if the size is below 3 or above 9')).toMatchObject({ variable: 'size', value: 3, rest: '', unread: 'or above 9' });
    expect(readBareComparison('over 100 the boss signs it')).toMatchObject({ operator: '>', value: 100, rest: 'the boss signs it' });
  });

  it('no comparison in "if the customer seems nice" or "if in doubt"', () => {
    expect(readIf('if the customer seems nice')).toBeUndefined();
    expect(readIf('if in doubt')).toBeUndefined();
    expect(readIf('the weight is above 20')).toBeUndefined();
  });

  it('a decision branches to the end of its sentence; the next sentence comes after both branches', () => {
    const plan = readDescription('When a parcel arrives, weigh it. If the weight is above 20, book a freight truck through the carrier API; otherwise print a stamp. Then notify the sender by email.');
    expect(shape(plan)).toEqual(['user', 'decision', 'email_send']);
    const d = only(plan, 'decision');
    expect(d.branches.map((b) => [b.condition, tasks(b.steps).map((t) => t.topic)])).toEqual([['weight > 20', ['http_request']], [undefined, ['user']]]);
    // the person who weighs it gives the weight in the step's form: nothing to ask at start
    expect(tasks(plan.steps)[0].form).toEqual([{ id: 'weight', label: 'Weight', type: 'long' }]);
    expect(startVariables(plan).map((v) => v.name)).not.toContain('weight');
    // without a person's step before it, the draft asks for the variable at start
    const asked = readDescription('Fetch the rates from the bank API. If the margin is above 2, email the trader.');
    expect(startVariables(asked).find((v) => v.name === 'margin')).toMatchObject({ type: 'number' });
  });

  it('"check the X; above N …" decides on X instead of being a step', () => {
    const plan = readDescription('Check the budget; above 5000 the director signs it, else the team lead signs it.');
    expect(shape(plan)).toEqual(['decision']);
    expect(only(plan, 'decision').branches[0].condition).toBe('budget > 5000');
  });

  it('a variable a step before sets is used: "the status" after a web call is http_status, not asked at start', () => {
    const plan = readDescription('Call the billing API. If the status is 404, alert the admin on Slack.');
    expect(only(plan, 'decision').branches[0].condition).toBe('http_status == 404');
    expect(startVariables(plan).map((v) => v.name)).not.toContain('status');
  });
});

describe('people and their forms', () => {
  it('someone and a verb is a person\'s step; "approves" gives the form a yes/no field that the decision after it reads', () => {
    const plan = readDescription('When a loan application arrives, the credit officer approves it. If it is approved, send the contract by email; otherwise email the applicant a refusal.');
    const [officer] = tasks(plan.steps);
    expect(officer).toMatchObject({ topic: 'user', actor: 'credit officer', name: 'Credit officer approves the loan application' });
    expect(officer.form).toEqual([{ id: 'approved', label: 'Approved?', type: 'boolean' }]);
    expect(only(plan, 'decision').branches[0].condition).toBe('approved == true');
    expect(startVariables(plan).map((v) => v.name)).not.toContain('approved');
  });

  it('a number a person gives becomes a field of that type', () => {
    const plan = readDescription('The engineer estimates the effort. If the effort is more than 5, the manager reviews it.');
    expect(tasks(plan.steps)[0].form).toEqual([{ id: 'effort', label: 'Effort', type: 'long' }]);
  });

  it('modals, "let someone …", passives, and a clause that goes on with the same someone', () => {
    const names = (text: string) => tasks(readDescription(text).steps).map((t) => t.name);
    expect(names('A nurse must check the chart.')).toEqual(['Nurse checks the chart']);
    expect(names('Let the editor shorten the text.')).toEqual(['Editor shortens the text']);
    expect(names('The auditor reads the file and signs it.')).toEqual(['Auditor reads the file', 'Auditor signs it']);
    expect(tasks(readDescription('The customer is informed by email.').steps)[0]).toMatchObject({ topic: 'email_send', name: 'Inform the customer by email' });
  });

  it('the system or the AI doing something is no person', () => {
    const plan = readDescription('The system validates the order lines, then the AI model summarises the order.');
    expect(shape(plan)).toEqual(['input_validation', 'text_generation']);
  });
});

describe('topics from the words', () => {
  it.each([
    ['Download the price list from the supplier portal', 'http_request'],
    ['Create the ticket in Jira through its REST API', 'http_request'],
    ['Create the user account via the identity service API', 'http_request'],
    ['Send the guest a thank-you email', 'email_send'],
    ['Post the daily numbers to #finance on Slack', 'slack_post'],
    ['Ask the AI to translate the note into French', 'text_generation'],
    ['Use the AI to review the code of the patch', 'code_analysis'],
    ['Ask the AI whether the text is polite', 'ai_query'],
    ['Verify that the form has a name and an email address', 'input_validation'],
    ['Call the new customer to say hello', 'user'],
    ['Sweep the floor', 'user'],
  ])('"%s" → %s', (text, topic) => {
    expect(shape(readDescription(text))).toEqual([topic]);
  });

  it('inputs from the words: recipients, addresses, channels, required fields, what an AI step wrote', () => {
    const plan = readDescription('Verify that the order has a customer number and a delivery address, ask the AI to write a summary, post it to #orders on Slack and email the summary to the shipping team.');
    const [check, , slack, email] = tasks(plan.steps);
    expect(check.inputs.required_fields).toEqual({ text: 'customer_number,delivery_address' });
    expect(slack.inputs).toEqual({ channel: { text: '#orders' }, text: { variable: 'generated_text' } });
    expect(email.inputs).toEqual({ email_to: { variable: 'shipping_team_email' }, email_body: { variable: 'generated_text' } });
    expect(startVariables(plan).map((v) => [v.name, v.type, v.format])).toEqual([
      ['customer_number', 'string', undefined], ['delivery_address', 'string', undefined], ['shipping_team_email', 'string', 'email'],
    ]);
  });
});

describe('at the same time, for each, the start', () => {
  it('"while" and "at the same time" make parallel branches that join before the next step', () => {
    const plan = readDescription('The chef cooks the meal while the waiter sets the table. When both are done, the host calls the guests.');
    expect(shape(plan)).toEqual(['parallel', 'user']);
    expect((only(plan, 'parallel') as ParallelStep).branches.map((b) => (b.steps[0] as TaskStep).actor)).toEqual(['chef', 'waiter']);
  });

  it('"for each X" loops the steps after it in its sentence over a list asked for at start', () => {
    const plan = readDescription('For each invoice, check the totals and send a reminder email. Then the accountant closes the month.');
    expect(tasks(plan.steps).map((t) => t.each?.collection)).toEqual(['invoices', 'invoices', undefined]);
    expect(startVariables(plan)[0]).toMatchObject({ name: 'invoices', type: 'json' });
    expect(readDescription('Review each chapter of the book').steps.every((s) => s.kind !== 'task' || !s.each)).toBe(true);
  });

  it('the start: "When …", an opening sentence with an event, "If a …", a title', () => {
    expect(readDescription('When a new patient registers, the nurse checks the insurance card.')).toMatchObject({ name: 'Patient', trigger: { name: 'New patient registers' } });
    expect(readDescription('A tenant reports a leak. The caretaker inspects it.')).toMatchObject({ name: 'Tenant', trigger: { name: 'Tenant reports a leak' } });
    expect(readDescription('If a driver is sick, the dispatcher reassigns the route.').trigger.name).toBe('Driver is sick');
    expect(readDescription('Month-end close: the accountant reconciles the accounts.').name).toBe('Month-end close');
    expect(tasks(readDescription('When a refund arrives, validate it.').steps)[0].name).toBe('Validate the refund');
  });

  it('"do nothing" adds no step, and an empty or wordless description still gives a plan', () => {
    const plan = readDescription('Check the mailbox over HTTP; if the status is 200 do nothing, else alert the admin on Slack.');
    expect(only(plan, 'decision').branches.map((b) => b.steps.length)).toEqual([0, 1]);
    expect(readDescription('...').steps).toEqual([]);
  });
});

describe('nothing of the words becomes code', () => {
  it('hostile words stay words: no expression but the whitelisted ones reaches the BPMN, and it is still valid', async () => {
    const plan = readDescription('If the amount is ${execution.getProcessEngine()} call java.lang.Runtime; otherwise post #{bean.run()} to Slack. Email the ${x} team at "a@b.c" then wait for #{y}.');
    const built = planToBpmn(plan);
    const xml = await layout(built.xml);
    expect(forbiddenInDraft(xml)).toEqual([]);
    expect((await checkDraft('hostile.bpmn', xml)).filter((f) => f.severity === 'error')).toEqual([]);
    expect(built.findings.some((f) => /could not be read/.test(f.message))).toBe(true);
  });
});
