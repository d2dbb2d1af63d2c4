import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { Page, paginate } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { CohortsService } from '@filiere/cohorts';
import { computeWorkshopResults, evaluationScore, ProjectResult } from './results';
import { resultsCsv } from './results-csv';
import { rubricErrors, validateScores } from './rubric';
import { Workshop, WorkshopAward, WorkshopEvaluation, WorkshopPartner, WorkshopProject } from './workshop.entities';
import { AwardDto, AwardView, CreateWorkshopDto, EvaluationDto, EvaluationView, WorkshopPartnerView, WorkshopProjectView, WorkshopsQuery, WorkshopView } from './workshops.dto';
import { WorkshopEvents } from './workshops.events';

const isStaff = (actor: TenantActor): boolean => actor.role === 'admin' || actor.role === 'advisor';

function evaluationView(e: WorkshopEvaluation, workshop: Workshop): EvaluationView {
  return {
    id: e.id,
    workshopId: e.workshopId,
    projectId: e.projectId,
    partnerUserId: e.partnerUserId,
    scores: e.scores,
    comment: e.comment,
    weightedScore: Math.round(evaluationScore(workshop.criteria, e.scores) * 100) / 100,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

@Injectable()
export class WorkshopsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
    private readonly events: WorkshopEvents,
  ) {}

  async list(actor: TenantActor, cohortId: string, query: WorkshopsQuery): Promise<Page<WorkshopView>> {
    await this.access.requireCohort(actor, cohortId);
    const { status, ...page } = query;
    const scope = this.access.workshopScope(actor, 'w');
    const qb = this.dataSource.getRepository(Workshop).createQueryBuilder('w').where('w.cohortId = :cohortId', { cohortId }).andWhere(scope.sql, scope.params);
    if (status) qb.andWhere('w.status = :status', { status });
    const result = await paginate(qb, 'w', page);
    const items = await Promise.all(result.items.map((w) => this.view(this.dataSource.manager, actor, w)));
    return { items, nextCursor: result.nextCursor };
  }

  async get(actor: TenantActor, id: string): Promise<WorkshopView> {
    const workshop = await this.require(this.dataSource.manager, actor, id);
    return this.view(this.dataSource.manager, actor, workshop);
  }

  async create(actor: TenantActor, cohortId: string, dto: CreateWorkshopDto): Promise<WorkshopView> {
    const criteriaErrors = rubricErrors(dto.criteria);
    if (criteriaErrors.length) throw validationFailed(criteriaErrors);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw new DomainError(422, 'INVALID_DATE_RANGE', 'endsAt must be after startsAt', [{ field: 'endsAt', message: 'must be after startsAt' }]);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohorts.load(manager, actor.tenantId, cohortId);
      if (cohort.status === 'closed') throw new DomainError(409, 'COHORT_CLOSED', 'This cohort is closed');
      const projects = await manager.query<{ id: string }[]>('SELECT id FROM projects WHERE tenant_id = $1 AND cohort_id = $2 AND id = ANY($3::uuid[])', [actor.tenantId, cohortId, dto.projectIds]);
      const inCohort = new Set(projects.map((p) => p.id));
      const partners = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'partner' AND user_id = ANY($2::uuid[])`, [actor.tenantId, dto.partnerUserIds]);
      const arePartners = new Set(partners.map((p) => p.user_id));
      const errors: FieldError[] = [
        ...dto.projectIds.flatMap((id, i) => (inCohort.has(id.toLowerCase()) ? [] : [{ field: `projectIds.${i}`, message: 'not a project of this cohort' }])),
        ...dto.partnerUserIds.flatMap((id, i) => (arePartners.has(id.toLowerCase()) ? [] : [{ field: `partnerUserIds.${i}`, message: 'not a partner of this tenant' }])),
      ];
      if (errors.length) {
        throw new DomainError(422, 'INVALID_PARTICIPANTS', `Some participants cannot take part — ${errors[0]?.field}: ${errors[0]?.message}`, errors);
      }
      const workshop = await manager.getRepository(Workshop).save({
        tenantId: actor.tenantId,
        cohortId,
        title: dto.title,
        startsAt,
        endsAt,
        location: dto.location,
        criteria: dto.criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight, maxScore: c.maxScore })),
        status: 'open',
        closedAt: null,
        closedByUserId: null,
      });
      const projectRows = dto.projectIds.map((projectId, position) => ({ tenantId: actor.tenantId, workshopId: workshop.id, projectId: projectId.toLowerCase(), position }));
      await manager.getRepository(WorkshopProject).insert(projectRows);
      const partnerIds = dto.partnerUserIds.map((u) => u.toLowerCase());
      if (partnerIds.length) await manager.getRepository(WorkshopPartner).insert(partnerIds.map((userId) => ({ tenantId: actor.tenantId, workshopId: workshop.id, userId })));
      const view = await this.view(manager, actor, workshop);
      await this.audit.record(manager, actor, {
        action: 'workshop.create',
        entity: 'workshop',
        entityId: workshop.id,
        after: { ...view, projects: dto.projectIds, partners: partnerIds, awards: undefined },
      });
      if (partnerIds.length) await this.events.partnersInvited(manager, { tenantId: actor.tenantId, workshopId: workshop.id, workshopTitle: workshop.title, cohortId, partnerUserIds: partnerIds });
      return view;
    });
  }

  /** An invited partner's evaluation of a presenting project, created or replaced; refused once closed. */
  async putEvaluation(actor: TenantActor, id: string, projectId: string, dto: EvaluationDto): Promise<EvaluationView> {
    return this.dataSource.transaction(async (manager) => {
      // A shared lock on the workshop row: closing (which takes it exclusively) waits for us, and we for it.
      const workshop = await this.require(manager, actor, id, 'pessimistic_read');
      await this.requirePresenting(manager, actor, workshop.id, projectId);
      if (workshop.status === 'closed') throw new DomainError(409, 'WORKSHOP_CLOSED', 'This workshop is closed: evaluations are frozen');
      const { scores, errors } = validateScores(workshop.criteria, dto.scores);
      if (errors.length) throw validationFailed(errors);
      const repo = manager.getRepository(WorkshopEvaluation);
      const existing = await repo.findOne({ where: { tenantId: actor.tenantId, workshopId: id, projectId, partnerUserId: actor.userId }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? evaluationView(existing, workshop) : null;
      const saved = await repo.save(
        existing
          ? Object.assign(existing, { scores, comment: dto.comment !== undefined ? dto.comment : existing.comment })
          : repo.create({ tenantId: actor.tenantId, workshopId: id, projectId, partnerUserId: actor.userId, scores, comment: dto.comment ?? null }),
      );
      const after = evaluationView(saved, workshop);
      await this.audit.record(manager, actor, { action: existing ? 'workshop_evaluation.update' : 'workshop_evaluation.create', entity: 'workshop_evaluation', entityId: saved.id, before, after });
      return after;
    });
  }

  /** Admins and advisors read every evaluation; a partner reads their own. */
  async listEvaluations(actor: TenantActor, id: string): Promise<EvaluationView[]> {
    const workshop = await this.require(this.dataSource.manager, actor, id);
    const rows = await this.dataSource.getRepository(WorkshopEvaluation).find({
      where: { tenantId: actor.tenantId, workshopId: id, ...(isStaff(actor) ? {} : { partnerUserId: actor.userId }) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((e) => evaluationView(e, workshop));
  }

  async close(actor: TenantActor, id: string): Promise<WorkshopView> {
    return this.dataSource.transaction(async (manager) => {
      const workshop = await this.require(manager, actor, id, 'pessimistic_write');
      if (workshop.status === 'closed') throw new DomainError(409, 'WORKSHOP_CLOSED', 'This workshop is already closed');
      const before = { status: workshop.status, closedAt: null };
      workshop.status = 'closed';
      workshop.closedAt = new Date();
      workshop.closedByUserId = actor.userId;
      const saved = await manager.getRepository(Workshop).save(workshop);
      const closedAt = (saved.closedAt ?? new Date()).toISOString();
      await this.audit.record(manager, actor, { action: 'workshop.close', entity: 'workshop', entityId: id, before, after: { status: 'closed', closedAt } });
      const view = await this.view(manager, actor, saved);
      const partners = await manager.getRepository(WorkshopPartner).find({ where: { tenantId: actor.tenantId, workshopId: id } });
      await this.events.resultsPublished(manager, {
        tenantId: actor.tenantId,
        workshopId: id,
        workshopTitle: saved.title,
        cohortId: saved.cohortId,
        closedAt,
        projectIds: view.projects.map((p) => p.projectId),
        partnerUserIds: partners.map((p) => p.userId),
      });
      return view;
    });
  }

  async results(actor: TenantActor, id: string): Promise<ProjectResult[]> {
    const workshop = await this.requireResultsReader(actor, id);
    return this.compute(workshop);
  }

  async resultsCsv(actor: TenantActor, id: string): Promise<{ filename: string; csv: string }> {
    const workshop = await this.requireResultsReader(actor, id);
    const results = await this.compute(workshop);
    const awards = await this.dataSource.getRepository(WorkshopAward).find({ where: { tenantId: actor.tenantId, workshopId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const day = workshop.startsAt.toISOString().slice(0, 10);
    return { filename: `resultats-ateliers-${day}.csv`, csv: resultsCsv(results, awards) };
  }

  async addAward(actor: TenantActor, id: string, dto: AwardDto): Promise<AwardView> {
    return this.dataSource.transaction(async (manager) => {
      const workshop = await this.require(manager, actor, id, 'pessimistic_read');
      if (workshop.status !== 'closed') throw new DomainError(409, 'WORKSHOP_NOT_CLOSED', 'Close the workshop (freeze the evaluations) before recording prizes');
      const projectId = dto.projectId.toLowerCase();
      const [project] = await manager.query<{ title: string }[]>(
        'SELECT p.title FROM workshop_projects wp JOIN projects p ON p.id = wp.project_id WHERE wp.tenant_id = $1 AND wp.workshop_id = $2 AND wp.project_id = $3',
        [actor.tenantId, id, projectId],
      );
      if (!project) throw new DomainError(422, 'PROJECT_NOT_IN_WORKSHOP', 'This project did not present at the workshop', [{ field: 'projectId', message: 'not a project of this workshop' }]);
      const repo = manager.getRepository(WorkshopAward);
      if (await repo.existsBy({ tenantId: actor.tenantId, workshopId: id, projectId, prize: dto.prize })) {
        throw new DomainError(409, 'AWARD_EXISTS', `This project already has the prize "${dto.prize}"`);
      }
      const award = await repo.save({ tenantId: actor.tenantId, workshopId: id, projectId, prize: dto.prize, awardedBy: dto.awardedBy, recordedByUserId: actor.userId });
      const view: AwardView = { id: award.id, workshopId: id, projectId, projectTitle: project.title, prize: award.prize, awardedBy: award.awardedBy, createdAt: award.createdAt.toISOString() };
      await this.audit.record(manager, actor, { action: 'workshop_award.create', entity: 'workshop_award', entityId: award.id, after: view });
      return view;
    });
  }

  /** The workshop if the actor may see it, else 404; optionally locked. */
  private async require(manager: EntityManager, actor: TenantActor, id: string, lock?: 'pessimistic_read' | 'pessimistic_write'): Promise<Workshop> {
    const scope = this.access.workshopScope(actor, 'w');
    const qb = manager.getRepository(Workshop).createQueryBuilder('w').where('w.id = :id', { id }).andWhere(scope.sql, scope.params);
    if (lock) qb.setLock(lock);
    const workshop = await qb.getOne();
    if (!workshop) throw notFound('Workshop');
    return workshop;
  }

  private async requirePresenting(manager: EntityManager, actor: TenantActor, workshopId: string, projectId: string): Promise<void> {
    const found = await manager.getRepository(WorkshopProject).existsBy({ tenantId: actor.tenantId, workshopId, projectId });
    if (!found) throw notFound('Project');
  }

  /** Staff and invited partners read results at any time; holders and coaches once the workshop is closed. */
  private async requireResultsReader(actor: TenantActor, id: string): Promise<Workshop> {
    const workshop = await this.require(this.dataSource.manager, actor, id);
    if ((actor.role === 'holder' || actor.role === 'coach') && workshop.status !== 'closed') {
      throw new DomainError(409, 'RESULTS_NOT_PUBLISHED', 'The results are published when the workshop is closed');
    }
    return workshop;
  }

  private async compute(workshop: Workshop): Promise<ProjectResult[]> {
    const projects = await this.dataSource.query<{ project_id: string; title: string }[]>(
      'SELECT wp.project_id, p.title FROM workshop_projects wp JOIN projects p ON p.id = wp.project_id WHERE wp.tenant_id = $1 AND wp.workshop_id = $2 ORDER BY wp.position',
      [workshop.tenantId, workshop.id],
    );
    const evaluations = await this.dataSource.getRepository(WorkshopEvaluation).find({ where: { tenantId: workshop.tenantId, workshopId: workshop.id } });
    return computeWorkshopResults(
      workshop.criteria,
      projects.map((p) => ({ projectId: p.project_id, title: p.title })),
      evaluations.map((e) => ({ evaluatorId: e.partnerUserId, projectId: e.projectId, scores: e.scores })),
    );
  }

  private async view(manager: EntityManager, actor: TenantActor, w: Workshop): Promise<WorkshopView> {
    const projects = await manager.query<{ project_id: string; title: string; company_name: string; position: number }[]>(
      'SELECT wp.project_id, p.title, p.company_name, wp.position FROM workshop_projects wp JOIN projects p ON p.id = wp.project_id WHERE wp.tenant_id = $1 AND wp.workshop_id = $2 ORDER BY wp.position',
      [w.tenantId, w.id],
    );
    const awards = await manager.query<{ id: string; project_id: string; title: string; prize: string; awarded_by: string; created_at: Date }[]>(
      'SELECT a.id, a.project_id, p.title, a.prize, a.awarded_by, a.created_at FROM workshop_awards a JOIN projects p ON p.id = a.project_id WHERE a.tenant_id = $1 AND a.workshop_id = $2 ORDER BY a.created_at, a.id',
      [w.tenantId, w.id],
    );
    const view: WorkshopView = {
      id: w.id,
      cohortId: w.cohortId,
      title: w.title,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      location: w.location,
      criteria: w.criteria,
      status: w.status,
      closedAt: w.closedAt ? w.closedAt.toISOString() : null,
      projects: projects.map((p): WorkshopProjectView => ({ projectId: p.project_id, title: p.title, companyName: p.company_name, position: p.position })),
      awards: awards.map((a): AwardView => ({ id: a.id, workshopId: w.id, projectId: a.project_id, projectTitle: a.title, prize: a.prize, awardedBy: a.awarded_by, createdAt: new Date(a.created_at).toISOString() })),
      createdAt: w.createdAt.toISOString(),
      updatedAt: w.updatedAt.toISOString(),
    };
    if (isStaff(actor) || actor.role === 'partner') {
      const partners = await manager.query<{ user_id: string; name: string }[]>(
        'SELECT wi.user_id, u.name FROM workshop_partners wi JOIN users u ON u.id = wi.user_id WHERE wi.tenant_id = $1 AND wi.workshop_id = $2 ORDER BY u.name, wi.user_id',
        [w.tenantId, w.id],
      );
      view.partners = partners.map((p): WorkshopPartnerView => ({ userId: p.user_id, name: p.name }));
    }
    return view;
  }
}
