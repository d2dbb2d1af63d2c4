import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, paginate } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { todayInParis } from '@filiere/programmes';
import { distanceKm, findCommune, findNaf } from '@filiere/reference-data';
import { assignedHours, AssignmentForLoad, cleanTagLabel, isStaff, CoachCandidate, EXPERTISE_DEFAULTS, isOverCapacity, monthBounds, normalizeTagKey, PHASE_EXPERTISE, rankCoaches } from './expert-rules';
import { ExpertiseTag, ExpertOrganisation, ExpertProfile, OrganisationKind } from './experts.entities';
import {
  CoachLoadView,
  CreateExpertiseTagDto,
  CreateOrganisationDto,
  ExpertiseTagsView,
  ExpertProfileView,
  ExpertSettingsDto,
  ExpertSettingsView,
  ExpertsQuery,
  LoadQuery,
  LoadView,
  OrganisationsQuery,
  OrganisationView,
  PutExpertProfileDto,
  SuggestionsQuery,
  SuggestionsView,
  UpdateOrganisationDto,
} from './experts.dto';

const collator = new Intl.Collator('fr', { sensitivity: 'base' });
const DEFAULT_KEYS = new Map(EXPERTISE_DEFAULTS.map((label) => [normalizeTagKey(label), label]));

export function organisationView(o: ExpertOrganisation): OrganisationView {
  return { id: o.id, name: o.name, kind: o.kind, communeCode: o.communeCode, website: o.website, createdAt: o.createdAt.toISOString() };
}

interface ProfileRow {
  user_id: string;
  name: string;
  email: string;
  member_created_at: Date;
  profile_id: string | null;
  organisation_id: string | null;
  tags: string[] | null;
  naf_divisions: string[] | null;
  home_commune_code: string | null;
  capacity_hours_per_month: number | null;
  languages: string[] | null;
  bio: string | null;
  updated_at: Date | null;
  org_name: string | null;
  org_kind: OrganisationKind | null;
  org_commune_code: string | null;
  org_website: string | null;
  org_created_at: Date | null;
}

const PROFILE_SELECT = `
  SELECT m.user_id, u.name, u.email, m.created_at AS member_created_at, m.id AS member_id,
         ep.id AS profile_id, ep.organisation_id, ep.tags, ep.naf_divisions, ep.home_commune_code, ep.capacity_hours_per_month, ep.languages, ep.bio, ep.updated_at,
         o.name AS org_name, o.kind AS org_kind, o.commune_code AS org_commune_code, o.website AS org_website, o.created_at AS org_created_at
  FROM memberships m
  JOIN users u ON u.id = m.user_id
  LEFT JOIN expert_profiles ep ON ep.tenant_id = m.tenant_id AND ep.user_id = m.user_id
  LEFT JOIN expert_organisations o ON o.id = ep.organisation_id AND o.tenant_id = ep.tenant_id
  WHERE m.tenant_id = $1 AND m.role = 'coach'`;

function profileView(r: ProfileRow): ExpertProfileView {
  return {
    userId: r.user_id,
    name: r.name,
    email: r.email,
    organisation:
      r.organisation_id && r.org_name && r.org_kind
        ? { id: r.organisation_id, name: r.org_name, kind: r.org_kind, communeCode: r.org_commune_code, website: r.org_website, createdAt: new Date(r.org_created_at ?? 0).toISOString() }
        : null,
    tags: r.tags ?? [],
    nafDivisions: r.naf_divisions ?? [],
    homeCommuneCode: r.home_commune_code,
    homeCommuneName: r.home_commune_code ? (findCommune(r.home_commune_code)?.name ?? null) : null,
    capacityHoursPerMonth: r.capacity_hours_per_month ?? 0,
    languages: r.languages ?? [],
    bio: r.bio ?? '',
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
  };
}

/**
 * The coach and expert directory: organisations, the tenant's expertise list, one profile per
 * coach, their monthly load, and coach suggestions for a project.
 */
@Injectable()
export class ExpertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  // --------------------------------------------------------------------------- organisations

  async listOrganisations(actor: TenantActor, query: OrganisationsQuery): Promise<Page<OrganisationView>> {
    const { kind, ...page } = query;
    const qb = this.dataSource.getRepository(ExpertOrganisation).createQueryBuilder('o').where('o.tenantId = :tenantId', { tenantId: actor.tenantId });
    if (kind) qb.andWhere('o.kind = :kind', { kind });
    const result = await paginate(qb, 'o', page);
    return { items: result.items.map(organisationView), nextCursor: result.nextCursor };
  }

  async createOrganisation(actor: TenantActor, dto: CreateOrganisationDto): Promise<OrganisationView> {
    this.checkCommune('communeCode', dto.communeCode);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ExpertOrganisation);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ExpertOrganisation)
        .values({ tenantId: actor.tenantId, name: dto.name, kind: dto.kind, communeCode: dto.communeCode ?? null, website: dto.website ?? null })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) throw new DomainError(409, 'ORGANISATION_EXISTS', `An organisation named "${dto.name}" already exists`);
      const saved = await repo.findOneByOrFail({ id });
      const view = organisationView(saved);
      await this.audit.record(manager, actor, { action: 'expert_organisation.create', entity: 'expert_organisation', entityId: id, after: view });
      return view;
    });
  }

  async updateOrganisation(actor: TenantActor, id: string, dto: UpdateOrganisationDto): Promise<OrganisationView> {
    this.checkCommune('communeCode', dto.communeCode);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ExpertOrganisation);
      const org = await repo.findOne({ where: { id, tenantId: actor.tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw notFound('Organisation');
      const before = organisationView(org);
      if (dto.name !== undefined && dto.name !== org.name) {
        if (await repo.existsBy({ tenantId: actor.tenantId, name: dto.name })) throw new DomainError(409, 'ORGANISATION_EXISTS', `An organisation named "${dto.name}" already exists`);
        org.name = dto.name;
      }
      if (dto.kind !== undefined) org.kind = dto.kind;
      if (dto.communeCode !== undefined) org.communeCode = dto.communeCode;
      if (dto.website !== undefined) org.website = dto.website;
      const view = organisationView(await repo.save(org));
      await this.audit.record(manager, actor, { action: 'expert_organisation.update', entity: 'expert_organisation', entityId: id, before, after: view });
      return view;
    });
  }

  // --------------------------------------------------------------------------- expertise tags

  /** The tenant's expertise list: the programme's defaults, then the tags it added, alphabetically. */
  async listTags(actor: TenantActor): Promise<ExpertiseTagsView> {
    const byKey = await this.tagList(this.dataSource.manager, actor.tenantId);
    const items = [...byKey.values()].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || collator.compare(a.label, b.label));
    return { items, nextCursor: null };
  }

  async addTag(actor: TenantActor, dto: CreateExpertiseTagDto): Promise<{ label: string; isDefault: boolean }> {
    const label = cleanTagLabel(dto.label);
    const key = normalizeTagKey(label);
    if (DEFAULT_KEYS.has(key)) throw new DomainError(409, 'TAG_EXISTS', `"${label}" is already in the list`);
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.createQueryBuilder().insert().into(ExpertiseTag).values({ tenantId: actor.tenantId, key, label }).orIgnore().returning(['id']).execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) throw new DomainError(409, 'TAG_EXISTS', `"${label}" is already in the list`);
      await this.audit.record(manager, actor, { action: 'expertise_tag.create', entity: 'expertise_tag', entityId: id, after: { key, label } });
      return { label, isDefault: false };
    });
  }

  private async tagList(manager: EntityManager, tenantId: string): Promise<Map<string, { label: string; isDefault: boolean }>> {
    const byKey = new Map<string, { label: string; isDefault: boolean }>([...DEFAULT_KEYS].map(([k, label]) => [k, { label, isDefault: true }]));
    const rows = await manager.query<{ key: string; label: string }[]>('SELECT key, label FROM expertise_tags WHERE tenant_id = $1', [tenantId]);
    for (const r of rows) if (!byKey.has(r.key)) byKey.set(r.key, { label: r.label, isDefault: false });
    return byKey;
  }

  // --------------------------------------------------------------------------- profiles

  async listProfiles(actor: TenantActor, query: ExpertsQuery): Promise<Page<ExpertProfileView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const params: unknown[] = [actor.tenantId, cursor?.t ?? null, cursor?.i ?? null, query.organisationId ?? null, limit + 1];
    let tagFilter = '';
    if (query.tag) {
      const tags = await this.tagList(this.dataSource.manager, actor.tenantId);
      const label = tags.get(normalizeTagKey(query.tag))?.label ?? cleanTagLabel(query.tag);
      params.push(JSON.stringify([label]));
      tagFilter = ` AND ep.tags @> $6::jsonb`;
    }
    const rows = await this.dataSource.query<(ProfileRow & { member_id: string })[]>(
      `${PROFILE_SELECT} AND ($2::timestamptz IS NULL OR (m.created_at, m.id) > ($2::timestamptz, $3::uuid)) AND ($4::uuid IS NULL OR ep.organisation_id = $4)${tagFilter}
       ORDER BY m.created_at, m.id LIMIT $5`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(profileView), nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.member_created_at), last.member_id) : null };
  }

  async getProfile(actor: TenantActor, userId: string): Promise<ExpertProfileView> {
    if (!isStaff(actor) && actor.userId !== userId) throw notFound('Expert');
    return profileView(await this.profileRow(this.dataSource.manager, actor.tenantId, userId));
  }

  /** Creates or replaces a coach's profile: by the person, or by an admin or advisor. */
  async putProfile(actor: TenantActor, userId: string, dto: PutExpertProfileDto): Promise<ExpertProfileView> {
    if (!isStaff(actor) && actor.userId !== userId) throw notFound('Expert');
    this.checkCommune('homeCommuneCode', dto.homeCommuneCode);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.profileRow(manager, actor.tenantId, userId);
      const errors: FieldError[] = [];
      const tags = await this.tagList(manager, actor.tenantId);
      const labels: string[] = [];
      dto.tags.forEach((t, i) => {
        const tag = tags.get(normalizeTagKey(t));
        if (!tag) errors.push({ field: `tags.${i}`, message: 'not in the tenant’s expertise list' });
        else if (!labels.includes(tag.label)) labels.push(tag.label);
      });
      dto.nafDivisions.forEach((d, i) => {
        if (findNaf(d)?.level !== 'division') errors.push({ field: `nafDivisions.${i}`, message: 'not a NAF rév. 2 division' });
      });
      if (dto.organisationId) {
        const org = await manager.getRepository(ExpertOrganisation).existsBy({ id: dto.organisationId, tenantId: actor.tenantId });
        if (!org) errors.push({ field: 'organisationId', message: 'no such organisation in this tenant' });
      }
      if (errors.length) throw validationFailed(errors);
      const repo = manager.getRepository(ExpertProfile);
      const existing = await repo.findOne({ where: { tenantId: actor.tenantId, userId }, lock: { mode: 'pessimistic_write' } });
      const before = row.profile_id ? profileView(row) : null;
      const values = {
        organisationId: dto.organisationId === undefined ? (existing?.organisationId ?? null) : dto.organisationId,
        tags: labels,
        nafDivisions: [...new Set(dto.nafDivisions)].sort(),
        homeCommuneCode: dto.homeCommuneCode === undefined ? (existing?.homeCommuneCode ?? null) : dto.homeCommuneCode,
        capacityHoursPerMonth: dto.capacityHoursPerMonth,
        languages: dto.languages === undefined ? (existing?.languages ?? ['fr']) : [...new Set(dto.languages)],
        bio: dto.bio === undefined ? (existing?.bio ?? '') : dto.bio,
      };
      // Two first saves at once: the unique index makes the second one update.
      await manager.query(
        `INSERT INTO expert_profiles (tenant_id, user_id, organisation_id, tags, naf_divisions, home_commune_code, capacity_hours_per_month, languages, bio)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8::jsonb, $9)
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, tags = EXCLUDED.tags, naf_divisions = EXCLUDED.naf_divisions,
           home_commune_code = EXCLUDED.home_commune_code, capacity_hours_per_month = EXCLUDED.capacity_hours_per_month, languages = EXCLUDED.languages, bio = EXCLUDED.bio, updated_at = now()`,
        [actor.tenantId, userId, values.organisationId, JSON.stringify(values.tags), JSON.stringify(values.nafDivisions), values.homeCommuneCode, values.capacityHoursPerMonth, JSON.stringify(values.languages), values.bio],
      );
      const after = profileView(await this.profileRow(manager, actor.tenantId, userId));
      await this.audit.record(manager, actor, { action: before ? 'expert_profile.update' : 'expert_profile.create', entity: 'expert_profile', entityId: userId, before, after });
      return after;
    });
  }

  /** The directory row of a coach of the tenant (profile columns null when none yet), else 404. */
  private async profileRow(manager: EntityManager, tenantId: string, userId: string): Promise<ProfileRow> {
    const [row] = await manager.query<ProfileRow[]>(`${PROFILE_SELECT} AND m.user_id = $2`, [tenantId, userId]);
    if (!row) throw notFound('Expert');
    return row;
  }

  private checkCommune(field: string, code: string | null | undefined): void {
    if (code && !findCommune(code)) throw validationFailed([{ field, message: 'unknown INSEE commune code' }]);
  }

  // --------------------------------------------------------------------------- load

  async load(actor: TenantActor, query: LoadQuery): Promise<LoadView> {
    const month = query.month ?? todayInParis().slice(0, 7);
    const items = await this.loadOfCoaches(this.dataSource.manager, actor.tenantId, month);
    items.sort((a, b) => Number(b.overCapacity) - Number(a.overCapacity) || collator.compare(a.name, b.name) || a.userId.localeCompare(b.userId));
    return { month, items, nextCursor: null };
  }

  private async loadOfCoaches(manager: EntityManager, tenantId: string, month: string): Promise<CoachLoadView[]> {
    const { from, to } = monthBounds(month);
    const coaches = await manager.query<{ user_id: string; name: string; capacity: number | null }[]>(
      `SELECT m.user_id, u.name, ep.capacity_hours_per_month AS capacity FROM memberships m JOIN users u ON u.id = m.user_id
       LEFT JOIN expert_profiles ep ON ep.tenant_id = m.tenant_id AND ep.user_id = m.user_id
       WHERE m.tenant_id = $1 AND m.role = 'coach'`,
      [tenantId],
    );
    const assignments = await manager.query<{ user_id: string; hours: number | null; start_date: string; end_date: string; coach_count: number }[]>(
      `SELECT pm.user_id, c.coaching_hours_per_project AS hours, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
              (SELECT count(*)::int FROM project_members x WHERE x.tenant_id = pm.tenant_id AND x.project_id = pm.project_id AND x.role = 'coach') AS coach_count
       FROM project_members pm JOIN projects p ON p.id = pm.project_id AND p.tenant_id = pm.tenant_id JOIN cohorts c ON c.id = p.cohort_id
       WHERE pm.tenant_id = $1 AND pm.role = 'coach' AND p.status NOT IN ('withdrawn', 'completed')`,
      [tenantId],
    );
    const logged = await manager.query<{ user_id: string; minutes: number }[]>(
      `SELECT author_user_id AS user_id, sum(duration_minutes)::int AS minutes FROM coaching_sessions WHERE tenant_id = $1 AND date >= $2::date AND date < $3::date GROUP BY author_user_id`,
      [tenantId, from, to],
    );
    const byCoach = new Map<string, AssignmentForLoad[]>();
    for (const a of assignments) {
      const list = byCoach.get(a.user_id) ?? [];
      list.push({ budgetHours: a.hours, coachCount: a.coach_count, cohortStartDate: a.start_date, cohortEndDate: a.end_date });
      byCoach.set(a.user_id, list);
    }
    const minutes = new Map(logged.map((l) => [l.user_id, l.minutes]));
    return coaches.map((c) => {
      const own = byCoach.get(c.user_id) ?? [];
      const assigned = assignedHours(own, month);
      const loggedHours = Math.round(((minutes.get(c.user_id) ?? 0) / 60) * 10) / 10;
      return { userId: c.user_id, name: c.name, capacityHours: c.capacity, assignedHours: assigned, loggedHours, projectCount: own.length, overCapacity: isOverCapacity(c.capacity, assigned, loggedHours) };
    });
  }

  // --------------------------------------------------------------------------- suggestions

  async suggestions(actor: TenantActor, projectId: string, query: SuggestionsQuery): Promise<SuggestionsView> {
    await this.access.requireProject(actor, projectId);
    const month = query.month ?? todayInParis().slice(0, 7);
    const manager = this.dataSource.manager;
    const [project] = await manager.query<{ naf: string; commune: string }[]>('SELECT company_naf_code AS naf, company_commune_code AS commune FROM projects WHERE id = $1 AND tenant_id = $2', [projectId, actor.tenantId]);
    if (!project) throw notFound('Project');
    const phases = await manager.query<{ phase: string }[]>(`SELECT DISTINCT phase FROM milestones WHERE tenant_id = $1 AND project_id = $2 AND status <> 'done'`, [actor.tenantId, projectId]);
    const assigned = await manager.query<{ user_id: string; kind: OrganisationKind | null }[]>(
      `SELECT pm.user_id, o.kind FROM project_members pm
       LEFT JOIN expert_profiles ep ON ep.tenant_id = pm.tenant_id AND ep.user_id = pm.user_id
       LEFT JOIN expert_organisations o ON o.id = ep.organisation_id
       WHERE pm.tenant_id = $1 AND pm.project_id = $2 AND pm.role = 'coach'`,
      [actor.tenantId, projectId],
    );
    const assignedIds = new Set(assigned.map((a) => a.user_id));
    const tags = await this.tagList(manager, actor.tenantId);
    const requestedTopics = (query.topics ?? '')
      .split(',')
      .map(cleanTagLabel)
      .filter(Boolean)
      .map((t) => tags.get(normalizeTagKey(t))?.label ?? t);
    const loads = new Map((await this.loadOfCoaches(manager, actor.tenantId, month)).map((l) => [l.userId, l]));
    const rows = await manager.query<ProfileRow[]>(PROFILE_SELECT, [actor.tenantId]);
    const candidates: CoachCandidate[] = rows
      .filter((r) => !assignedIds.has(r.user_id))
      .map((r) => ({
        userId: r.user_id,
        name: r.name,
        organisationName: r.org_name,
        organisationKind: r.org_kind,
        tags: r.tags ?? [],
        nafDivisions: r.naf_divisions ?? [],
        capacityHours: r.profile_id ? r.capacity_hours_per_month : null,
        assignedHours: loads.get(r.user_id)?.assignedHours ?? 0,
        distanceKm: r.home_commune_code ? (distanceKm(r.home_commune_code, project.commune) ?? null) : null,
      }));
    const openPhases = phases.map((p) => p.phase);
    const ranked = rankCoaches(
      { nafCode: project.naf, communeCode: project.commune, openPhases, requestedTopics, assignedOrganisationKinds: assigned.flatMap((a) => (a.kind ? [a.kind] : [])) },
      candidates,
      await this.settings(actor),
    );
    const needed = [...new Set([...requestedTopics, ...openPhases.flatMap((p) => PHASE_EXPERTISE[p] ?? [])])];
    return { projectId, month, neededTopics: needed, items: ranked.slice(0, query.limit ?? 10), nextCursor: null };
  }

  // --------------------------------------------------------------------------- settings

  async settings(actor: TenantActor): Promise<ExpertSettingsView> {
    const [row] = await this.dataSource.query<{ value: boolean | null }[]>(`SELECT (settings #> '{experts,requireCciCoach}')::boolean AS value FROM tenants WHERE id = $1`, [actor.tenantId]);
    return { requireCciCoach: row?.value ?? true };
  }

  async putSettings(actor: TenantActor, dto: ExpertSettingsDto): Promise<ExpertSettingsView> {
    const before = await this.settings(actor);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE tenants SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{experts}', COALESCE(settings -> 'experts', '{}'::jsonb) || jsonb_build_object('requireCciCoach', $2::boolean)), updated_at = now() WHERE id = $1`,
        [actor.tenantId, dto.requireCciCoach],
      );
      const after = { requireCciCoach: dto.requireCciCoach };
      await this.audit.record(manager, actor, { action: 'expert_settings.update', entity: 'tenant', entityId: actor.tenantId, before, after });
      return after;
    });
  }
}
