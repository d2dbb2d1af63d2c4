import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AccessService } from '@filiere/access';
import { todayInParis } from '@filiere/programmes';
import { DashboardRow, DashboardView } from './projects.dto';
import type { ProjectStatus } from './project.entity';

interface Row {
  project_id: string;
  title: string;
  company_name: string;
  status: ProjectStatus;
  todo: number;
  in_progress: number;
  done: number;
  blocked: number;
  late: number;
  next_id: string | null;
  next_title: string | null;
  next_due: string | null;
}

/**
 * The cohort dashboard in one round trip: one aggregate pass over the milestones of the
 * cohort's visible projects, plus the next due milestone of each by a lateral index lookup.
 */
export const DASHBOARD_SQL = `
SELECT p.id AS project_id, p.title, p.company_name, p.status,
       COALESCE(agg.todo, 0)::int AS todo, COALESCE(agg.in_progress, 0)::int AS in_progress,
       COALESCE(agg.done, 0)::int AS done, COALESCE(agg.blocked, 0)::int AS blocked,
       COALESCE(agg.late, 0)::int AS late,
       nx.id AS next_id, nx.title AS next_title, to_char(nx.due_date, 'YYYY-MM-DD') AS next_due
FROM projects p
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE m.status = 'todo') AS todo,
         count(*) FILTER (WHERE m.status = 'in_progress') AS in_progress,
         count(*) FILTER (WHERE m.status = 'done') AS done,
         count(*) FILTER (WHERE m.status = 'blocked') AS blocked,
         count(*) FILTER (WHERE m.status <> 'done' AND m.due_date < $3::date) AS late
  FROM milestones m WHERE m.project_id = p.id
) agg ON TRUE
LEFT JOIN LATERAL (
  SELECT m.id, m.title, m.due_date FROM milestones m
  WHERE m.project_id = p.id AND m.status <> 'done'
  ORDER BY m.due_date, m.position LIMIT 1
) nx ON TRUE
WHERE p.tenant_id = $1 AND p.cohort_id = $2
  AND ($4::uuid IS NULL OR EXISTS (
    SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = $4::uuid AND pm.role = 'coach'))
ORDER BY p.title, p.id`;

@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async forCohort(actor: TenantActor, cohortId: string): Promise<DashboardView> {
    await this.access.requireCohort(actor, cohortId);
    const today = todayInParis();
    const coachFilter = actor.role === 'coach' ? actor.userId : null;
    const rows = await this.dataSource.query<Row[]>(DASHBOARD_SQL, [actor.tenantId, cohortId, today, coachFilter]);
    return { cohortId, today, projects: rows.map((r) => toRow(r, today)) };
  }
}

function toRow(r: Row, today: string): DashboardRow {
  return {
    projectId: r.project_id,
    title: r.title,
    companyName: r.company_name,
    status: r.status,
    milestones: { todo: r.todo, inProgress: r.in_progress, done: r.done, blocked: r.blocked, total: r.todo + r.in_progress + r.done + r.blocked },
    lateCount: r.late,
    nextDue: r.next_id && r.next_title && r.next_due ? { id: r.next_id, title: r.next_title, dueDate: r.next_due, late: r.next_due < today } : null,
    coachingMinutes: 0,
    invoiceStatus: null,
  };
}
