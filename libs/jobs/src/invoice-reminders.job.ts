import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { euros } from '@filiere/invoicing';
import { NotificationsService } from '@filiere/notifications';
import { addDays, todayInParis } from '@filiere/programmes';
import { JobContext, JobHandler, JobResult } from '@filiere/platform/queue';

/** Days after the due date at which an unpaid invoice gets a reminder, each at most once. */
export const REMINDER_STAGES = [7, 30] as const;

interface Overdue {
  tenant_id: string;
  invoice_id: string;
  number: string;
  due_date: string;
  balance: string;
  iban: string;
  company_name: string;
  project_id: string;
  project_title: string;
}

// Stage 7 only while under 30 days late: an invoice found at 35 days gets the 30-day reminder alone.
const OVERDUE_SQL = `
SELECT i.tenant_id, i.id AS invoice_id, i.number, to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
       i.total_incl_vat_cents - i.paid_cents - i.credited_cents AS balance, i.seller->>'iban' AS iban,
       i.customer->>'name' AS company_name, p.id AS project_id, p.title AS project_title
FROM invoices i
JOIN projects p ON p.id = i.project_id AND p.tenant_id = i.tenant_id
WHERE i.status IN ('issued', 'partially_paid') AND i.due_date <= $1::date AND ($2::int = 30 OR i.due_date > $3::date)
  AND NOT EXISTS (SELECT 1 FROM invoice_reminders r WHERE r.tenant_id = i.tenant_id AND r.invoice_id = i.id AND r.stage = $2)
ORDER BY i.tenant_id, i.number`;

/**
 * Daily (08:00 Europe/Paris): invoices 7 and 30 days past due get a French reminder email to the
 * project's holders and a note to the tenant's advisors. The reminder row (unique per invoice and
 * stage) and the notifications are written in one transaction: a second run is a no-op.
 */
@Injectable()
export class InvoiceRemindersJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  @JobHandler('invoices.reminders')
  async run(ctx: JobContext<'invoices.reminders'>): Promise<JobResult> {
    const today = ctx.payload.date ?? todayInParis();
    let reminded = 0;
    let notified = 0;
    for (const stage of REMINDER_STAGES) {
      const rows = await this.dataSource.query<Overdue[]>(OVERDUE_SQL, [addDays(today, -stage), stage, addDays(today, -30)]);
      for (const r of rows) {
        await this.dataSource.transaction(async (m) => {
          const inserted = await m.query<{ id: string }[]>(
            `INSERT INTO invoice_reminders (tenant_id, invoice_id, stage) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, invoice_id, stage) DO NOTHING RETURNING id`,
            [r.tenant_id, r.invoice_id, stage],
          );
          if (!inserted.length) return;
          reminded += 1;
          const recipients = await m.query<{ user_id: string; kind: 'holder' | 'advisor' }[]>(
            `SELECT user_id, 'holder' AS kind FROM project_members WHERE tenant_id = $1 AND project_id = $2 AND role = 'holder'
             UNION SELECT user_id, 'advisor' FROM memberships WHERE tenant_id = $1 AND role = 'advisor'`,
            [r.tenant_id, r.project_id],
          );
          const base = { invoiceNumber: r.number, projectTitle: r.project_title, companyName: r.company_name, dueDate: r.due_date, days: stage, balance: euros(Number(r.balance)), iban: r.iban, link: this.notifications.link(`/invoices/${r.invoice_id}`) };
          for (const u of recipients) {
            const type = u.kind === 'holder' ? ('invoice_overdue' as const) : ('invoice_overdue_staff' as const);
            const id = await this.notifications.notify(m, { tenantId: r.tenant_id, userId: u.user_id, dedupKey: `${type}:${r.invoice_id}:${stage}:${u.user_id}`, data: { type, ...base } });
            if (id) notified += 1;
          }
        });
      }
    }
    await ctx.progress(100);
    return { date: today, reminded, notified };
  }
}
