import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { renderEmail } from '@filiere/notifications';
import { JobContext, JobHandler, JobResult } from '@filiere/platform/queue';
import { Mailer } from './mailer';

interface Row {
  id: string;
  tenant_id: string;
  user_id: string | null;
  email: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  email_status: string;
}

@Injectable()
export class NotificationEmailJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  /**
   * Sends the email of a notification once: a notification whose email is no longer pending
   * (sent, skipped) is left alone, so a repeated run sends nothing more.
   */
  @JobHandler('notification.email')
  async send(ctx: JobContext<'notification.email'>): Promise<JobResult> {
    const [n] = await this.dataSource.query<Row[]>('SELECT id, tenant_id, user_id, email, type, title, body, link, email_status FROM notifications WHERE id = $1', [ctx.payload.notificationId]);
    if (!n) return { skipped: 'notification deleted' };
    if (n.email_status !== 'pending') return { skipped: `already ${n.email_status}` };
    if (n.user_id) {
      const [pref] = await this.dataSource.query<{ email: boolean }[]>('SELECT email FROM notification_preferences WHERE tenant_id = $1 AND user_id = $2 AND type = $3', [n.tenant_id, n.user_id, n.type]);
      if (pref && !pref.email) {
        await this.mark(n.id, 'skipped');
        return { skipped: 'email turned off by the recipient' };
      }
    }
    if (!this.mailer.enabled) {
      await this.mark(n.id, 'skipped');
      return { skipped: 'no SMTP configured' };
    }
    const messageId = await this.mailer.send({ to: n.email, ...renderEmail({ title: n.title, body: n.body, link: n.link }) });
    await this.mark(n.id, 'sent');
    return { messageId };
  }

  private async mark(id: string, status: 'sent' | 'skipped'): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET email_status = $2, emailed_at = now() WHERE id = $1 AND email_status = 'pending'`, [id, status]);
  }
}
