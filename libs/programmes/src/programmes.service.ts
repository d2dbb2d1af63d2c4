import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { Actor, isTenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, forbidden, notFound } from '@filiere/platform/errors';
import { mapPage, Page, PageQuery, paginate } from '@filiere/platform/http';
import { MilestoneTemplate } from './milestone-template';
import { Programme } from './programme.entity';
import { CreateProgrammeDto, ProgrammeView, UpdateProgrammeDto } from './programmes.dto';

export function programmeView(p: Programme): ProgrammeView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    national: p.tenantId === null,
    milestoneTemplates: p.milestoneTemplates,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function checkTemplates(templates: MilestoneTemplate[]): MilestoneTemplate[] {
  const seen = new Set<string>();
  templates.forEach((t, i) => {
    if (seen.has(t.key)) {
      throw new DomainError(400, 'VALIDATION_FAILED', `milestoneTemplates.${i}.key: duplicate key "${t.key}"`, [{ field: `milestoneTemplates.${i}.key`, message: `duplicate key "${t.key}"` }]);
    }
    seen.add(t.key);
  });
  return templates.map((t) => ({ key: t.key, title: t.title, phase: t.phase, offsetDays: t.offsetDays, durationDays: t.durationDays, ...(t.description ? { description: t.description } : {}) }));
}

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** National programmes plus the tenant's own (the platform admin sees the national ones). */
  async list(actor: Actor, page: PageQuery): Promise<Page<ProgrammeView>> {
    const qb = this.dataSource.getRepository(Programme).createQueryBuilder('p');
    qb.where(
      new Brackets((w) => {
        w.where('p.tenantId IS NULL');
        if (actor.tenantId) w.orWhere('p.tenantId = :tenantId', { tenantId: actor.tenantId });
      }),
    );
    return mapPage(await paginate(qb, 'p', page), programmeView);
  }

  /** A programme the actor may read, or 404. */
  async find(actor: Actor, id: string): Promise<Programme> {
    const p = await this.dataSource.getRepository(Programme).findOneBy({ id });
    if (!p || (p.tenantId !== null && p.tenantId !== actor.tenantId)) throw notFound('Programme');
    return p;
  }

  async get(actor: Actor, id: string): Promise<ProgrammeView> {
    return programmeView(await this.find(actor, id));
  }

  async create(actor: Actor, dto: CreateProgrammeDto): Promise<ProgrammeView> {
    if (!isTenantActor(actor)) throw forbidden('Programmes are created inside a tenant');
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(actor.tenantId, dto.name);
      const saved = await manager.getRepository(Programme).save({
        tenantId: actor.tenantId,
        name: dto.name,
        description: dto.description ?? '',
        milestoneTemplates: checkTemplates(dto.milestoneTemplates),
      });
      await this.audit.record(manager, actor, { action: 'programme.create', entity: 'programme', entityId: saved.id, after: { name: saved.name, description: saved.description, milestoneTemplates: saved.milestoneTemplates } });
      return programmeView(saved);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateProgrammeDto): Promise<ProgrammeView> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Programme);
      const current = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current || (current.tenantId !== null && current.tenantId !== actor.tenantId)) throw notFound('Programme');
      if (current.tenantId === null && actor.role !== 'platform_admin') {
        throw new DomainError(403, 'NATIONAL_PROGRAMME_READ_ONLY', 'The national methodology is read-only: copy it into your own programme to adapt it');
      }
      if (current.tenantId !== null && actor.role === 'platform_admin') throw notFound('Programme');
      if (dto.name !== undefined && dto.name !== current.name) await this.assertNameFree(current.tenantId, dto.name);
      const before = { name: current.name, description: current.description, milestoneTemplates: current.milestoneTemplates };
      if (dto.name !== undefined) current.name = dto.name;
      if (dto.description !== undefined) current.description = dto.description;
      if (dto.milestoneTemplates !== undefined) current.milestoneTemplates = checkTemplates(dto.milestoneTemplates);
      const saved = await repo.save(current);
      await this.audit.record(manager, actor, {
        tenantId: current.tenantId,
        action: 'programme.update',
        entity: 'programme',
        entityId: id,
        before,
        after: { name: saved.name, description: saved.description, milestoneTemplates: saved.milestoneTemplates },
      });
      return programmeView(saved);
    });
  }

  /** Copies a visible programme (typically the national one) into the actor's tenant. */
  async copy(actor: Actor, id: string, name?: string): Promise<ProgrammeView> {
    const source = await this.find(actor, id);
    return this.create(actor, {
      name: name ?? (source.tenantId === null ? source.name : `${source.name} (copie)`),
      description: source.description,
      milestoneTemplates: source.milestoneTemplates,
    });
  }

  private async assertNameFree(tenantId: string | null, name: string): Promise<void> {
    const qb = this.dataSource.getRepository(Programme).createQueryBuilder('p').where('p.name = :name', { name });
    if (tenantId === null) qb.andWhere('p.tenantId IS NULL');
    else qb.andWhere('p.tenantId = :tenantId', { tenantId });
    if (await qb.getExists()) throw new DomainError(409, 'PROGRAMME_NAME_TAKEN', `A programme named "${name}" already exists`);
  }
}
