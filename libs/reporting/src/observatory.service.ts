import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { AccessService } from '@filiere/access';
import { cleanTopicLabel, normalizeTopicKey } from '@filiere/coaching';
import { todayInParis } from '@filiere/programmes';
import { FOLLOW_UP_STAGES, ObservatoryTag, ProjectObservatory, TAG_CATEGORIES, TagCategory } from './observatory.entities';
import { followUpDueOn, OBSERVATORY_TAG_DEFAULTS } from './observatory-rules';
import { CreateTagDto, FollowUpView, ObservatoryView, TagRef, TagView, UpdateObservatoryDto, UpdateTagDto } from './reporting.dto';

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

const tagView = (t: ObservatoryTag): TagView => ({ id: t.id, category: t.category, key: t.key, label: t.label, archived: t.archived });

type TagField = 'motivations' | 'successFactors' | 'obstacles';
const FIELD_CATEGORY: Record<TagField, TagCategory> = { motivations: 'motivation', successFactors: 'success_factor', obstacles: 'obstacle' };

interface ProjectRow {
  id: string;
  kind: ObservatoryView['kind'];
  jobs_planned: number | null;
  investment_cents: string | null;
  cohort_status: string;
  closed_on: string | null;
}

/** Observatory data of projects: the tenant's tag lists and each project's record. */
@Injectable()
export class ObservatoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Inserts the French defaults the first time a tenant's lists are used (idempotent). */
  async ensureDefaultTags(manager: EntityManager, tenantId: string): Promise<void> {
    const [any] = await manager.query<unknown[]>('SELECT 1 FROM observatory_tags WHERE tenant_id = $1 LIMIT 1', [tenantId]);
    if (any) return;
    const rows = TAG_CATEGORIES.flatMap((category) => OBSERVATORY_TAG_DEFAULTS[category].map((label) => ({ tenantId, category, key: normalizeTopicKey(label), label })));
    await manager.createQueryBuilder().insert().into(ObservatoryTag).values(rows).orIgnore().execute();
  }

  async listTags(actor: TenantActor, category?: TagCategory): Promise<{ items: TagView[]; nextCursor: null }> {
    await this.ensureDefaultTags(this.dataSource.manager, actor.tenantId);
    const tags = await this.dataSource.getRepository(ObservatoryTag).find({ where: { tenantId: actor.tenantId, ...(category ? { category } : {}) } });
    tags.sort((a, b) => TAG_CATEGORIES.indexOf(a.category) - TAG_CATEGORIES.indexOf(b.category) || Number(a.archived) - Number(b.archived) || collator.compare(a.label, b.label));
    return { items: tags.map(tagView), nextCursor: null };
  }

  async createTag(actor: TenantActor, dto: CreateTagDto): Promise<TagView> {
    return this.dataSource.transaction(async (manager) => {
      await this.ensureDefaultTags(manager, actor.tenantId);
      const label = cleanTopicLabel(dto.label);
      const key = normalizeTopicKey(label);
      const inserted = await manager.createQueryBuilder().insert().into(ObservatoryTag).values({ tenantId: actor.tenantId, category: dto.category, key, label }).orIgnore().returning(['id']).execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) throw new DomainError(409, 'TAG_EXISTS', `"${label}" is already in the list`);
      const tag = await manager.getRepository(ObservatoryTag).findOneByOrFail({ id });
      await this.audit.record(manager, actor, { action: 'observatory_tag.create', entity: 'observatory_tag', entityId: id, after: tagView(tag) });
      return tagView(tag);
    });
  }

  async updateTag(actor: TenantActor, id: string, dto: UpdateTagDto): Promise<TagView> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ObservatoryTag);
      const tag = await repo.findOne({ where: { id, tenantId: actor.tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!tag) throw notFound('Tag');
      const before = tagView(tag);
      if (dto.label !== undefined) {
        const label = cleanTopicLabel(dto.label);
        // The key stays: projects reference it; only the spelling shown changes.
        tag.label = label;
      }
      if (dto.archived !== undefined) tag.archived = dto.archived;
      const saved = await repo.save(tag);
      await this.audit.record(manager, actor, { action: 'observatory_tag.update', entity: 'observatory_tag', entityId: id, before, after: tagView(saved) });
      return tagView(saved);
    });
  }

  async get(actor: TenantActor, projectId: string): Promise<ObservatoryView> {
    await this.access.requireProject(actor, projectId);
    return this.view(this.dataSource.manager, actor.tenantId, projectId);
  }

  async update(actor: TenantActor, projectId: string, dto: UpdateObservatoryDto): Promise<ObservatoryView> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      await this.ensureDefaultTags(manager, actor.tenantId);
      const before = await this.view(manager, actor.tenantId, projectId);
      const tags = await manager.getRepository(ObservatoryTag).find({ where: { tenantId: actor.tenantId } });
      const errors: FieldError[] = [];
      const resolved: Partial<Record<TagField, string[]>> = {};
      for (const field of Object.keys(FIELD_CATEGORY) as TagField[]) {
        const values = dto[field];
        if (values === undefined) continue;
        const keys: string[] = [];
        values.forEach((value, i) => {
          const key = normalizeTopicKey(value);
          const tag = tags.find((t) => t.category === FIELD_CATEGORY[field] && t.key === key);
          const current = before[field].some((t) => t.key === key);
          if (!tag || (tag.archived && !current)) errors.push({ field: `${field}[${i}]`, message: `"${value}" is not in the tenant's ${FIELD_CATEGORY[field]} list` });
          else if (!keys.includes(key)) keys.push(key);
        });
        resolved[field] = keys;
      }
      if (errors.length) throw validationFailed(errors);
      const repo = manager.getRepository(ProjectObservatory);
      const record = (await repo.findOneBy({ tenantId: actor.tenantId, projectId })) ?? repo.create({ tenantId: actor.tenantId, projectId, motivations: [], successFactors: [], obstacles: [] });
      if (!record.id) {
        // A new record starts from the planned figures the project already carries.
        record.plannedJobs = before.planned.jobs;
        record.plannedInvestmentCents = before.planned.investmentCents;
      }
      if (resolved.motivations) record.motivations = resolved.motivations;
      if (resolved.successFactors) record.successFactors = resolved.successFactors;
      if (resolved.obstacles) record.obstacles = resolved.obstacles;
      const p = dto.planned;
      if (p?.jobs !== undefined) record.plannedJobs = p.jobs;
      if (p?.investmentCents !== undefined) record.plannedInvestmentCents = p.investmentCents;
      if (p?.importSubstitutionCents !== undefined) record.plannedImportSubstitutionCents = p.importSubstitutionCents;
      if (p?.productionStartOn !== undefined) record.plannedProductionStartOn = p.productionStartOn;
      const a = dto.achieved;
      if (a) applyAchieved(record, a);
      await repo.save(record);
      if (dto.kind !== undefined) await manager.query('UPDATE projects SET kind = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2', [actor.tenantId, projectId, dto.kind]);
      const after = await this.view(manager, actor.tenantId, projectId);
      await this.audit.record(manager, actor, { action: 'project_observatory.update', entity: 'project', entityId: projectId, before: flat(before), after: flat(after) });
      return after;
    });
  }

  /** The record as the API shows it (defaults when the project has none yet). */
  async view(manager: EntityManager, tenantId: string, projectId: string): Promise<ObservatoryView> {
    const [p] = await manager.query<ProjectRow[]>(
      `SELECT p.id, p.kind, p.jobs_planned, p.investment_cents, c.status AS cohort_status,
              CASE WHEN c.status = 'closed' THEN to_char(COALESCE((c.closed_at AT TIME ZONE 'Europe/Paris')::date, c.end_date), 'YYYY-MM-DD') END AS closed_on
       FROM projects p JOIN cohorts c ON c.id = p.cohort_id AND c.tenant_id = p.tenant_id WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, projectId],
    );
    if (!p) throw notFound('Project');
    const o = await manager.getRepository(ProjectObservatory).findOneBy({ tenantId, projectId });
    const tags = await manager.getRepository(ObservatoryTag).find({ where: { tenantId } });
    const refs = (category: TagCategory, keys: string[]): TagRef[] => keys.map((key) => ({ key, label: tags.find((t) => t.category === category && t.key === key)?.label ?? key }));
    const forms = await manager.query<{ stage: number; due_on: string; sent_at: Date | null; answered_at: Date | null }[]>(
      `SELECT stage, to_char(due_on, 'YYYY-MM-DD') AS due_on, sent_at, answered_at FROM follow_up_forms WHERE tenant_id = $1 AND project_id = $2`,
      [tenantId, projectId],
    );
    const followUps: FollowUpView[] = p.closed_on
      ? FOLLOW_UP_STAGES.map((stage) => {
          const f = forms.find((x) => x.stage === stage);
          return {
            stage,
            dueOn: f?.due_on ?? followUpDueOn(p.closed_on as string, stage),
            status: f?.answered_at ? 'answered' : f?.sent_at ? 'pending' : 'upcoming',
            sentAt: f?.sent_at ? f.sent_at.toISOString() : null,
            answeredAt: f?.answered_at ? f.answered_at.toISOString() : null,
          };
        })
      : [];
    return {
      projectId,
      kind: p.kind,
      motivations: refs('motivation', o?.motivations ?? []),
      successFactors: refs('success_factor', o?.successFactors ?? []),
      obstacles: refs('obstacle', o?.obstacles ?? []),
      planned: {
        jobs: o ? o.plannedJobs : p.jobs_planned,
        investmentCents: o ? o.plannedInvestmentCents : p.investment_cents === null ? null : Number(p.investment_cents),
        importSubstitutionCents: o?.plannedImportSubstitutionCents ?? null,
        productionStartOn: o?.plannedProductionStartOn ?? null,
      },
      achieved: {
        jobs: o?.achievedJobs ?? null,
        investmentCents: o?.achievedInvestmentCents ?? null,
        importSubstitutionCents: o?.achievedImportSubstitutionCents ?? null,
        productionStartOn: o?.productionStartedOn ?? null,
      },
      followUps,
    };
  }

  /** Today's date in Paris (exposed for the follow-up job and tests). */
  today(): string {
    return todayInParis();
  }
}

/** Achieved outcomes: only the fields given change (null clears). */
export function applyAchieved(record: ProjectObservatory, a: { jobs?: number | null; investmentCents?: number | null; importSubstitutionCents?: number | null; productionStartedOn?: string | null }): void {
  if (a.jobs !== undefined) record.achievedJobs = a.jobs;
  if (a.investmentCents !== undefined) record.achievedInvestmentCents = a.investmentCents;
  if (a.importSubstitutionCents !== undefined) record.achievedImportSubstitutionCents = a.importSubstitutionCents;
  if (a.productionStartedOn !== undefined) record.productionStartedOn = a.productionStartedOn;
}

const flat = (v: ObservatoryView): Record<string, unknown> => ({
  kind: v.kind,
  motivations: v.motivations.map((t) => t.key),
  successFactors: v.successFactors.map((t) => t.key),
  obstacles: v.obstacles.map((t) => t.key),
  planned: v.planned,
  achieved: v.achieved,
});
