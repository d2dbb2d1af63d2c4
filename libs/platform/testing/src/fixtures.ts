import { randomBytes } from 'node:crypto';
import type { TenantRole } from '@filiere/platform/auth';
import { withLuhnKey } from '@filiere/reference-data';
import { hashPassword } from '@filiere/tenancy';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | undefined;

export interface UserFixture {
  id: string;
  email: string;
  role: TenantRole | 'platform_admin';
  membershipId: string | null;
  token: string;
  refreshToken: string;
}

export interface TenantFixture {
  id: string;
  slug: string;
  admin: UserFixture;
  advisor: UserFixture;
  coach: UserFixture;
  holder: UserFixture;
  partner: UserFixture;
}

const uniq = (): string => randomBytes(4).toString('hex');

/** Inserts a user (and membership) directly, then logs in through the API for real tokens. */
export async function createUser(t: TestApp, opts: { tenantId?: string; tenantSlug?: string; role: TenantRole | 'platform_admin'; email?: string }): Promise<UserFixture> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = opts.email ?? `${opts.role}-${uniq()}@test.filiere.fr`;
  const [user] = await t.dataSource.query<{ id: string }[]>(
    `INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
    [email, `Test ${opts.role}`, await passwordHash, opts.role === 'platform_admin'],
  );
  if (!user) throw new Error('user insert failed');
  let membershipId: string | null = null;
  if (opts.role !== 'platform_admin') {
    if (!opts.tenantId) throw new Error('tenantId required for a tenant role');
    const [m] = await t.dataSource.query<{ id: string }[]>(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) RETURNING id`, [opts.tenantId, user.id, opts.role]);
    membershipId = m?.id ?? null;
  }
  const res = await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD, ...(opts.tenantSlug ? { tenant: opts.tenantSlug } : {}) });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { accessToken: string; refreshToken: string };
  return { id: user.id, email, role: opts.role, membershipId, token: body.accessToken, refreshToken: body.refreshToken };
}

/** A tenant with one user of each role, all logged in. */
export async function createTenant(t: TestApp, opts: { slug?: string; regionCode?: string; name?: string } = {}): Promise<TenantFixture> {
  const slug = opts.slug ?? `cci-${uniq()}`;
  const [tenant] = await t.dataSource.query<{ id: string }[]>(`INSERT INTO tenants (name, slug, region_code) VALUES ($1, $2, $3) RETURNING id`, [opts.name ?? `CCI ${slug}`, slug, opts.regionCode ?? '27']);
  if (!tenant) throw new Error('tenant insert failed');
  const make = (role: TenantRole): Promise<UserFixture> => createUser(t, { tenantId: tenant.id, tenantSlug: slug, role });
  return {
    id: tenant.id,
    slug,
    admin: await make('admin'),
    advisor: await make('advisor'),
    coach: await make('coach'),
    holder: await make('holder'),
    partner: await make('partner'),
  };
}

export const bearer = (u: { token: string }): [string, string] => ['Authorization', `Bearer ${u.token}`];

let siretCounter = 0;
/** A fresh SIRET that passes the Luhn check (unique within a run). */
export function validSiret(): string {
  siretCounter += 1;
  return withLuhnKey(withLuhnKey(`9${(Date.now() % 10_000).toString().padStart(4, '0')}${siretCounter.toString().padStart(3, '0')}`) + '0001');
}

export const NATIONAL_PROGRAMME_ID = '00000000-0000-4000-8000-000000000001';

export function cohortBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { programmeId: NATIONAL_PROGRAMME_ID, name: `Cohorte ${uniq()}`, startDate: '2027-01-11', endDate: '2027-06-30', ...overrides };
}

export function projectBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Relocaliser des pièces usinées',
    summary: 'Usinage de précision aujourd’hui sous-traité hors d’Europe.',
    kind: 'activity',
    company: { siret: validSiret(), name: 'Usinage Test', nafCode: '25.62B', communeCode: '25056', sizeBand: '12' },
    products: [{ label: 'Pièces usinées', nafCode: '25.62B' }],
    investmentCents: 50_000_000,
    jobsPlanned: 5,
    ...overrides,
  };
}

/** A coaching session to log with `POST /api/projects/:id/sessions`. */
export function sessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { date: '2026-01-05', durationMinutes: 60, mode: 'onsite', topics: ['Financement'], notes: 'Séance', nextSteps: [{ title: 'Relancer la banque' }], ...overrides };
}

/** A workshop to set up with `POST /api/cohorts/:id/workshops`, one criterion. */
export function workshopBody(projectIds: string[], partnerUserIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Ateliers intensifs',
    startsAt: '2027-05-12T09:00:00+02:00',
    endsAt: '2027-05-13T17:00:00+02:00',
    location: 'Besançon',
    criteria: [{ key: 'innovation', label: 'Innovation', weight: 1, maxScore: 10 }],
    projectIds,
    partnerUserIds,
    ...overrides,
  };
}

export interface ResourceIds {
  cohortId: string;
  projectId: string;
  milestoneId: string;
  programmeId: string;
  sessionId: string;
  workshopId: string;
}

/** One of each main resource in a tenant, through the API as its advisor: a cohort, a project, a programme copy, a session, a workshop. */
export async function createResources(t: TestApp, tenant: TenantFixture): Promise<ResourceIds> {
  const as = bearer(tenant.advisor);
  const id = (res: { body: unknown }): string => (res.body as { id: string }).id;
  const cohortId = id(await t.http.post('/api/cohorts').set(...as).send(cohortBody()).expect(201));
  const project = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...as).send(projectBody()).expect(201)).body as { id: string; milestones: { id: string }[] };
  const programmeId = id(await t.http.post(`/api/programmes/${NATIONAL_PROGRAMME_ID}/copy`).set(...as).send({}).expect(201));
  const sessionId = id(await t.http.post(`/api/projects/${project.id}/sessions`).set(...as).send(sessionBody()).expect(201));
  const workshopId = id(await t.http.post(`/api/cohorts/${cohortId}/workshops`).set(...as).send(workshopBody([project.id], [tenant.partner.id])).expect(201));
  return { cohortId, projectId: project.id, milestoneId: project.milestones[0]?.id ?? '', programmeId, sessionId, workshopId };
}
