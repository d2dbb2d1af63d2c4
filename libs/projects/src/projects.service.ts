import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, forbidden, notFound, validationFailed } from '@filiere/platform/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '@filiere/platform/http';
import { preparedQuery } from '@filiere/platform/database';
import { AccessService, ProjectMember } from '@filiere/access';
import { CohortsService } from '@filiere/cohorts';
import { Programme, scheduleMilestone, todayInParis } from '@filiere/programmes';
import { validateCompany, validateProducts } from './company-validation';
import { Milestone } from './milestone.entity';
import { Project, PROJECT_TRANSITIONS } from './project.entity';
import { CreatedProjectView, CreateProjectDto, ProjectMemberView, ProjectsQuery, ProjectView, UpdateProjectDto } from './projects.dto';
import { projectsPageSql } from './projects.sql';
import { milestoneView, ProjectRow, projectRowView, projectView } from './views';

const isStaff = (actor: TenantActor): boolean => actor.role === 'admin' || actor.role === 'advisor';

@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
  ) {}

  /** The projects of a cohort, or of every cohort (cohortId null), that the reader may see. */
  async list(actor: TenantActor, cohortId: string | null, query: ProjectsQuery): Promise<Page<ProjectView>> {
    const { status, q, limit = DEFAULT_PAGE_SIZE, cursor } = query;
    // One raw statement per shape (role, filters), prepared on each connection, one round trip
    // (cohort visibility, page, members): no entity hydration.
    const scope = this.access.projectScopePositional(actor, 'p', 1);
    const params: unknown[] = [...scope.params];
    if (cohortId) params.push(cohortId);
    if (status) params.push(status);
    if (q) params.push(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
    if (cursor) {
      const c = decodeCursor(cursor);
      params.push(c.t, c.i);
    }
    params.push(limit + 1);
    const cohortScope = cohortId ? this.access.cohortScopePositional(actor, 'c', 1).sql : null;
    const sql = projectsPageSql({ scope: scope.sql, scopeParams: scope.params.length, cohortScope, status: !!status, q: !!q, cursor: !!cursor });
    const name = `projects_page_${actor.role}_${[!!cohortId, !!status, !!q, !!cursor].map(Number).join('')}`;
    const found = await preparedQuery<ProjectRow | { [K in keyof ProjectRow]: null }>(this.dataSource, name, sql, params);
    if (cohortId && !found.length) throw notFound('Cohort');
    const rows = found.filter((r): r is ProjectRow => r.id !== null);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(projectRowView), nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
  }

  async get(actor: TenantActor, id: string): Promise<ProjectView> {
    await this.access.requireProject(actor, id);
    const project = await this.dataSource.getRepository(Project).findOneByOrFail({ id, tenantId: actor.tenantId });
    const members = await this.membersOf(this.dataSource.manager, [id]);
    return projectView(project, members.get(id) ?? []);
  }

  async create(actor: TenantActor, cohortId: string, dto: CreateProjectDto): Promise<CreatedProjectView> {
    const { company, errors } = validateCompany(dto.company);
    const products = validateProducts(dto.products);
    const fieldErrors = [...errors, ...products.errors];
    if (fieldErrors.length) {
      throw validationFailed(fieldErrors);
    }
    return this.dataSource.transaction(async (manager) => {
      // The cohort row lock serialises concurrent additions: capacity holds under two advisors.
      const cohort = await this.cohorts.load(manager, actor.tenantId, cohortId, true);
      if (cohort.status === 'closed') throw new DomainError(409, 'COHORT_CLOSED', 'This cohort is closed');
      if (cohort.capacity !== null) {
        const count = await manager.getRepository(Project).count({ where: { tenantId: actor.tenantId, cohortId, status: In(['applied', 'selected', 'active', 'completed']) } });
        if (count >= cohort.capacity) throw new DomainError(409, 'COHORT_FULL', `This cohort is full (${cohort.capacity} projects)`);
      }
      if (await manager.getRepository(Project).existsBy({ tenantId: actor.tenantId, cohortId, companySiret: company.siret })) {
        throw new DomainError(409, 'PROJECT_ALREADY_IN_COHORT', `The company ${company.siret} already has a project in this cohort`);
      }
      const programme = await manager.getRepository(Programme).findOneByOrFail({ id: cohort.programmeId });
      const project = await manager.getRepository(Project).save({
        tenantId: actor.tenantId,
        cohortId,
        title: dto.title,
        summary: dto.summary,
        kind: dto.kind,
        companySiret: company.siret,
        companyName: company.name,
        companyNafNomenclature: 'NAFv2',
        companyNafCode: company.nafCode,
        companyCommuneCode: company.communeCode,
        companySizeBand: company.sizeBand ?? null,
        products: products.products,
        investmentCents: dto.investmentCents ?? null,
        jobsPlanned: dto.jobsPlanned ?? null,
        status: 'applied',
      });
      const milestones = programme.milestoneTemplates.map((t, position) => {
        const { startDate, dueDate } = scheduleMilestone(t, cohort.startDate);
        return manager.getRepository(Milestone).create({
          tenantId: actor.tenantId,
          projectId: project.id,
          key: t.key,
          title: t.title,
          phase: t.phase,
          description: t.description ?? '',
          position,
          startDate,
          dueDate,
          status: 'todo',
          note: null,
          evidenceUrl: null,
          completedAt: null,
        });
      });
      const saved = milestones.length ? await manager.getRepository(Milestone).save(milestones, { chunk: 100 }) : [];
      const view = projectView(project, []);
      await this.audit.record(manager, actor, { action: 'project.create', entity: 'project', entityId: project.id, after: { ...view, members: undefined, milestones: saved.length } });
      const today = todayInParis();
      return { ...view, milestones: saved.map((m) => milestoneView(m, today)) };
    });
  }

  async update(actor: TenantActor, id: string, dto: UpdateProjectDto): Promise<ProjectView> {
    if (!isStaff(actor) && (dto.status !== undefined || dto.company !== undefined)) {
      throw new DomainError(403, 'FORBIDDEN_FIELD', 'Only admins and advisors change a project\'s status or company');
    }
    const validated = dto.company ? validateCompany(dto.company) : null;
    const products = dto.products ? validateProducts(dto.products) : null;
    const fieldErrors = [...(validated?.errors ?? []), ...(products?.errors ?? [])];
    if (fieldErrors.length) {
      throw validationFailed(fieldErrors);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, id, manager);
      const repo = manager.getRepository(Project);
      const project = await repo.findOneOrFail({ where: { id, tenantId: actor.tenantId }, lock: { mode: 'pessimistic_write' } });
      const before = projectView(project, []);
      if (dto.status !== undefined && dto.status !== project.status) {
        if (!PROJECT_TRANSITIONS[project.status].includes(dto.status)) {
          throw new DomainError(409, 'ILLEGAL_TRANSITION', `A ${project.status} project cannot become ${dto.status} (allowed: ${PROJECT_TRANSITIONS[project.status].join(', ') || 'none'})`);
        }
        project.status = dto.status;
      }
      if (validated) {
        const company = validated.company;
        if (company.siret !== project.companySiret && (await repo.existsBy({ tenantId: actor.tenantId, cohortId: project.cohortId, companySiret: company.siret }))) {
          throw new DomainError(409, 'PROJECT_ALREADY_IN_COHORT', `The company ${company.siret} already has a project in this cohort`);
        }
        Object.assign(project, {
          companySiret: company.siret,
          companyName: company.name,
          companyNafCode: company.nafCode,
          companyCommuneCode: company.communeCode,
          companySizeBand: company.sizeBand ?? null,
        });
      }
      if (dto.title !== undefined) project.title = dto.title;
      if (dto.summary !== undefined) project.summary = dto.summary;
      if (dto.kind !== undefined) project.kind = dto.kind;
      if (products) project.products = products.products;
      if (dto.investmentCents !== undefined) project.investmentCents = dto.investmentCents;
      if (dto.jobsPlanned !== undefined) project.jobsPlanned = dto.jobsPlanned;
      const saved = await repo.save(project);
      const after = projectView(saved, []);
      await this.audit.record(manager, actor, { action: dto.status && dto.status !== before.status ? `project.${dto.status}` : 'project.update', entity: 'project', entityId: id, before, after });
      const members = await this.membersOf(manager, [id]);
      return { ...after, members: members.get(id) ?? [] };
    });
  }

  async assignCoach(actor: TenantActor, projectId: string, userId: string): Promise<ProjectView> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      const member = await manager.query<{ role: string }[]>('SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2', [actor.tenantId, userId]);
      if (!member[0]) throw notFound('User');
      if (member[0].role !== 'coach') throw new DomainError(422, 'NOT_A_COACH', `This person is ${member[0].role}, not coach, in this tenant`, [{ field: 'userId', message: 'not a coach' }]);
      const inserted = await manager.createQueryBuilder().insert().into(ProjectMember).values({ tenantId: actor.tenantId, projectId, userId, role: 'coach' }).orIgnore().returning(['id']).execute();
      if (!inserted.raw || (inserted.raw as unknown[]).length === 0) throw new DomainError(409, 'ALREADY_ASSIGNED', 'This coach is already assigned to the project');
      await this.audit.record(manager, actor, { action: 'project.coach.assign', entity: 'project', entityId: projectId, changes: { coach: { from: null, to: userId } } });
    });
    return this.get(actor, projectId);
  }

  async unassignCoach(actor: TenantActor, projectId: string, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      const result = await manager.getRepository(ProjectMember).delete({ tenantId: actor.tenantId, projectId, userId, role: 'coach' });
      if (!result.affected) throw notFound('Coach assignment');
      await this.audit.record(manager, actor, { action: 'project.coach.unassign', entity: 'project', entityId: projectId, changes: { coach: { from: userId, to: null } } });
    });
  }

  private async membersOf(manager: EntityManager, projectIds: string[]): Promise<Map<string, ProjectMemberView[]>> {
    const map = new Map<string, ProjectMemberView[]>();
    if (!projectIds.length) return map;
    const rows = await manager.query<{ project_id: string; user_id: string; name: string; role: 'coach' | 'holder' }[]>(
      `SELECT pm.project_id, pm.user_id, u.name, pm.role FROM project_members pm JOIN users u ON u.id = pm.user_id
       WHERE pm.project_id = ANY($1::uuid[]) ORDER BY pm.role, u.name`,
      [projectIds],
    );
    for (const r of rows) {
      const list = map.get(r.project_id) ?? [];
      list.push({ userId: r.user_id, name: r.name, role: r.role });
      map.set(r.project_id, list);
    }
    return map;
  }

  /** Guard used by callers that only need the role rule on top of visibility. */
  static assertStaff(actor: TenantActor): void {
    if (!isStaff(actor)) throw forbidden();
  }
}
