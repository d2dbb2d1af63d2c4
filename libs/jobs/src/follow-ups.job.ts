import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { JobContext, JobHandler, JobResult } from '@filiere/platform/queue';
import { renderEmail } from '@filiere/notifications';
import { todayInParis } from '@filiere/programmes';
import { CREATE_DUE_FORMS_SQL, followUpMail, followUpPath, hashFollowUpToken, newFollowUpToken, NEXT_UNSENT_FORM_SQL } from '@filiere/reporting';
import { Mailer } from './mailer';

interface FormRow {
  id: string;
  tenant_id: string;
  project_id: string;
  stage: number;
  title: string;
  company_name: string;
  cohort_name: string;
}

/**
 * Daily (09:00 Europe/Paris): the follow-up forms 6, 12 and 24 months after a cohort closed.
 * Rows are created once per project and stage (unique key); each unsent row is then taken under
 * a row lock (`FOR UPDATE SKIP LOCKED`: a second worker skips it), given a fresh token whose hash
 * alone is stored, emailed to the project's holders and marked sent in the same transaction. A
 * failed email rolls back (retried later, with a new token); a second run finds nothing to send.
 * The token goes straight into the email, never into a table.
 */
@Injectable()
export class FollowUpsJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('reporting.follow-ups')
  async run(ctx: JobContext<'reporting.follow-ups'>): Promise<JobResult> {
    const today = ctx.payload.date ?? todayInParis();
    await this.dataSource.query(CREATE_DUE_FORMS_SQL, [today]);
    let sent = 0;
    let emails = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (m) => {
        const [form] = await m.query<FormRow[]>(NEXT_UNSENT_FORM_SQL);
        if (!form) return true;
        const token = newFollowUpToken();
        await m.query('UPDATE follow_up_forms SET token_hash = $2, sent_at = now(), updated_at = now() WHERE id = $1', [form.id, hashFollowUpToken(token)]);
        const holders = await m.query<{ email: string }[]>(
          `SELECT u.email FROM project_members pm JOIN users u ON u.id = pm.user_id WHERE pm.tenant_id = $1 AND pm.project_id = $2 AND pm.role = 'holder' ORDER BY u.email`,
          [form.tenant_id, form.project_id],
        );
        const mail = renderEmail(followUpMail({ stage: form.stage, projectTitle: form.title, companyName: form.company_name, cohortName: form.cohort_name, link: `${this.config.publicUrl}${followUpPath(form.project_id, token)}` }));
        for (const h of holders) {
          await this.mailer.send({ to: h.email, ...mail });
          emails += 1;
        }
        sent += 1;
        return false;
      });
      if (done) break;
    }
    await ctx.progress(100);
    return { date: today, sent, emails };
  }
}
