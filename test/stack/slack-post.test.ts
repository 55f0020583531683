/**
 * `slack_post` end to end on the shared stack: a process with a service task on the topic, served by
 * the real generic worker through the Slack adapter, against a Slack-compatible HTTP server started
 * here (test/helpers/slack-server.ts: Slack's own API cannot be reached from this machine). Also the
 * adapter's health (auth.test), a refusal that becomes an incident with Slack's reason, the webhook
 * path, and the message a person gets when Slack is not configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/cli';
import { startSlackServer, type SlackServer } from '../helpers/slack-server';
import { testStack } from '../helpers/stack';

const { client } = testStack();
let slack: SlackServer;

function slackProcess(key: string, inputs: Record<string, string>) {
  const params = Object.entries(inputs).map(([k, v]) => `<camunda:inputParameter name="${k}">${v}</camunda:inputParameter>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_${key}" targetNamespace="http://procos.local/test">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="post" name="Post to Slack" camunda:type="external" camunda:topic="slack_post">
      <bpmn:extensionElements><camunda:inputOutput>${params}</camunda:inputOutput></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="post"/>
    <bpmn:sequenceFlow id="f2" sourceRef="post" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`;
}

async function deployAndRun(key: string, inputs: Record<string, string>, variables: Record<string, unknown> = {}) {
  const deployed = await client.deploy({ files: [{ name: `${key}.bpmn`, xml: slackProcess(key, inputs) }] });
  expect(deployed.errors).toEqual([]);
  return client.run({ key, variables, wait: true, timeoutSeconds: 60 });
}

beforeAll(async () => {
  slack = await startSlackServer();
  await client.updateSettings({ slack: { baseUrl: slack.apiUrl, token: slack.token } });
});

afterAll(async () => {
  await client.updateSettings({ slack: null }).catch(() => undefined);
  await slack?.close();
});

describe('slack_post', () => {
  it('the Slack adapter shows healthy once the server accepts the token (auth.test)', async () => {
    const adapter = await eventually(async () => {
      const a = (await client.status()).components['adapter:slack'];
      return a?.state === 'ready' && a;
    }, 'adapter:slack ready');
    expect(adapter.detail).toBe('authenticated as procos-bot on ProcOS test');
  });

  it('posts the text to the channel and sets slack_channel and slack_ts', async () => {
    const run = await deployAndRun('slack_post_ok', { channel: '#sales' }, { text: 'Order 42 shipped' });
    expect(run.state).toBe('COMPLETED');
    const posted = slack.messages.find((m) => m.text === 'Order 42 shipped');
    expect(posted).toMatchObject({ channel: 'C0SALES', via: 'api', token: slack.token });
    expect(run.variables).toMatchObject({ slack_channel: 'C0SALES', slack_ts: posted!.ts });
  });

  it("a channel Slack does not know ends in an incident that says Slack's reason", async () => {
    const run = await deployAndRun('slack_post_unknown_channel', { channel: '#nowhere', text: 'hello' });
    expect(run.state).toBe('INCIDENT');
    const [instance] = (await client.instances({ definitionKey: 'slack_post_unknown_channel', state: 'INCIDENT' })).items;
    const detail = await client.instance({ id: instance.id });
    expect(detail.incidents[0]).toMatchObject({ activityId: 'post' });
    expect(detail.incidents[0].message).toMatch(/channel_not_found/);
  });

  it('with only a webhook, the message goes to the webhook', async () => {
    await client.updateSettings({ slack: { webhookUrl: slack.webhookUrl } });
    const run = await deployAndRun('slack_post_webhook', { channel: '#sales', text: 'through the webhook' });
    expect(run.state).toBe('COMPLETED');
    expect(slack.messages.find((m) => m.text === 'through the webhook')).toMatchObject({ via: 'webhook' });
  });

  it('without Slack settings the incident says which settings to give', async () => {
    await client.updateSettings({ slack: null });
    const run = await deployAndRun('slack_post_unconfigured', { channel: '#sales', text: 'nobody hears this' });
    expect(run.state).toBe('INCIDENT');
    const [instance] = (await client.instances({ definitionKey: 'slack_post_unconfigured', state: 'INCIDENT' })).items;
    const detail = await client.instance({ id: instance.id });
    expect(detail.incidents[0].message).toMatch(/Slack is not configured: set slack\.token .* or slack\.webhookUrl/);
    expect(slack.messages.some((m) => m.text === 'nobody hears this')).toBe(false);
  });
});
