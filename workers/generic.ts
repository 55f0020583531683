/**
 * The generic worker: http_request, input_validation, email_send, slack_post.
 *
 * http_request   in: url, method (GET), headers (object/JSON), body (string or JSON), timeout (ms, 30000)
 *                out: http_status, http_body, http_headers (Json). Non-2xx statuses are results, not failures.
 * input_validation  see workers/validation.ts; out: validation_passed, validation_errors;
 *                on violations: BPMN error VALIDATION_FAILED (message = every violation, joined by "; ")
 * email_send     in: email_to (or to), email_subject (subject), email_body (body), email_html, email_from, email_cc
 *                out: email_message_id, email_accepted (Json). SMTP server from settings (config.smtp).
 * slack_post     in: channel, text (or message). With slack.token: chat.postMessage at slack.baseUrl (Slack's
 *                API by default, any Slack-compatible server otherwise); with only slack.webhookUrl: the
 *                webhook (its own channel). out: slack_channel, slack_ts (empty for a webhook).
 */
import { AdapterError, adapterHealth, createAdapters, httpRequest } from './adapters';
import { bpmnError, failure, success, type Handler, type HandlerResult, type WorkerKind } from './handler';
import { RuleError, validateInput } from './validation';

const pick = (vars: Record<string, unknown>, ...names: string[]) => names.map((n) => vars[n]).find((v) => v !== undefined && v !== null);

function adapterFailure(error: unknown): HandlerResult {
  if (error instanceof AdapterError) return failure(error.message, error.details, error.permanent ? 0 : undefined);
  throw error;
}

const httpRequestHandler: Handler = async ({ variables: v }) => {
  try {
    const res = await httpRequest({
      url: pick(v, 'url', 'http_url'), method: pick(v, 'method', 'http_method'), headers: pick(v, 'headers', 'http_request_headers'),
      body: pick(v, 'body', 'http_request_body'), timeout: pick(v, 'timeout', 'http_timeout'),
    });
    return success({ http_status: res.status, http_body: res.body, http_headers: res.headers, http_ok: res.status >= 200 && res.status < 300 });
  } catch (error) {
    return adapterFailure(error);
  }
};

const inputValidationHandler: Handler = async ({ variables }) => {
  let errors: string[];
  try {
    errors = validateInput(variables);
  } catch (error) {
    if (error instanceof RuleError) return failure(`input_validation rule error: ${error.message}`, undefined, 0);
    throw error;
  }
  if (errors.length) return bpmnError('VALIDATION_FAILED', errors.join('; '), { validation_passed: false, validation_errors: errors });
  return success({ validation_passed: true, validation_errors: [] });
};

const emailSendHandler: Handler = async ({ variables: v, config }) => {
  try {
    const sent = await createAdapters(config).email.call('send_email', {
      to: pick(v, 'email_to', 'to'), subject: pick(v, 'email_subject', 'subject'), text: pick(v, 'email_body', 'body'),
      html: pick(v, 'email_html'), from: pick(v, 'email_from'), cc: pick(v, 'email_cc'),
    });
    return success({ email_message_id: sent.messageId, email_accepted: sent.accepted, email_sent_at: new Date().toISOString() });
  } catch (error) {
    return adapterFailure(error);
  }
};

const slackPostHandler: Handler = async ({ variables: v, config }) => {
  const text = pick(v, 'text', 'message');
  if (text === undefined || String(text).trim() === '') return failure('slack_post: text is required (the message to post)', undefined, 0);
  const slack = createAdapters(config).slack;
  try {
    if (config.slack?.token) {
      const channel = pick(v, 'channel', 'slack_channel');
      if (channel === undefined || String(channel).trim() === '') return failure('slack_post: channel is required (#name or the channel id)', undefined, 0);
      const posted = await slack.postMessage({ channel, text });
      return success({ slack_channel: posted.channel, slack_ts: posted.ts });
    }
    if (config.slack?.webhookUrl) {
      await slack.webhook({ text });
      return success({ slack_channel: pick(v, 'channel') ?? null, slack_ts: null });
    }
    return failure('Slack is not configured: set slack.token (and slack.baseUrl for a Slack-compatible server) or slack.webhookUrl in the settings', undefined, 0);
  } catch (error) {
    return adapterFailure(error);
  }
};

export const genericWorker: WorkerKind<'generic'> = {
  kind: 'generic',
  tags: ['generic', 'http', 'validation', 'email', 'slack'],
  handlers: { http_request: httpRequestHandler, input_validation: inputValidationHandler, email_send: emailSendHandler, slack_post: slackPostHandler },
  adapterHealth,
};
