import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessService } from '@filiere/access';
import { AuditService } from '@filiere/platform/audit';
import { Actor, isTenantActor, TenantActor } from '@filiere/platform/auth';
import { DomainError, FieldError, notFound, unprocessable, validationFailed } from '@filiere/platform/errors';
import { mapPage, Page, paginate } from '@filiere/platform/http';
import { JobsService } from '@filiere/platform/queue';
import { todayInParis } from '@filiere/programmes';
import { findDepartement, findRegion } from '@filiere/reference-data';
import { readCatalogueCsv } from './catalogue-csv';
import { FinancingPlan, FinancingScheme, ProjectFinancingProfile } from './financing.entities';
import { ImportSchemesDto, NON_NULL_SCHEME_FIELDS, PlanDto, ProfileDto, SchemeDto, SchemesQuery, UpdateSchemeDto } from './financing.dto';
import { matchProject, PROJECT_ROW_SQL, ProjectRow, projectFromRow } from './matcher';
import { MatchingService } from './matching.service';
import { computePlan } from './plan';
import { nextDeadline, schemeStatus } from './scheme-rules';
import { DeadlineView, MatchView, PlanView, ProfileView } from './financing.views';
import { schemeView, SchemeView } from './scheme-view';

/** Fields of a scheme the audit trail keeps. */
const auditScheme = (s: FinancingScheme): Record<string, unknown> => {
  const { createdAt: _c, updatedAt: _u, ...rest } = s;
  return rest;
};

const isPlatformAdmin = (actor: Actor): boolean => actor.role === 'platform_admin';

/**
 * The catalogue (national schemes of the platform, regional ones of each tenant), the projects'
 * financing profiles, their matches, plans and deadlines.
 */
@Injectable()
export class FinancingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly matching: MatchingService,
  ) {}

  // ——— Catalogue ———

  /** National schemes for everyone; a tenant's own schemes for its members. */
  private visible(actor: Actor, qb: SelectQueryBuilder<FinancingScheme>, alias = 's'): SelectQueryBuilder<FinancingScheme> {
    return isTenantActor(actor) ? qb.andWhere(`(${alias}.tenantId IS NULL OR ${alias}.tenantId = :visibleTenant)`, { visibleTenant: actor.tenantId }) : qb.andWhere(`${alias}.tenantId IS NULL`);
  }

  async listSchemes(actor: Actor, query: SchemesQuery): Promise<Page<SchemeView>> {
    const qb = this.visible(actor, this.dataSource.getRepository(FinancingScheme).createQueryBuilder('s').where('TRUE'));
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.owner === 'national') qb.andWhere('s.tenantId IS NULL');
    if (query.owner === 'tenant') qb.andWhere('s.tenantId IS NOT NULL');
    if (query.q) qb.andWhere(`(s.name ILIKE :q OR s.funder ILIKE :q)`, { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    return mapPage(await paginate(qb, 's', query), schemeView);
  }

  async getScheme(actor: Actor, id: string): Promise<SchemeView> {
    return schemeView(await this.loadVisible(this.dataSource.manager, actor, id));
  }

  private async loadVisible(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<FinancingScheme> {
    const qb = this.visible(actor, manager.getRepository(FinancingScheme).createQueryBuilder('s').where('s.id = :id', { id }));
    if (lock) qb.setLock('pessimistic_write');
    const scheme = await qb.getOne();
    if (!scheme) throw notFound('Financing scheme');
    return scheme;
  }

  /** A platform admin keeps the national schemes; a tenant admin only their tenant's. */
  private assertWritable(actor: Actor, scheme: Pick<FinancingScheme, 'tenantId'>): void {
    if (scheme.tenantId === null && !isPlatformAdmin(actor)) throw new DomainError(403, 'NATIONAL_SCHEME_READ_ONLY', 'National schemes are kept by the platform administrator');
  }

  async createScheme(actor: Actor, dto: SchemeDto): Promise<SchemeView> {
    return this.dataSource.transaction(async (manager) => {
      const scheme = await this.insertScheme(manager, actor, dto);
      return schemeView(scheme);
    });
  }

  private async insertScheme(manager: EntityManager, actor: Actor, dto: SchemeDto, field = ''): Promise<FinancingScheme> {
    const tenantId = isTenantActor(actor) ? actor.tenantId : null;
    const scheme = manager.getRepository(FinancingScheme).create({ ...(dto.id ? { id: dto.id } : {}), tenantId, closedManually: false, recurrence: 'permanent', deMinimis: false, description: '' });
    applyScheme(scheme, dto);
    checkScheme(scheme, actor, field);
    const saved = await manager.getRepository(FinancingScheme).save(scheme);
    await this.audit.record(manager, actor, { action: 'financing_scheme.create', entity: 'financing_scheme', entityId: saved.id, tenantId, after: auditScheme(saved) });
    await this.schemeChanged(manager, saved.id);
    return saved;
  }

  async updateScheme(actor: Actor, id: string, dto: UpdateSchemeDto): Promise<SchemeView> {
    const nulls = NON_NULL_SCHEME_FIELDS.filter((f) => (dto as Record<string, unknown>)[f] === null);
    if (nulls.length) throw validationFailed(nulls.map((field) => ({ field, message: `${field} cannot be null` })));
    return this.dataSource.transaction(async (manager) => {
      const scheme = await this.loadVisible(manager, actor, id, true);
      this.assertWritable(actor, scheme);
      return schemeView(await this.saveUpdate(manager, actor, scheme, dto));
    });
  }

  private async saveUpdate(manager: EntityManager, actor: Actor, scheme: FinancingScheme, dto: UpdateSchemeDto, field = ''): Promise<FinancingScheme> {
    const before = auditScheme(scheme);
    applyScheme(scheme, dto);
    checkScheme(scheme, actor, field);
    const saved = await manager.getRepository(FinancingScheme).save(scheme);
    await this.audit.record(manager, actor, { action: 'financing_scheme.update', entity: 'financing_scheme', entityId: saved.id, tenantId: saved.tenantId, before, after: auditScheme(saved) });
    await this.schemeChanged(manager, saved.id);
    return saved;
  }

  /** The fan-out runs in the worker, after commit (outbox). */
  private async schemeChanged(manager: EntityManager, schemeId: string): Promise<void> {
    await this.jobs.enqueue(manager, 'financing.scheme-changed', { schemeId }, { dedupKey: `financing.scheme-changed:${schemeId}` });
  }

  async exportSchemes(actor: Actor): Promise<SchemeView[]> {
    const schemes = await this.visible(actor, this.dataSource.getRepository(FinancingScheme).createQueryBuilder('s').where('TRUE')).orderBy('s.tenantId', 'ASC', 'NULLS FIRST').addOrderBy('s.name', 'ASC').getMany();
    return schemes.map(schemeView);
  }

  /**
   * Imports schemes (JSON objects or the export CSV): all or nothing. A row with the id of a
   * scheme the actor may edit updates it; a row without id (or with an unknown one) creates it.
   */
  async importSchemes(actor: Actor, dto: ImportSchemesDto): Promise<{ created: number; updated: number; items: SchemeView[] }> {
    if ((dto.schemes === undefined) === (dto.csv === undefined)) throw validationFailed([{ field: 'schemes', message: 'give either schemes (JSON) or csv' }]);
    let plain: Record<string, unknown>[];
    const errors: FieldError[] = [];
    if (dto.csv !== undefined) {
      const read = readCatalogueCsv(dto.csv);
      errors.push(...read.errors);
      plain = read.schemes;
    } else plain = (dto.schemes ?? []) as unknown as Record<string, unknown>[];
    const rowsField = dto.csv !== undefined ? 'rows' : 'schemes';
    const rows: SchemeDto[] = [];
    for (const [i, p] of plain.entries()) {
      const row = plainToInstance(SchemeDto, p);
      const problems = await validate(row, { whitelist: true, forbidNonWhitelisted: true });
      errors.push(...flatten(problems, `${rowsField}.${i}`));
      rows.push(row);
    }
    if (!rows.length && !errors.length) errors.push({ field: rowsField, message: 'nothing to import' });
    if (errors.length) throw validationFailed(errors.slice(0, 100));
    return this.dataSource.transaction(async (manager) => {
      let created = 0;
      let updated = 0;
      const items: SchemeView[] = [];
      for (const [i, row] of rows.entries()) {
        const field = `${rowsField}.${i}.`;
        const existing = row.id ? await manager.getRepository(FinancingScheme).findOne({ where: { id: row.id }, lock: { mode: 'pessimistic_write' } }) : null;
        if (existing) {
          const mine = isTenantActor(actor) ? existing.tenantId === actor.tenantId : existing.tenantId === null;
          if (!mine) throw unprocessable('SCHEME_NOT_YOURS', `Row ${i}: scheme ${row.id} belongs to someone else`, [{ field: `${field}id`, message: 'not a scheme you may edit' }]);
          const { id: _id, ...changes } = row;
          items.push(schemeView(await this.saveUpdate(manager, actor, existing, changes, field)));
          updated++;
        } else {
          items.push(schemeView(await this.insertScheme(manager, actor, row, field)));
          created++;
        }
      }
      return { created, updated, items };
    });
  }

  // ——— Project financing profile ———

  async getProfile(actor: TenantActor, projectId: string): Promise<ProfileView> {
    await this.access.requireProject(actor, projectId);
    const profile = await this.dataSource.getRepository(ProjectFinancingProfile).findOneBy({ tenantId: actor.tenantId, projectId });
    return profileView(projectId, profile);
  }

  async updateProfile(actor: TenantActor, projectId: string, dto: ProfileDto): Promise<ProfileView> {
    if (dto.companyCreatedOn && dto.companyCreatedOn > todayInParis()) throw validationFailed([{ field: 'companyCreatedOn', message: 'companyCreatedOn is in the future' }]);
    return this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      const repo = manager.getRepository(ProjectFinancingProfile);
      await manager.query(`INSERT INTO project_financing_profiles (tenant_id, project_id) VALUES ($1, $2) ON CONFLICT (tenant_id, project_id) DO NOTHING`, [actor.tenantId, projectId]);
      const profile = await repo.findOneOrFail({ where: { tenantId: actor.tenantId, projectId }, lock: { mode: 'pessimistic_write' } });
      const before = profileView(projectId, profile);
      if (dto.companyCreatedOn !== undefined) profile.companyCreatedOn = dto.companyCreatedOn;
      if (dto.companyCategory !== undefined) profile.companyCategory = dto.companyCategory;
      if (dto.stage !== undefined) profile.stage = dto.stage;
      if (dto.expenseTypes !== undefined) profile.expenseTypes = [...new Set(dto.expenseTypes)];
      if (dto.deMinimisPriorCents !== undefined) profile.deMinimisPriorCents = dto.deMinimisPriorCents;
      const saved = await repo.save(profile);
      const after = profileView(projectId, saved);
      await this.audit.record(manager, actor, { action: 'financing_profile.update', entity: 'project_financing_profile', entityId: saved.id, before: { ...before, matchesComputedAt: undefined }, after: { ...after, matchesComputedAt: undefined } });
      await this.requestMatch(manager, actor, projectId);
      return after;
    });
  }

  // ——— Matches ———

  private requestMatch(manager: EntityManager, actor: TenantActor, projectId: string): Promise<{ id: string; status: string }> {
    return this.jobs.enqueue(manager, 'financing.match-project', { projectId }, { tenantId: actor.tenantId, userId: actor.userId, dedupKey: `financing.match-project:${projectId}` });
  }

  async triggerMatch(actor: TenantActor, projectId: string): Promise<{ id: string; status: string }> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      const run = await this.requestMatch(manager, actor, projectId);
      return { id: run.id, status: run.status };
    });
  }

  /**
   * The project against every scheme that may concern it, explained: evaluated now by the same pure
   * function as the jobs (so the explanations always match the current data); `computedAt` says
   * when the stored matches (notifications, deadlines, calendar) were last refreshed.
   */
  async listMatches(actor: TenantActor, projectId: string): Promise<{ items: MatchView[]; computedAt: string | null }> {
    await this.access.requireProject(actor, projectId);
    const today = todayInParis();
    const [row] = await this.dataSource.query<ProjectRow[]>(`${PROJECT_ROW_SQL} WHERE p.id = $1 AND p.tenant_id = $2`, [projectId, actor.tenantId]);
    if (!row) throw notFound('Project');
    const results = matchProject(projectFromRow(row), await this.matching.schemeIndex(), today);
    const schemes = results.length ? await this.dataSource.getRepository(FinancingScheme).createQueryBuilder('s').where('s.id IN (:...ids)', { ids: results.map((r) => r.schemeId) }).getMany() : [];
    const byId = new Map(schemes.map((s) => [s.id, s]));
    const items = results.flatMap(({ schemeId, ...r }) => {
      const s = byId.get(schemeId);
      return s ? [{ scheme: schemeView(s), ...r, nextDeadline: schemeStatus(s, today) === 'closed' ? null : nextDeadline(s, today) }] : [];
    });
    items.sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.score - a.score || a.scheme.name.localeCompare(b.scheme.name, 'fr'));
    const [stamp] = await this.dataSource.query<{ at: Date | null }[]>('SELECT matches_computed_at AS at FROM project_financing_profiles WHERE tenant_id = $1 AND project_id = $2', [actor.tenantId, projectId]);
    return { items, computedAt: stamp?.at ? new Date(stamp.at).toISOString() : null };
  }

  // ——— Deadlines ———

  /** Upcoming pre-deposit and closing dates of the schemes a project is (or may be) eligible to: nothing unmet. */
  async deadlines(actor: TenantActor, projectId: string): Promise<{ items: DeadlineView[] }> {
    await this.access.requireProject(actor, projectId);
    return { items: await deadlinesOf(this.dataSource.manager, actor.tenantId, [projectId], todayInParis()).then((rows) => rows.map(({ projectId: _p, ...d }) => d)) };
  }

  // ——— Financing plan ———

  async getPlan(actor: TenantActor, projectId: string): Promise<PlanView> {
    await this.access.requireProject(actor, projectId);
    const plan = await this.dataSource.getRepository(FinancingPlan).findOneBy({ tenantId: actor.tenantId, projectId });
    return this.planView(this.dataSource.manager, actor.tenantId, projectId, plan);
  }

  async putPlan(actor: TenantActor, projectId: string, dto: PlanDto): Promise<PlanView> {
    const seen = new Set<string>();
    const dupes = dto.lines.flatMap((l, i) => (seen.has(l.schemeId) ? [{ field: `lines.${i}.schemeId`, message: 'scheme listed twice' }] : (seen.add(l.schemeId), [])));
    if (dupes.length) throw validationFailed(dupes);
    return this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      const ids = dto.lines.map((l) => l.schemeId);
      const known = ids.length
        ? await manager.getRepository(FinancingScheme).createQueryBuilder('s').select('s.id').where('s.id IN (:...ids)', { ids }).andWhere('(s.tenantId IS NULL OR s.tenantId = :tenantId)', { tenantId: actor.tenantId }).getMany()
        : [];
      const knownIds = new Set(known.map((s) => s.id));
      const unknownLines = dto.lines.flatMap((l, i) => (knownIds.has(l.schemeId) ? [] : [{ field: `lines.${i}.schemeId`, message: 'no such financing scheme' }]));
      if (unknownLines.length) throw unprocessable('UNKNOWN_SCHEME', 'A plan line names a scheme that does not exist', unknownLines);
      const repo = manager.getRepository(FinancingPlan);
      await manager.query(`INSERT INTO financing_plans (tenant_id, project_id) VALUES ($1, $2) ON CONFLICT (tenant_id, project_id) DO NOTHING`, [actor.tenantId, projectId]);
      const plan = await repo.findOneOrFail({ where: { tenantId: actor.tenantId, projectId }, lock: { mode: 'pessimistic_write' } });
      const before = { lines: plan.lines, note: plan.note };
      plan.lines = dto.lines.map((l) => ({ schemeId: l.schemeId, amountCents: l.amountCents }));
      if (dto.note !== undefined) plan.note = dto.note;
      const saved = await repo.save(plan);
      await this.audit.record(manager, actor, { action: 'financing_plan.update', entity: 'financing_plan', entityId: saved.id, before, after: { lines: saved.lines, note: saved.note } });
      return this.planView(manager, actor.tenantId, projectId, saved);
    });
  }

  private async planView(manager: EntityManager, tenantId: string, projectId: string, plan: FinancingPlan | null): Promise<PlanView> {
    const [facts] = await manager.query<{ investment_cents: string | null; prior: string | null }[]>(
      `SELECT p.investment_cents, f.de_minimis_prior_cents AS prior FROM projects p
       LEFT JOIN project_financing_profiles f ON f.project_id = p.id AND f.tenant_id = p.tenant_id WHERE p.id = $1 AND p.tenant_id = $2`,
      [projectId, tenantId],
    );
    const lines = plan?.lines ?? [];
    const schemes = lines.length ? await manager.getRepository(FinancingScheme).createQueryBuilder('s').where('s.id IN (:...ids)', { ids: lines.map((l) => l.schemeId) }).getMany() : [];
    const byId = new Map(schemes.map((s) => [s.id, s]));
    const today = todayInParis();
    const result = computePlan({
      investmentCents: facts?.investment_cents == null ? null : Number(facts.investment_cents),
      deMinimisPriorCents: facts?.prior == null ? null : Number(facts.prior),
      lines: lines.flatMap((l) => {
        const s = byId.get(l.schemeId);
        return s ? [{ scheme: { id: s.id, name: s.name, kind: s.kind, maxRatePercent: s.maxRatePercent, amountMaxCents: s.amountMaxCents, deMinimis: s.deMinimis, status: schemeStatus(s, today) }, amountCents: l.amountCents }] : [];
      }),
    });
    return { projectId, note: plan?.note ?? '', updatedAt: plan ? plan.updatedAt.toISOString() : null, ...result };
  }
}

/** Deadlines of the schemes stored for these projects (nothing unmet), from today on, soonest first. */
export async function deadlinesOf(manager: EntityManager, tenantId: string, projectIds: string[], today: string): Promise<(DeadlineView & { projectId: string })[]> {
  if (!projectIds.length) return [];
  const rows = await manager.query<{ project_id: string; id: string; name: string; funder: string; predeposit_on: string | null; closes_on: string | null; eligible: boolean }[]>(
    `SELECT m.project_id, s.id, s.name, s.funder, to_char(s.predeposit_on, 'YYYY-MM-DD') AS predeposit_on, to_char(s.closes_on, 'YYYY-MM-DD') AS closes_on, m.eligible
     FROM financing_matches m JOIN financing_schemes s ON s.id = m.scheme_id
     WHERE m.tenant_id = $1 AND m.project_id = ANY($2::uuid[]) AND s.status <> 'closed'
       AND (s.predeposit_on >= $3::date OR s.closes_on >= $3::date)`,
    [tenantId, projectIds, today],
  );
  const out: (DeadlineView & { projectId: string })[] = [];
  for (const r of rows) {
    for (const [date, kind] of [[r.predeposit_on, 'predeposit'], [r.closes_on, 'closing']] as const) {
      if (date !== null && date >= today) out.push({ projectId: r.project_id, schemeId: r.id, schemeName: r.name, funder: r.funder, date, kind, eligible: r.eligible });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.schemeName.localeCompare(b.schemeName, 'fr'));
}

function profileView(projectId: string, p: ProjectFinancingProfile | null): ProfileView {
  return {
    projectId,
    companyCreatedOn: p?.companyCreatedOn ?? null,
    companyCategory: p?.companyCategory ?? null,
    stage: p?.stage ?? null,
    expenseTypes: p?.expenseTypes ?? [],
    deMinimisPriorCents: p?.deMinimisPriorCents ?? null,
    matchesComputedAt: p?.matchesComputedAt ? p.matchesComputedAt.toISOString() : null,
  };
}

/** Copies the fields given (PATCH semantics) onto the entity. `status: closed` closes by hand; another status lets the dates decide again. */
function applyScheme(s: FinancingScheme, dto: UpdateSchemeDto): void {
  const set = <K extends keyof FinancingScheme>(key: K, value: FinancingScheme[K] | undefined): void => {
    if (value !== undefined) s[key] = value;
  };
  set('name', dto.name);
  set('funder', dto.funder);
  set('kind', dto.kind);
  if (dto.perimeter) {
    s.perimeterScope = dto.perimeter.scope;
    s.perimeterCodes = [...new Set(dto.perimeter.codes)];
  }
  s.perimeterCodes ??= [];
  set('sizes', dto.sizes && [...new Set(dto.sizes)]);
  set('nafInclude', dto.nafInclude && dto.nafInclude.map((n) => n.toUpperCase()));
  set('nafExclude', dto.nafExclude && dto.nafExclude.map((n) => n.toUpperCase()));
  set('minCompanyAgeYears', dto.minCompanyAgeYears);
  set('stages', dto.stages && [...new Set(dto.stages)]);
  set('expenseTypes', dto.expenseTypes && [...new Set(dto.expenseTypes)]);
  set('amountMinCents', dto.amountMinCents);
  set('amountMaxCents', dto.amountMaxCents);
  set('maxRatePercent', dto.maxRatePercent);
  set('deMinimis', dto.deMinimis);
  set('opensOn', dto.opensOn);
  set('predepositOn', dto.predepositOn);
  set('closesOn', dto.closesOn);
  set('recurrence', dto.recurrence);
  set('sourceUrl', dto.sourceUrl);
  set('lastVerifiedAt', dto.lastVerifiedAt);
  set('description', dto.description);
  if (dto.status !== undefined) s.closedManually = dto.status === 'closed';
  s.sizes ??= [];
  s.nafInclude ??= [];
  s.nafExclude ??= [];
  s.stages ??= [];
  s.expenseTypes ??= [];
  s.minCompanyAgeYears ??= null;
  s.amountMinCents ??= null;
  s.amountMaxCents ??= null;
  s.maxRatePercent ??= null;
  s.opensOn ??= null;
  s.predepositOn ??= null;
  s.closesOn ??= null;
  s.lastVerifiedAt ??= null;
  s.status = schemeStatus(s, todayInParis());
}

/** Rules across fields: 422 with the offending fields. */
function checkScheme(s: FinancingScheme, actor: Actor, prefix: string): void {
  const errors: FieldError[] = [];
  const f = (name: string): string => `${prefix}${name}`;
  if (s.perimeterScope === 'national') {
    if (s.perimeterCodes.length) errors.push({ field: f('perimeter.codes'), message: 'a national scheme has no perimeter codes' });
    if (!isPlatformAdmin(actor)) errors.push({ field: f('perimeter.scope'), message: 'national schemes are kept by the platform administrator; a tenant adds regional or departmental ones' });
  } else {
    if (!s.perimeterCodes.length) errors.push({ field: f('perimeter.codes'), message: `list the ${s.perimeterScope === 'regions' ? 'régions' : 'départements'} of the perimeter` });
    for (const code of s.perimeterCodes) {
      const known = s.perimeterScope === 'regions' ? findRegion(code) : findDepartement(code);
      if (!known) errors.push({ field: f('perimeter.codes'), message: `unknown ${s.perimeterScope === 'regions' ? 'région' : 'département'} code ${code}` });
    }
  }
  if (s.amountMinCents !== null && s.amountMaxCents !== null && s.amountMinCents > s.amountMaxCents) errors.push({ field: f('amountMaxCents'), message: 'amountMaxCents is below amountMinCents' });
  if (s.opensOn && s.closesOn && s.opensOn > s.closesOn) errors.push({ field: f('closesOn'), message: 'closesOn is before opensOn' });
  if (s.predepositOn && s.closesOn && s.predepositOn > s.closesOn) errors.push({ field: f('predepositOn'), message: 'predepositOn is after closesOn' });
  if (!s.sourceUrl) errors.push({ field: f('sourceUrl'), message: 'sourceUrl is required' });
  if (errors.length) throw unprocessable('INVALID_SCHEME', 'The scheme is inconsistent', errors);
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((message) => ({ field: `${prefix}.${e.property}`, message })),
    ...flatten(e.children ?? [], `${prefix}.${e.property}`),
  ]);
}
