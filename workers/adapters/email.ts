/** Email adapter: SMTP through nodemailer, server from settings (WorkerConfig.smtp). */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ComponentInfo } from '../../common/contract';
import type { WorkerConfig } from '../../common/worker-protocol';
import { AdapterError, str, unknownMethod, type AdapterParams, type ServiceAdapter } from './types';

type Smtp = NonNullable<WorkerConfig['smtp']>;

export class EmailAdapter implements ServiceAdapter {
  readonly name = 'email';
  private transport?: Transporter;
  constructor(private readonly smtp?: Smtp) {}

  configured() { return Boolean(this.smtp?.host && this.smtp.port); }

  private transporter(): Transporter {
    if (!this.configured()) throw new AdapterError('SMTP is not configured: set smtp.host and smtp.port in the settings', true);
    const s = this.smtp!;
    this.transport ??= nodemailer.createTransport({
      host: s.host, port: s.port, secure: s.secure ?? s.port === 465,
      auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
      connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000,
    });
    return this.transport;
  }

  async call(method: string, params: AdapterParams) {
    if (method !== 'send_email') throw unknownMethod(this.name, method, ['send_email']);
    const to = Array.isArray(params.to) ? params.to.map(String).join(', ') : str(params.to);
    if (!to) throw new AdapterError('email recipient (to) is required', true);
    const subject = str(params.subject) ?? '';
    const text = str(params.text);
    const html = str(params.html);
    if (!text && !html && !subject) throw new AdapterError('email needs a subject or a body', true);
    const from = str(params.from) ?? this.smtp?.from ?? 'procos@localhost';
    const transport = this.transporter();
    try {
      const info = await transport.sendMail({ from, to, cc: str(params.cc), bcc: str(params.bcc), subject, text, html });
      return { messageId: info.messageId, accepted: (info.accepted ?? []).map(String), rejected: (info.rejected ?? []).map(String), response: info.response };
    } catch (error) {
      const e = error as Error & { responseCode?: number };
      // 5xx SMTP replies are permanent; connection problems are worth retrying.
      throw new AdapterError(`sending email via ${this.smtp!.host}:${this.smtp!.port} failed: ${e.message}`,
        Boolean(e.responseCode && e.responseCode >= 500));
    }
  }

  async healthCheck(): Promise<ComponentInfo> {
    if (!this.configured()) return { name: this.name, state: 'stopped', detail: 'SMTP not configured' };
    const where = `${this.smtp!.host}:${this.smtp!.port}`;
    try {
      await this.transporter().verify();
      return { name: this.name, state: 'ready', detail: `SMTP ${where} answers` };
    } catch (error) {
      return { name: this.name, state: 'failed', detail: `SMTP ${where}: ${(error as Error).message}` };
    }
  }
}
