import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, notFound } from '@filiere/platform/errors';
import { mapPage, Page, paginate } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { ProgrammesService } from '@filiere/programmes';
import { Cohort, COHORT_TRANSITIONS, DEFAULT_FEE_CENTS } from './cohort.entity';
import { CohortsQuery, CohortView, CreateCohortDto, UpdateCohortDto } from './cohorts.dto';

export function cohortView(c: Cohort): CohortView {
  return {
    id: c.id,
    programmeId: c.programmeId,
    name: c.name,
    startDate: c.startDate,
    endDate: c.endDate,
    capacity: c.capacity,
    feeCents: c.feeCents,
    status: c.status,
    coachingHoursPerProject: c.coachingHoursPerProject,
    closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function assertDateRange(startDate: string, endDate: string): void {
  if (endDate <= startDate) {
    throw new DomainError(422, 'INVALID_DATE_RANGE', 'endDate must be after startDate', [{ field: 'endDate', message: 'must be after startDate' }]);
  }
}

@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly programmes: ProgrammesService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: TenantActor, query: CohortsQuery): Promise<Page<CohortView>> {
    const { status, programmeId, ...page } = query;
    const scope = this.access.cohortScope(actor, 'c');
    const qb = this.dataSource.getRepository(Cohort).createQueryBuilder('c').where(scope.sql, scope.params);
    if (status) qb.andWhere('c.status = :status', { status });
    if (programmeId) qb.andWhere('c.programmeId = :programmeId', { programmeId });
    return mapPage(await paginate(qb, 'c', page), cohortView);
  }

  async get(actor: TenantActor, id: string): Promise<CohortView> {
    await this.access.requireCohort(actor, id);
    return cohortView(await this.load(this.dataSource.manager, actor.tenantId, id));
  }

  /** The cohort row of the tenant (no visibility rule), optionally locked for an update. */
  async load(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Cohort> {
    const cohort = await manager.getRepository(Cohort).findOne({ where: { id, tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!cohort) throw notFound('Cohort');
    return cohort;
  }

  async create(actor: TenantActor, dto: CreateCohortDto): Promise<CohortView> {
    assertDateRange(dto.startDate, dto.endDate);
    await this.programmes.find(actor, dto.programmeId).catch(() => {
      throw new DomainError(422, 'PROGRAMME_NOT_FOUND', 'programmeId does not name a programme you can use', [{ field: 'programmeId', message: 'unknown programme' }]);
    });
    return this.dataSource.transaction(async (manager) => {
      if (await manager.getRepository(Cohort).existsBy({ tenantId: actor.tenantId, name: dto.name })) {
        throw new DomainError(409, 'COHORT_NAME_TAKEN', `A cohort named "${dto.name}" already exists`);
      }
      const saved = await manager.getRepository(Cohort).save({
        tenantId: actor.tenantId,
        programmeId: dto.programmeId,
        name: dto.name,
        startDate: dto.startDate,
        endDate: dto.endDate,
        capacity: dto.capacity ?? null,
        feeCents: dto.feeCents ?? DEFAULT_FEE_CENTS,
        status: 'draft',
        coachingHoursPerProject: dto.coachingHoursPerProject ?? null,
      });
      await this.audit.record(manager, actor, { action: 'cohort.create', entity: 'cohort', entityId: saved.id, after: cohortView(saved) });
      return cohortView(saved);
    });
  }

  async update(actor: TenantActor, id: string, dto: UpdateCohortDto): Promise<CohortView> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.load(manager, actor.tenantId, id, true);
      const before = cohortView(cohort);
      if (dto.status !== undefined && dto.status !== cohort.status) {
        if (!COHORT_TRANSITIONS[cohort.status].includes(dto.status)) {
          throw new DomainError(409, 'ILLEGAL_TRANSITION', `A ${cohort.status} cohort cannot become ${dto.status} (allowed: ${COHORT_TRANSITIONS[cohort.status].join(', ') || 'none'})`);
        }
        cohort.status = dto.status;
        if (dto.status === 'closed') cohort.closedAt = new Date();
      }
      if (dto.name !== undefined && dto.name !== cohort.name) {
        if (await manager.getRepository(Cohort).existsBy({ tenantId: actor.tenantId, name: dto.name })) {
          throw new DomainError(409, 'COHORT_NAME_TAKEN', `A cohort named "${dto.name}" already exists`);
        }
        cohort.name = dto.name;
      }
      if (dto.startDate !== undefined) cohort.startDate = dto.startDate;
      if (dto.endDate !== undefined) cohort.endDate = dto.endDate;
      assertDateRange(cohort.startDate, cohort.endDate);
      if (dto.capacity !== undefined) cohort.capacity = dto.capacity;
      if (dto.feeCents !== undefined) cohort.feeCents = dto.feeCents;
      if (dto.coachingHoursPerProject !== undefined) cohort.coachingHoursPerProject = dto.coachingHoursPerProject;
      const saved = await manager.getRepository(Cohort).save(cohort);
      await this.audit.record(manager, actor, { action: dto.status && dto.status !== before.status ? `cohort.${dto.status}` : 'cohort.update', entity: 'cohort', entityId: id, before, after: cohortView(saved) });
      return cohortView(saved);
    });
  }
}
