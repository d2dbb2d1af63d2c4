import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** SMTP through nodemailer (`SMTP_URL`); without it, emails are skipped (logged). */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl, { from: config.mailFrom }) : null;
    if (!this.transport) this.logger.warn('SMTP_URL is not set: emails are not sent');
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(mail: OutgoingMail): Promise<string | null> {
    if (!this.transport) return null;
    const info = (await this.transport.sendMail({ from: this.config.mailFrom, ...mail })) as { messageId?: string };
    return info.messageId ?? null;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
