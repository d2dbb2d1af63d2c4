import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { Page, paginate } from '@filiere/platform/http';
import { AccessService, ProjectRef } from '@filiere/access';
import { coachingBudgetAlert } from '@filiere/cohorts';
import { addDays, todayInParis } from '@filiere/programmes';
import { Milestone } from '@filiere/projects';
import { CoachingSession } from './coaching-session.entity';
import { crossedBudgetThresholds, isSessionLocked, mergeNextSteps, NEXT_STEP_DEFAULT_DUE_DAYS, SESSION_EDIT_WINDOW_DAYS, sessionEditableUntil } from './coaching-rules';
import {
  CoachingBudgetView,
  CoachMinutesView,
  ConvertedMilestoneView,
  ConvertNextStepsDto,
  ConvertNextStepsView,
  CreateSessionDto,
  SessionsQuery,
  SessionView,
  UpdateSessionDto,
} from './coaching.dto';
import { CoachingEvents } from './coaching.events';
import { TopicsService } from './topics.service';

/** Holders read sessions without the private notes; staff (admin, advisor, assigned coach) read them. */
const seesPrivateNotes = (actor: TenantActor): boolean => actor.role !== 'holder';

const frenchDate = (date: string): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

export function sessionView(s: CoachingSession, authorName: string, withPrivateNotes: boolean, now: Date = new Date()): SessionView {
  return {
    id: s.id,
    projectId: s.projectId,
    author: { userId: s.authorUserId, name: authorName },
    date: s.date,
    durationMinutes: s.durationMinutes,
    mode: s.mode,
    topics: s.topics,
    notes: s.notes,
    ...(withPrivateNotes ? { privateNotes: s.privateNotes } : {}),
    nextSteps: s.nextSteps.map((step, index) => ({ index, title: step.title, dueDate: step.dueDate, milestoneId: step.milestoneId })),
    attendees: s.attendees,
    editableUntil: sessionEditableUntil(s.createdAt).toISOString(),
    locked: isSessionLocked(s.createdAt, now),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** What the audit trail keeps of a session version (private notes included: admins only read it). */
function auditView(s: CoachingSession): Record<string, unknown> {
  return {
    projectId: s.projectId,
    authorUserId: s.authorUserId,
    date: s.date,
    durationMinutes: s.durationMinutes,
    mode: s.mode,
    topics: s.topics,
    notes: s.notes,
    privateNotes: s.privateNotes,
    nextSteps: s.nextSteps,
    attendees: s.attendees,
  };
}

function assertNotFuture(date: string | undefined): void {
  if (date !== undefined && date > todayInParis()) {
    throw new DomainError(422, 'SESSION_DATE_IN_FUTURE', 'A session is logged once it has taken place: date is in the future', [{ field: 'date', message: 'in the future' }]);
  }
}

@Injectable()
export class CoachingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly topics: TopicsService,
    private readonly events: CoachingEvents,
  ) {}

  async list(actor: TenantActor, projectId: string, query: SessionsQuery): Promise<Page<SessionView>> {
    await this.access.requireProject(actor, projectId);
    const qb = this.dataSource.getRepository(CoachingSession).createQueryBuilder('s').where('s.tenantId = :tenantId AND s.projectId = :projectId', { tenantId: actor.tenantId, projectId });
    const page = await paginate(qb, 's', query);
    const names = await this.userNames(this.dataSource.manager, page.items.map((s) => s.authorUserId));
    return { items: page.items.map((s) => sessionView(s, names.get(s.authorUserId) ?? '', seesPrivateNotes(actor))), nextCursor: page.nextCursor };
  }

  async get(actor: TenantActor, id: string): Promise<SessionView> {
    const session = await this.dataSource.getRepository(CoachingSession).findOneBy({ id, tenantId: actor.tenantId });
    if (!session) throw notFound('Session');
    await this.access.requireProject(actor, session.projectId).catch(() => {
      throw notFound('Session');
    });
    return this.view(this.dataSource.manager, actor, session);
  }

  async create(actor: TenantActor, projectId: string, dto: CreateSessionDto): Promise<SessionView> {
    assertNotFuture(dto.date);
    return this.dataSource.transaction(async (manager) => {
      const project = await this.access.requireProject(actor, projectId, manager);
      const before = await this.lockAndSumMinutes(manager, project);
      const topics = await this.topics.canonicalise(manager, actor.tenantId, dto.topics);
      const session = await manager.getRepository(CoachingSession).save({
        tenantId: actor.tenantId,
        projectId,
        authorUserId: actor.userId,
        date: dto.date,
        durationMinutes: dto.durationMinutes,
        mode: dto.mode,
        topics,
        notes: dto.notes,
        privateNotes: dto.privateNotes ?? null,
        nextSteps: (dto.nextSteps ?? []).map((s) => ({ title: s.title, dueDate: s.dueDate ?? null, milestoneId: null })),
        attendees: dto.attendees ?? [],
      });
      await this.topics.countUse(manager, actor.tenantId, [], topics);
      await this.audit.record(manager, actor, { action: 'coaching_session.create', entity: 'coaching_session', entityId: session.id, after: auditView(session) });
      const [about] = await manager.query<{ title: string; author: string; holders: string[] }[]>(
        `SELECT p.title, (SELECT u.name FROM users u WHERE u.id = $3) AS author,
                ARRAY(SELECT pm.user_id FROM project_members pm WHERE pm.tenant_id = p.tenant_id AND pm.project_id = p.id AND pm.role = 'holder' ORDER BY pm.user_id) AS holders
         FROM projects p WHERE p.id = $1 AND p.tenant_id = $2`,
        [projectId, actor.tenantId, actor.userId],
      );
      await this.events.sessionLogged(manager, {
        tenantId: actor.tenantId,
        projectId,
        projectTitle: about?.title ?? '',
        cohortId: project.cohortId,
        sessionId: session.id,
        authorUserId: actor.userId,
        authorName: about?.author ?? '',
        date: session.date,
        durationMinutes: session.durationMinutes,
        nextSteps: session.nextSteps.map((n) => n.title),
        holderUserIds: about?.holders ?? [],
      });
      await this.signalBudget(manager, actor, project, session.id, before, before + session.durationMinutes);
      return this.view(manager, actor, session);
    });
  }

  async update(actor: TenantActor, id: string, dto: UpdateSessionDto): Promise<SessionView> {
    assertNotFuture(dto.date);
    return this.dataSource.transaction(async (manager) => {
      const { session, project } = await this.loadForWrite(manager, actor, id);
      if (session.authorUserId !== actor.userId) throw new DomainError(403, 'NOT_SESSION_AUTHOR', 'Only the author of a session may edit it');
      if (isSessionLocked(session.createdAt)) {
        throw new DomainError(409, 'SESSION_LOCKED', `A session can be edited for ${SESSION_EDIT_WINDOW_DAYS} days after it was logged; this one is locked since ${sessionEditableUntil(session.createdAt).toISOString()}`);
      }
      const beforeView = auditView(session);
      const before = await this.lockAndSumMinutes(manager, project);
      if (dto.topics !== undefined) {
        const topics = await this.topics.canonicalise(manager, actor.tenantId, dto.topics);
        await this.topics.countUse(manager, actor.tenantId, session.topics, topics);
        session.topics = topics;
      }
      if (dto.nextSteps !== undefined) {
        const merged = mergeNextSteps(session.nextSteps, dto.nextSteps);
        if (merged.droppedConverted.length) {
          throw new DomainError(409, 'NEXT_STEP_CONVERTED', `A next step already converted into a milestone cannot be removed: "${merged.droppedConverted[0]}"`);
        }
        session.nextSteps = merged.steps;
      }
      if (dto.date !== undefined) session.date = dto.date;
      if (dto.durationMinutes !== undefined) session.durationMinutes = dto.durationMinutes;
      if (dto.mode !== undefined) session.mode = dto.mode;
      if (dto.notes !== undefined) session.notes = dto.notes;
      if (dto.privateNotes !== undefined) session.privateNotes = dto.privateNotes;
      if (dto.attendees !== undefined) session.attendees = dto.attendees;
      const previousMinutes = beforeView['durationMinutes'] as number;
      const saved = await manager.getRepository(CoachingSession).save(session);
      await this.audit.record(manager, actor, { action: 'coaching_session.update', entity: 'coaching_session', entityId: id, before: beforeView, after: auditView(saved) });
      await this.signalBudget(manager, actor, project, id, before, before - previousMinutes + saved.durationMinutes);
      return this.view(manager, actor, saved);
    });
  }

  /**
   * Turns next steps of a session into milestones of its project, in one transaction: keys
   * unique per project, positions after the last milestone, due dates as given, else the
   * step's, else today + 14 days (Europe/Paris).
   */
  async convertNextSteps(actor: TenantActor, id: string, dto: ConvertNextStepsDto): Promise<ConvertNextStepsView> {
    return this.dataSource.transaction(async (manager) => {
      const { session, project } = await this.loadForWrite(manager, actor, id);
      const steps = session.nextSteps;
      const requested = dto.steps ?? steps.map((_step, index) => ({ index, dueDate: undefined as string | undefined })).filter(({ index }) => !steps[index]?.milestoneId);
      const errors: FieldError[] = [];
      const seen = new Set<number>();
      requested.forEach((r, i) => {
        if (r.index >= steps.length) errors.push({ field: `steps.${i}.index`, message: `no next step ${r.index} (the session has ${steps.length})` });
        else if (seen.has(r.index)) errors.push({ field: `steps.${i}.index`, message: `step ${r.index} listed twice` });
        seen.add(r.index);
      });
      if (errors.length) throw validationFailed(errors);
      if (!requested.length) throw new DomainError(409, 'NOTHING_TO_CONVERT', 'This session has no next step left to convert');
      const already = requested.find((r) => steps[r.index]?.milestoneId);
      if (already) throw new DomainError(409, 'NEXT_STEP_ALREADY_CONVERTED', `Next step ${already.index} is already milestone ${steps[already.index]?.milestoneId}`);

      await this.lockAndSumMinutes(manager, project);
      const [positions] = await manager.query<{ last: number }[]>('SELECT COALESCE(max(position), -1)::int AS last FROM milestones WHERE tenant_id = $1 AND project_id = $2', [actor.tenantId, project.id]);
      const last = positions?.last ?? -1;
      const today = todayInParis();
      const repo = manager.getRepository(Milestone);
      const created: ConvertedMilestoneView[] = [];
      const beforeSteps = steps.map((s) => ({ ...s }));
      for (const [n, r] of requested.entries()) {
        const step = steps[r.index];
        if (!step) continue;
        const dueDate = r.dueDate ?? step.dueDate ?? addDays(today, NEXT_STEP_DEFAULT_DUE_DAYS);
        const startDate = dueDate < today ? dueDate : today;
        const key = await this.freeMilestoneKey(manager, actor.tenantId, project.id, session.id, r.index);
        const milestone = await repo.save(
          repo.create({
            tenantId: actor.tenantId,
            projectId: project.id,
            key,
            title: step.title,
            phase: 'Prochaines étapes',
            description: `Prochaine étape de la séance d’accompagnement du ${frenchDate(session.date)}.`,
            position: last + 1 + n,
            startDate,
            dueDate,
            status: 'todo',
            note: null,
            evidenceUrl: null,
            completedAt: null,
          }),
        );
        step.milestoneId = milestone.id;
        if (r.dueDate) step.dueDate = r.dueDate;
        const view: ConvertedMilestoneView = { id: milestone.id, key, title: milestone.title, phase: milestone.phase, position: milestone.position, startDate, dueDate, status: 'todo', stepIndex: r.index };
        created.push(view);
        await this.audit.record(manager, actor, { action: 'milestone.create', entity: 'milestone', entityId: milestone.id, after: { ...view, projectId: project.id, sessionId: session.id } });
      }
      session.nextSteps = [...steps];
      const saved = await manager.getRepository(CoachingSession).save(session);
      await this.audit.record(manager, actor, {
        action: 'coaching_session.next_steps.convert',
        entity: 'coaching_session',
        entityId: session.id,
        changes: { nextSteps: { from: beforeSteps, to: saved.nextSteps } },
      });
      return { session: await this.view(manager, actor, saved), milestones: created };
    });
  }

  /** Coaching time of a project against its cohort's budget, per coach. */
  async budget(actor: TenantActor, projectId: string): Promise<CoachingBudgetView> {
    const project = await this.access.requireProject(actor, projectId);
    const [row] = await this.dataSource.query<{ hours: number | null }[]>('SELECT c.coaching_hours_per_project AS hours FROM cohorts c WHERE c.id = $1 AND c.tenant_id = $2', [project.cohortId, actor.tenantId]);
    const byCoach = await this.dataSource.query<{ user_id: string; name: string; minutes: number; sessions: number; assigned: boolean }[]>(
      `SELECT b.user_id, u.name, b.minutes, b.sessions, b.assigned FROM (
         SELECT COALESCE(s.user_id, pm.user_id) AS user_id, COALESCE(s.minutes, 0)::int AS minutes, COALESCE(s.sessions, 0)::int AS sessions, pm.user_id IS NOT NULL AS assigned
         FROM (SELECT author_user_id AS user_id, sum(duration_minutes) AS minutes, count(*) AS sessions
               FROM coaching_sessions WHERE tenant_id = $1 AND project_id = $2 GROUP BY author_user_id) s
         FULL JOIN (SELECT user_id FROM project_members WHERE tenant_id = $1 AND project_id = $2 AND role = 'coach') pm ON pm.user_id = s.user_id
       ) b JOIN users u ON u.id = b.user_id
       ORDER BY b.minutes DESC, u.name, b.user_id`,
      [actor.tenantId, projectId],
    );
    const coaches: CoachMinutesView[] = byCoach.map((r) => ({ userId: r.user_id, name: r.name, minutes: r.minutes, sessions: r.sessions, assigned: r.assigned }));
    const usedMinutes = coaches.reduce((sum, c) => sum + c.minutes, 0);
    const budgetMinutes = row?.hours === null || row?.hours === undefined ? null : row.hours * 60;
    return {
      projectId,
      cohortId: project.cohortId,
      budgetMinutes,
      usedMinutes,
      usedPercent: budgetMinutes ? Math.round((usedMinutes * 1000) / budgetMinutes) / 10 : null,
      alert: coachingBudgetAlert(usedMinutes, budgetMinutes),
      byCoach: coaches,
    };
  }

  /** The session (locked) if the actor may see its project, else 404. */
  private async loadForWrite(manager: EntityManager, actor: TenantActor, id: string): Promise<{ session: CoachingSession; project: ProjectRef }> {
    const session = await manager.getRepository(CoachingSession).findOne({ where: { id, tenantId: actor.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!session) throw notFound('Session');
    const project = await this.access.requireProject(actor, session.projectId, manager).catch(() => {
      throw notFound('Session');
    });
    return { session, project };
  }

  /**
   * Locks the project row (so that concurrent sessions on one project see each other's minutes
   * and a budget threshold is signalled once) and returns its coaching minutes so far.
   */
  private async lockAndSumMinutes(manager: EntityManager, project: ProjectRef): Promise<number> {
    await manager.query('SELECT 1 FROM projects WHERE id = $1 AND tenant_id = $2 FOR NO KEY UPDATE', [project.id, project.tenantId]);
    const [row] = await manager.query<{ minutes: number }[]>('SELECT COALESCE(sum(duration_minutes), 0)::int AS minutes FROM coaching_sessions WHERE tenant_id = $1 AND project_id = $2', [project.tenantId, project.id]);
    return row?.minutes ?? 0;
  }

  private async signalBudget(manager: EntityManager, actor: TenantActor, project: ProjectRef, sessionId: string, beforeMinutes: number, afterMinutes: number): Promise<void> {
    const [row] = await manager.query<{ hours: number | null; title: string }[]>(
      'SELECT c.coaching_hours_per_project AS hours, p.title FROM projects p JOIN cohorts c ON c.id = p.cohort_id WHERE p.id = $1 AND p.tenant_id = $2',
      [project.id, project.tenantId],
    );
    const budgetMinutes = row?.hours ? row.hours * 60 : null;
    for (const thresholdPercent of crossedBudgetThresholds(beforeMinutes, afterMinutes, budgetMinutes)) {
      await this.events.budgetThresholdCrossed(manager, {
        tenantId: project.tenantId,
        projectId: project.id,
        projectTitle: row?.title ?? '',
        cohortId: project.cohortId,
        sessionId,
        actorUserId: actor.userId,
        thresholdPercent,
        usedMinutes: afterMinutes,
        budgetMinutes: budgetMinutes ?? 0,
      });
    }
  }

  private async freeMilestoneKey(manager: EntityManager, tenantId: string, projectId: string, sessionId: string, index: number): Promise<string> {
    const candidates = [`etape_${sessionId.slice(0, 8)}_${index + 1}`, `etape_${sessionId.replace(/-/g, '')}_${index + 1}`];
    const taken = await manager.query<{ key: string }[]>('SELECT key FROM milestones WHERE tenant_id = $1 AND project_id = $2 AND key = ANY($3::text[])', [tenantId, projectId, candidates]);
    const used = new Set(taken.map((r) => r.key));
    const free = candidates.find((k) => !used.has(k));
    if (!free) throw new DomainError(409, 'MILESTONE_KEY_TAKEN', 'A milestone already uses the key of this next step');
    return free;
  }

  private async view(manager: EntityManager, actor: TenantActor, session: CoachingSession): Promise<SessionView> {
    const names = await this.userNames(manager, [session.authorUserId]);
    return sessionView(session, names.get(session.authorUserId) ?? '', seesPrivateNotes(actor));
  }

  private async userNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await manager.query<{ id: string; name: string }[]>('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
