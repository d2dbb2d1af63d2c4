import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { TimelineItemView, TimelineKind, TimelineQuery } from './timeline.dto';
import { timelineSummary } from './timeline-summary';

type Changes = Record<string, { from: unknown; to: unknown }>;

interface FeedRow {
  id: string;
  at: Date;
  source: 'project' | 'milestone' | 'session' | 'results' | 'award' | 'academic' | 'training';
  action: string;
  actor_user_id: string | null;
  actor_name: string | null;
  data: Record<string, unknown>;
}

/**
 * One feed of what happened to a project, newest first, from the audit trail (project and
 * milestone changes, with the fields that changed) and the coaching and workshop tables.
 * Sessions appear without any notes (so never private ones); session edits, evaluations of
 * single partners and anything of other projects stay out. Keyset-paginated on (at, id).
 */
export const TIMELINE_SQL = `
WITH feed AS (
  SELECT a.id, a.created_at AS at, 'project' AS source, a.action, a.actor_user_id, jsonb_build_object('changes', a.changes) AS data
  FROM audit_events a
  WHERE a.tenant_id = $1 AND a.entity = 'project' AND a.entity_id = $2
  UNION ALL
  SELECT a.id, a.created_at, 'milestone', a.action, a.actor_user_id,
         jsonb_build_object('milestoneId', m.id, 'title', m.title, 'dueDate', to_char(m.due_date, 'YYYY-MM-DD'), 'changes', a.changes)
  FROM audit_events a JOIN milestones m ON m.id = a.entity_id AND m.tenant_id = a.tenant_id
  WHERE a.tenant_id = $1 AND a.entity = 'milestone' AND m.project_id = $2
  UNION ALL
  SELECT s.id, s.created_at, 'session', 'session.logged', s.author_user_id,
         jsonb_build_object('sessionId', s.id, 'date', to_char(s.date, 'YYYY-MM-DD'), 'durationMinutes', s.duration_minutes, 'mode', s.mode, 'topics', s.topics)
  FROM coaching_sessions s
  WHERE s.tenant_id = $1 AND s.project_id = $2
  UNION ALL
  SELECT w.id, w.closed_at, 'results', 'workshop.close', w.closed_by_user_id,
         jsonb_build_object('workshopId', w.id, 'workshopTitle', w.title,
           'evaluationCount', (SELECT count(*) FROM workshop_evaluations e WHERE e.tenant_id = w.tenant_id AND e.workshop_id = w.id AND e.project_id = $2))
  FROM workshops w JOIN workshop_projects wp ON wp.workshop_id = w.id AND wp.tenant_id = w.tenant_id
  WHERE w.tenant_id = $1 AND wp.project_id = $2 AND w.status = 'closed' AND w.closed_at IS NOT NULL
  UNION ALL
  SELECT aw.id, aw.created_at, 'award', 'workshop.award', aw.recorded_by_user_id,
         jsonb_build_object('workshopId', w.id, 'workshopTitle', w.title, 'prize', aw.prize, 'awardedBy', aw.awarded_by)
  FROM workshop_awards aw JOIN workshops w ON w.id = aw.workshop_id AND w.tenant_id = aw.tenant_id
  WHERE aw.tenant_id = $1 AND aw.project_id = $2
  UNION ALL
  SELECT a.id, a.created_at, 'academic', a.action, a.actor_user_id,
         jsonb_build_object('teamId', t.id, 'title', t.title, 'dueDate', to_char(t.due_date, 'YYYY-MM-DD'), 'grade', t.grade, 'changes', a.changes)
  FROM audit_events a JOIN academic_teams t ON t.id = a.entity_id AND t.tenant_id = a.tenant_id
  WHERE a.tenant_id = $1 AND a.entity = 'academic_team' AND t.project_id = $2
  UNION ALL
  SELECT tr.id, max(r.attendance_recorded_at), 'training', 'training.attended', NULL::uuid,
         jsonb_build_object('trainingId', tr.id, 'topic', tr.topic, 'date', to_char(tr.starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD'),
           'durationMinutes', tr.duration_minutes, 'attendees', count(*))
  FROM training_registrations r JOIN trainings tr ON tr.id = r.training_id AND tr.tenant_id = r.tenant_id
  WHERE r.tenant_id = $1 AND r.project_id = $2 AND r.attended
  GROUP BY tr.id
)
SELECT f.id, f.at, f.source, f.action, f.actor_user_id, u.name AS actor_name, f.data
FROM feed f LEFT JOIN users u ON u.id = f.actor_user_id
WHERE $3::timestamptz IS NULL OR (f.at, f.id) < ($3::timestamptz, $4::uuid)
ORDER BY f.at DESC, f.id DESC
LIMIT $5`;

const MILESTONE_FIELDS = ['status', 'dueDate', 'note', 'evidenceUrl'];
const PROJECT_STATUS_ACTIONS = new Set(['project.selected', 'project.active', 'project.completed', 'project.withdrawn']);

function pick(changes: Changes, keys: string[]): Changes {
  return Object.fromEntries(Object.entries(changes).filter(([k]) => keys.includes(k)));
}

/** The reader-facing kind and data of a feed row (null: not shown). */
export function toTimelineEvent(row: Pick<FeedRow, 'source' | 'action' | 'data'>): { kind: TimelineKind; data: Record<string, unknown> } | null {
  const changes = (row.data['changes'] ?? {}) as Changes;
  switch (row.source) {
    case 'project':
      if (row.action === 'project.create') return { kind: 'project.created', data: {} };
      if (PROJECT_STATUS_ACTIONS.has(row.action)) return { kind: 'project.status_changed', data: { from: changes['status']?.from ?? null, to: changes['status']?.to ?? null } };
      if (row.action === 'project.coach.assign') return { kind: 'project.coach_assigned', data: { coachUserId: changes['coach']?.to ?? null } };
      if (row.action === 'project.coach.unassign') return { kind: 'project.coach_unassigned', data: { coachUserId: changes['coach']?.from ?? null } };
      if (row.action === 'project.update') return { kind: 'project.updated', data: { fields: Object.keys(changes).filter((k) => k !== 'members') } };
      return null;
    case 'milestone': {
      const base = { milestoneId: row.data['milestoneId'], title: row.data['title'] };
      if (row.action === 'milestone.create') return { kind: 'milestone.created', data: { ...base, dueDate: changes['dueDate']?.to ?? row.data['dueDate'] } };
      if (row.action === 'milestone.update') return { kind: 'milestone.updated', data: { ...base, changes: pick(changes, MILESTONE_FIELDS) } };
      return null;
    }
    case 'session':
      return { kind: 'session.logged', data: row.data };
    case 'results':
      return { kind: 'workshop.results_published', data: row.data };
    case 'award':
      return { kind: 'workshop.award', data: row.data };
    case 'academic': {
      const base = { teamId: row.data['teamId'], title: row.data['title'] };
      if (row.action === 'academic_team.create') return { kind: 'academic.created', data: { ...base, dueDate: row.data['dueDate'] } };
      const to = changes['status']?.to;
      if (row.action === 'academic_team.update' && to === 'submitted') return { kind: 'academic.submitted', data: base };
      if (row.action === 'academic_team.update' && to === 'assessed') return { kind: 'academic.assessed', data: { ...base, grade: changes['grade']?.to ?? row.data['grade'] ?? null } };
      return null;
    }
    case 'training':
      return { kind: 'training.attended', data: row.data };
  }
}

@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async forProject(actor: TenantActor, projectId: string, query: TimelineQuery): Promise<Page<TimelineItemView>> {
    await this.access.requireProject(actor, projectId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.dataSource.query<FeedRow[]>(TIMELINE_SQL, [actor.tenantId, projectId, cursor?.t ?? null, cursor?.i ?? null, limit + 1]);
    const page = toPage(
      rows.map((r) => ({ ...r, createdAt: new Date(r.at) })),
      limit,
    );
    const items: TimelineItemView[] = [];
    for (const r of page.items) {
      const event = toTimelineEvent(r);
      if (!event) continue;
      items.push({
        id: r.id,
        at: r.createdAt.toISOString(),
        kind: event.kind,
        summary: timelineSummary(event.kind, event.data),
        actor: r.actor_user_id ? { userId: r.actor_user_id, name: r.actor_name ?? '' } : null,
        data: event.data,
      });
    }
    return { items, nextCursor: page.nextCursor };
  }
}
