import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationsService } from '@filiere/notifications';
import { addDays, todayInParis } from '@filiere/programmes';
import { JobContext, JobHandler, JobResult } from '@filiere/platform/queue';

interface Due {
  tenant_id: string;
  milestone_id: string;
  milestone_title: string;
  due_date: string;
  project_id: string;
  project_title: string;
  user_id: string;
}

const RECIPIENTS_SQL = `
SELECT m.tenant_id, m.id AS milestone_id, m.title AS milestone_title, to_char(m.due_date, 'YYYY-MM-DD') AS due_date,
       p.id AS project_id, p.title AS project_title, pm.user_id
FROM milestones m
JOIN projects p ON p.id = m.project_id AND p.status IN ('selected', 'active')
JOIN cohorts c ON c.id = p.cohort_id AND c.status IN ('recruiting', 'running')
JOIN project_members pm ON pm.project_id = p.id
WHERE m.status <> 'done' AND m.due_date = $1::date
ORDER BY m.tenant_id, m.id`;

/**
 * Daily (07:00 Europe/Paris): holders and coaches of milestones due in 7 days, and of those
 * that became late yesterday evening. Dedup keys make a second run of the same day a no-op.
 */
@Injectable()
export class MilestoneRemindersJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  @JobHandler('milestones.reminders')
  async run(ctx: JobContext<'milestones.reminders'>): Promise<JobResult> {
    const today = ctx.payload.date ?? todayInParis();
    const soon = await this.dataSource.query<Due[]>(RECIPIENTS_SQL, [addDays(today, 7)]);
    const late = await this.dataSource.query<Due[]>(RECIPIENTS_SQL, [addDays(today, -1)]);
    let created = 0;
    await this.dataSource.transaction(async (m) => {
      for (const [kind, rows] of [['milestone_due_soon', soon], ['milestone_late', late]] as const) {
        for (const r of rows) {
          const id = await this.notifications.notify(m, {
            tenantId: r.tenant_id,
            userId: r.user_id,
            dedupKey: `${kind}:${r.milestone_id}:${r.due_date}:${r.user_id}`,
            data: { type: kind, projectTitle: r.project_title, milestoneTitle: r.milestone_title, dueDate: r.due_date, link: this.notifications.link(`/projects/${r.project_id}`) },
          });
          if (id) created += 1;
        }
      }
    });
    await ctx.progress(100);
    return { date: today, dueSoon: soon.length, late: late.length, created };
  }
}
