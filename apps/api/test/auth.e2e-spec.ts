import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { JWT_AUDIENCE, JWT_ISSUER } from '@filiere/platform/auth';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TEST_JWT_SECRET, TEST_PASSWORD, TenantFixture, TestApp, UserFixture } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

const uniq = (): string => randomBytes(5).toString('hex');
type Req = ReturnType<TestApp['http']['post']>;
const sha256 = (v: string): string => createHash('sha256').update(v).digest('hex');
const freshEmail = (what: string): string => `${what}-${uniq()}@auth-e2e.filiere.fr`;

interface FieldError {
  field: string;
  message: string;
}

/** The API.md error shape, with the request id echoed from the header. */
function expectError(res: Response, status: number, code: string, fields?: string[]): void {
  expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({ status, code });
  expect(res.body).toEqual({ statusCode: status, code, message: expect.any(String), errors: expect.any(Array), requestId: res.headers['x-request-id'] });
  expect(typeof res.body.requestId).toBe('string');
  if (fields) expect((res.body.errors as FieldError[]).map((e) => e.field)).toEqual(expect.arrayContaining(fields));
}

function decodeJwt(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('Authentication, tenants and invitations', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let platformAdmin: UserFixture;

  const count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const [row] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return row?.n ?? -1;
  };

  /** A user inserted straight into the database (no login, so no rate-limit hit), with TEST_PASSWORD. */
  async function insertUser(email: string, memberships: { tenantId: string; role: string }[]): Promise<string> {
    const [user] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO users (email, name, password_hash, is_platform_admin)
       SELECT $1, 'Inserted user', password_hash, false FROM users WHERE id = $2 RETURNING id`,
      [email, a.admin.id],
    );
    if (!user) throw new Error('insert failed');
    for (const m of memberships) await t.dataSource.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [m.tenantId, user.id, m.role]);
    return user.id;
  }

  const login = (body: Record<string, unknown>): Req => t.http.post('/api/auth/login').send(body);

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    a = await createTenant(t, { regionCode: '27' });
    b = await createTenant(t, { regionCode: '53' });
    platformAdmin = await createUser(t, { role: 'platform_admin' });
  });
  afterAll(() => t.close());

  describe('POST /api/auth/login', () => {
    it('returns the session shape, a signed access token and stores only the refresh token hash', async () => {
      const email = freshEmail('login');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'advisor' }]);
      const res = await login({ email, password: TEST_PASSWORD }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: t.config.jwt.accessTtlSeconds,
        user: { id: userId, email, name: 'Inserted user' },
        membership: expect.objectContaining({ tenantId: a.id, tenantSlug: a.slug, role: 'advisor' }),
      });
      expect(t.config.jwt.accessTtlSeconds).toBeGreaterThan(0);
      const [membership] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM memberships WHERE user_id = $1', [userId]);
      const claims = decodeJwt(res.body.accessToken as string);
      expect(claims).toMatchObject({ sub: userId, tid: a.id, role: 'advisor', mid: membership?.id, iss: JWT_ISSUER, aud: JWT_AUDIENCE });
      expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(t.config.jwt.accessTtlSeconds);

      const rows = await t.dataSource.query<{ token_hash: string; membership_id: string; expires_at: Date; used_at: Date | null; revoked_at: Date | null }[]>(
        'SELECT token_hash, membership_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE user_id = $1',
        [userId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ token_hash: sha256(res.body.refreshToken as string), membership_id: membership?.id, used_at: null, revoked_at: null });
      const ttlDays = (new Date(rows[0]?.expires_at ?? 0).getTime() - Date.now()) / 86_400_000;
      expect(ttlDays).toBeGreaterThan(t.config.refreshTtlDays - 1);
      expect(ttlDays).toBeLessThanOrEqual(t.config.refreshTtlDays);
      // The returned access token is accepted by the API.
      await t.http.get('/api/me').set(...bearer({ token: res.body.accessToken as string })).expect(200);
    });

    it('answers an unknown email and a wrong password identically (401 INVALID_CREDENTIALS)', async () => {
      const email = freshEmail('victim');
      await insertUser(email, [{ tenantId: a.id, role: 'coach' }]);
      const unknown = await login({ email: freshEmail('nobody'), password: TEST_PASSWORD });
      const wrong = await login({ email, password: `${TEST_PASSWORD}-wrong` });
      expectError(unknown, 401, 'INVALID_CREDENTIALS');
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      const { requestId: r1, ...restUnknown } = unknown.body as Record<string, unknown>;
      const { requestId: r2, ...restWrong } = wrong.body as Record<string, unknown>;
      expect(restWrong).toEqual(restUnknown);
      expect(r1).not.toEqual(r2);
      expect(Object.keys(wrong.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
      // The user's own password still works: the failure did not lock or alter the account.
      await login({ email, password: TEST_PASSWORD }).expect(200);
    });

    it('treats the email case-insensitively (and trims it)', async () => {
      const email = freshEmail('casing');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'partner' }]);
      const res = await login({ email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD }).expect(200);
      expect(res.body.user).toEqual({ id: userId, email, name: 'Inserted user' });
      expect(res.body.membership).toMatchObject({ tenantId: a.id, role: 'partner' });
    });

    it('the password is case-sensitive', async () => {
      const email = freshEmail('pwcase');
      await insertUser(email, [{ tenantId: a.id, role: 'partner' }]);
      expectError(await login({ email, password: TEST_PASSWORD.toUpperCase() }), 401, 'INVALID_CREDENTIALS');
    });

    it('asks a person of two tenants which one (400 TENANT_REQUIRED), then logs into each by slug', async () => {
      const email = freshEmail('multi');
      const userId = await insertUser(email, [
        { tenantId: a.id, role: 'advisor' },
        { tenantId: b.id, role: 'coach' },
      ]);
      const noTenant = await login({ email, password: TEST_PASSWORD });
      expectError(noTenant, 400, 'TENANT_REQUIRED', ['tenant']);
      expect(noTenant.body.message).toContain(a.slug);
      expect(noTenant.body.message).toContain(b.slug);
      expect(await count('refresh_tokens WHERE user_id = $1', [userId])).toBe(0);

      const inA = await login({ email, password: TEST_PASSWORD, tenant: a.slug }).expect(200);
      const inB = await login({ email, password: TEST_PASSWORD, tenant: b.slug.toUpperCase() }).expect(200);
      expect(inA.body.membership).toMatchObject({ tenantId: a.id, tenantSlug: a.slug, role: 'advisor' });
      expect(inB.body.membership).toMatchObject({ tenantId: b.id, tenantSlug: b.slug, role: 'coach' });
      expect(inA.body.user.id).toBe(userId);
      expect(inB.body.user.id).toBe(userId);
      expect(decodeJwt(inA.body.accessToken as string)).toMatchObject({ tid: a.id, role: 'advisor' });
      expect(decodeJwt(inB.body.accessToken as string)).toMatchObject({ tid: b.id, role: 'coach' });

      // Each token acts inside its own tenant only.
      await t.http.get('/api/users').set(...bearer({ token: inA.body.accessToken as string })).expect(200);
      expectError(await t.http.get('/api/users').set(...bearer({ token: inB.body.accessToken as string })), 403, 'FORBIDDEN');
    });

    it('refuses a tenant the person does not belong to (403), existing or not', async () => {
      const email = freshEmail('single');
      await insertUser(email, [{ tenantId: a.id, role: 'advisor' }]);
      const other = await login({ email, password: TEST_PASSWORD, tenant: b.slug });
      expect(other.status).toBe(403);
      expectError(other, 403, 'NOT_A_MEMBER');
      expectError(await login({ email, password: TEST_PASSWORD, tenant: `no-such-${uniq()}` }), 403, 'NOT_A_MEMBER');
      // A wrong password with a tenant still says nothing about membership.
      expectError(await login({ email, password: 'wrong-password-123', tenant: b.slug }), 401, 'INVALID_CREDENTIALS');
    });

    it('logs a platform admin in with role platform_admin and no tenant', async () => {
      const res = await login({ email: platformAdmin.email, password: TEST_PASSWORD }).expect(200);
      expect(res.body.membership).toMatchObject({ tenantId: null, tenantSlug: null, role: 'platform_admin' });
      expect(res.body.user).toMatchObject({ id: platformAdmin.id, email: platformAdmin.email });
      expect(decodeJwt(res.body.accessToken as string)).toMatchObject({ sub: platformAdmin.id, tid: null, role: 'platform_admin', mid: null });
    });

    it('refuses an account without any membership (403 NO_MEMBERSHIP)', async () => {
      const email = freshEmail('orphan');
      await insertUser(email, []);
      expectError(await login({ email, password: TEST_PASSWORD }), 403, 'NO_MEMBERSHIP');
    });

    it('validates the body (400 VALIDATION_FAILED with fields)', async () => {
      expectError(await login({ email: 'not-an-email', password: TEST_PASSWORD }), 400, 'VALIDATION_FAILED', ['email']);
      expectError(await login({ email: freshEmail('v') }), 400, 'VALIDATION_FAILED', ['password']);
      expectError(await login({ email: freshEmail('v'), password: TEST_PASSWORD, tenant: 'Bad slug!' }), 400, 'VALIDATION_FAILED', ['tenant']);
      expectError(await login({ email: freshEmail('v'), password: TEST_PASSWORD, role: 'admin' }), 400, 'VALIDATION_FAILED', ['role']);
    });
  });

  describe('login rate limit', () => {
    it('answers 10 failed attempts with 401, then 429 RATE_LIMITED even with the right password; another email is not blocked', async () => {
      const email = freshEmail('rl');
      const other = freshEmail('rl-other');
      await insertUser(email, [{ tenantId: a.id, role: 'coach' }]);
      await insertUser(other, [{ tenantId: a.id, role: 'coach' }]);
      expect(t.config.loginRateLimitPerMinute).toBe(10);

      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        const res = await login({ email, password: `wrong-password-${i}` });
        statuses.push(res.status);
        expect(res.body.code).toBe('INVALID_CREDENTIALS');
      }
      expect(statuses).toEqual(Array(10).fill(401));

      const eleventh = await login({ email, password: TEST_PASSWORD });
      expectError(eleventh, 429, 'RATE_LIMITED');
      expect(eleventh.body.accessToken).toBeUndefined();
      // Same email spelled differently is the same counter.
      expectError(await login({ email: email.toUpperCase(), password: TEST_PASSWORD }), 429, 'RATE_LIMITED');

      // Another email from the same client still gets through.
      const ok = await login({ email: other, password: TEST_PASSWORD }).expect(200);
      expect(ok.body.user.email).toBe(other);
    });
  });

  describe('refresh and logout', () => {
    interface TokenRow {
      id: string;
      family_id: string;
      token_hash: string;
      used_at: Date | null;
      revoked_at: Date | null;
    }
    const rowsOf = (userId: string): Promise<TokenRow[]> =>
      t.dataSource.query<TokenRow[]>('SELECT id, family_id, token_hash, used_at, revoked_at FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at, id', [userId]);
    const refresh = (refreshToken: string): Req => t.http.post('/api/auth/refresh').send({ refreshToken });

    it('rotates: a new pair, the old one marked used, same family', async () => {
      const email = freshEmail('rot');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'coach' }]);
      const first = await login({ email, password: TEST_PASSWORD }).expect(200);
      const second = await refresh(first.body.refreshToken as string).expect(200);
      expect(second.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: t.config.jwt.accessTtlSeconds,
        user: { id: userId, email, name: 'Inserted user' },
        membership: expect.objectContaining({ tenantId: a.id, tenantSlug: a.slug, role: 'coach' }),
      });
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
      expect(decodeJwt(second.body.accessToken as string)).toMatchObject({ sub: userId, tid: a.id, role: 'coach' });
      const rows = await rowsOf(userId);
      expect(rows).toHaveLength(2);
      const old = rows.find((r) => r.token_hash === sha256(first.body.refreshToken as string));
      const next = rows.find((r) => r.token_hash === sha256(second.body.refreshToken as string));
      expect(old?.used_at).not.toBeNull();
      expect(next?.used_at).toBeNull();
      expect(next?.family_id).toBe(old?.family_id);
      await t.http.get('/api/me').set(...bearer({ token: second.body.accessToken as string })).expect(200);
    });

    it('a reused refresh token is refused (REFRESH_TOKEN_REUSED) and revokes the whole chain, not other logins', async () => {
      const email = freshEmail('reuse');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'advisor' }]);
      const first = await login({ email, password: TEST_PASSWORD }).expect(200);
      const otherLogin = await login({ email, password: TEST_PASSWORD }).expect(200);
      const rotated = await refresh(first.body.refreshToken as string).expect(200);

      expectError(await refresh(first.body.refreshToken as string), 401, 'REFRESH_TOKEN_REUSED');
      // The token issued by the legitimate rotation is now dead too.
      expectError(await refresh(rotated.body.refreshToken as string), 401, 'INVALID_REFRESH_TOKEN');

      const rows = await rowsOf(userId);
      const family = rows.find((r) => r.token_hash === sha256(first.body.refreshToken as string))?.family_id;
      const chain = rows.filter((r) => r.family_id === family);
      expect(chain).toHaveLength(2);
      expect(chain.every((r) => r.revoked_at !== null)).toBe(true);
      const others = rows.filter((r) => r.family_id !== family);
      expect(others).toHaveLength(1);
      expect(others[0]?.revoked_at).toBeNull();
      // The separate login is untouched.
      await refresh(otherLogin.body.refreshToken as string).expect(200);
    });

    it('refuses a random or malformed refresh token', async () => {
      expectError(await refresh(randomBytes(32).toString('base64url')), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await t.http.post('/api/auth/refresh').send({}), 400, 'VALIDATION_FAILED', ['refreshToken']);
    });

    it('refuses an expired refresh token', async () => {
      const email = freshEmail('exp');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'advisor' }]);
      const s = await login({ email, password: TEST_PASSWORD }).expect(200);
      await t.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);
      expectError(await refresh(s.body.refreshToken as string), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('refreshes a platform admin session', async () => {
      const s = await login({ email: platformAdmin.email, password: TEST_PASSWORD }).expect(200);
      const r = await refresh(s.body.refreshToken as string).expect(200);
      expect(r.body.membership).toMatchObject({ tenantId: null, role: 'platform_admin' });
      expect(decodeJwt(r.body.accessToken as string)).toMatchObject({ sub: platformAdmin.id, tid: null, role: 'platform_admin', mid: null });
    });

    it('logout needs the access token and revokes the refresh token family', async () => {
      const email = freshEmail('logout');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'holder' }]);
      const s = await login({ email, password: TEST_PASSWORD }).expect(200);
      const rotated = await refresh(s.body.refreshToken as string).expect(200);

      expectError(await t.http.post('/api/auth/logout').send({ refreshToken: rotated.body.refreshToken }), 401, 'UNAUTHENTICATED');
      expect((await rowsOf(userId)).every((r) => r.revoked_at === null)).toBe(true);

      const out = await t.http
        .post('/api/auth/logout')
        .set(...bearer({ token: rotated.body.accessToken as string }))
        .send({ refreshToken: rotated.body.refreshToken })
        .expect(204);
      expect(out.text).toBe('');
      const rows = await rowsOf(userId);
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
      expectError(await refresh(rotated.body.refreshToken as string), 401, 'INVALID_REFRESH_TOKEN');
    });

    it("logout with someone else's refresh token does not revoke it", async () => {
      const victimEmail = freshEmail('victim-lo');
      const victimId = await insertUser(victimEmail, [{ tenantId: a.id, role: 'coach' }]);
      const victim = await login({ email: victimEmail, password: TEST_PASSWORD }).expect(200);
      await t.http.post('/api/auth/logout').set(...bearer(a.partner)).send({ refreshToken: victim.body.refreshToken }).expect(204);
      expect((await rowsOf(victimId)).map((r) => r.revoked_at)).toEqual([null]);
      await refresh(victim.body.refreshToken as string).expect(200);
    });
  });

  describe('GET /api/me', () => {
    it('returns the user, the current membership and every membership of the person', async () => {
      const email = freshEmail('me');
      const userId = await insertUser(email, [
        { tenantId: a.id, role: 'advisor' },
        { tenantId: b.id, role: 'partner' },
      ]);
      const s = await login({ email, password: TEST_PASSWORD, tenant: b.slug }).expect(200);
      const res = await t.http.get('/api/me').set(...bearer({ token: s.body.accessToken as string })).expect(200);
      expect(res.body.user).toEqual({ id: userId, email, name: 'Inserted user' });
      expect(res.body.membership).toMatchObject({ tenantId: b.id, tenantSlug: b.slug, role: 'partner' });
      expect(res.body.memberships).toHaveLength(2);
      expect(res.body.memberships).toEqual(
        expect.arrayContaining([expect.objectContaining({ tenantId: a.id, tenantSlug: a.slug, role: 'advisor' }), expect.objectContaining({ tenantId: b.id, tenantSlug: b.slug, role: 'partner' })]),
      );
    });

    it('for a platform admin: no tenant, no memberships', async () => {
      const res = await t.http.get('/api/me').set(...bearer(platformAdmin)).expect(200);
      expect(res.body).toMatchObject({ user: { id: platformAdmin.id, email: platformAdmin.email }, membership: { tenantId: null, role: 'platform_admin' }, memberships: [] });
    });

    it('refuses a missing, garbage, foreign-signed, mis-addressed or expired token', async () => {
      expectError(await t.http.get('/api/me'), 401, 'UNAUTHENTICATED');
      expectError(await t.http.get('/api/me').set('Authorization', 'Bearer not.a.jwt'), 401, 'INVALID_TOKEN');
      expectError(await t.http.get('/api/me').set('Authorization', `Bearer ${uniq()}`), 401, 'INVALID_TOKEN');

      const claims = decodeJwt(a.coach.token);
      const payload = { sub: claims['sub'], tid: claims['tid'], role: claims['role'], mid: claims['mid'] };
      const sign = (secret: string, opts: { audience?: string; expiresIn?: number } = {}): string =>
        new JwtService({ secret }).sign(payload, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: opts.audience ?? JWT_AUDIENCE, expiresIn: opts.expiresIn ?? 600 });

      // Control: the same payload signed with the app's secret is accepted.
      const good = await t.http.get('/api/me').set(...bearer({ token: sign(TEST_JWT_SECRET) })).expect(200);
      expect(good.body.user.id).toBe(a.coach.id);

      expectError(await t.http.get('/api/me').set(...bearer({ token: sign('another-secret-of-at-least-thirty-two-characters') })), 401, 'INVALID_TOKEN');
      expectError(await t.http.get('/api/me').set(...bearer({ token: sign(TEST_JWT_SECRET, { audience: 'someone-else' }) })), 401, 'INVALID_TOKEN');
      expectError(await t.http.get('/api/me').set(...bearer({ token: sign(TEST_JWT_SECRET, { expiresIn: -10 }) })), 401, 'TOKEN_EXPIRED');

      // alg "none" with the same claims.
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${a.coach.token.split('.')[1]}.`;
      expectError(await t.http.get('/api/me').set(...bearer({ token: none })), 401, 'INVALID_TOKEN');
    });
  });

  describe('POST /api/tenants', () => {
    const tenantBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      name: '  CCI Test Bretagne  ',
      slug: `cci-${uniq()}`,
      regionCode: '53',
      adminEmail: `Direction-${uniq()}@CCI-Test.fr`,
      ...overrides,
    });

    it('lets the platform admin create a tenant with its first admin invitation; the admin accepts, logs in and lists users', async () => {
      const body = tenantBody();
      const res = await t.http.post('/api/tenants').set(...bearer(platformAdmin)).send(body).expect(201);
      const adminEmail = (body['adminEmail'] as string).toLowerCase();
      expect(res.body.tenant).toEqual({ id: expect.any(String), name: 'CCI Test Bretagne', slug: body['slug'], regionCode: '53', regionName: 'Bretagne', createdAt: expect.any(String) });
      expect(res.body.invitation).toEqual({
        id: expect.any(String),
        email: adminEmail,
        role: 'admin',
        projectId: null,
        token: expect.any(String),
        acceptUrl: `http://filiere.test/invitations/accept?token=${encodeURIComponent(res.body.invitation.token as string)}`,
        expiresAt: expect.any(String),
      });
      const days = (Date.parse(res.body.invitation.expiresAt as string) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(t.config.invitationTtlDays - 1);
      expect(days).toBeLessThanOrEqual(t.config.invitationTtlDays);

      const tenantId = res.body.tenant.id as string;
      const [tenantRow] = await t.dataSource.query<Record<string, unknown>[]>('SELECT name, slug, region_code FROM tenants WHERE id = $1', [tenantId]);
      expect(tenantRow).toEqual({ name: 'CCI Test Bretagne', slug: body['slug'], region_code: '53' });
      const invitations = await t.dataSource.query<Record<string, unknown>[]>('SELECT tenant_id, email, role, token_hash, invited_by_user_id, accepted_at FROM invitations WHERE id = $1', [
        res.body.invitation.id,
      ]);
      expect(invitations).toEqual([
        { tenant_id: tenantId, email: adminEmail, role: 'admin', token_hash: sha256(res.body.invitation.token as string), invited_by_user_id: platformAdmin.id, accepted_at: null },
      ]);

      // Platform-level audit of the tenant creation, readable by the platform admin.
      const audit = await t.http.get('/api/audit').query({ entity: 'tenant', id: tenantId }).set(...bearer(platformAdmin)).expect(200);
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'tenant.create', tenantId: null, actorUserId: platformAdmin.id, requestId: res.headers['x-request-id'] })]);

      // The first admin accepts, logs in and works in the new tenant.
      const password = 'a-brand-new-admin-password';
      const accepted = await t.http.post('/api/invitations/accept').send({ token: res.body.invitation.token, name: 'Première Admin', password }).expect(201);
      expect(accepted.body).toEqual({ user: { id: expect.any(String), email: adminEmail, name: 'Première Admin' } });
      const s = await login({ email: adminEmail, password }).expect(200);
      expect(s.body.membership).toMatchObject({ tenantId, tenantSlug: body['slug'], role: 'admin' });
      const users = await t.http.get('/api/users').set(...bearer({ token: s.body.accessToken as string })).expect(200);
      expect(users.body.items).toEqual([expect.objectContaining({ id: accepted.body.user.id, email: adminEmail, name: 'Première Admin', role: 'admin' })]);
      // The new admin sees the invitation that brought them in, made by the platform admin.
      const invAudit = await t.http.get('/api/audit').query({ entity: 'invitation' }).set(...bearer({ token: s.body.accessToken as string })).expect(200);
      expect(invAudit.body.items).toEqual([expect.objectContaining({ action: 'invitation.create', entityId: res.body.invitation.id, actorUserId: platformAdmin.id, actorRole: 'platform_admin' })]);
    });

    it('refuses a duplicate slug with 409 TENANT_SLUG_TAKEN and creates nothing', async () => {
      const before = { tenants: await count('tenants'), invitations: await count('invitations') };
      expectError(await t.http.post('/api/tenants').set(...bearer(platformAdmin)).send(tenantBody({ slug: a.slug })), 409, 'TENANT_SLUG_TAKEN');
      expect({ tenants: await count('tenants'), invitations: await count('invitations') }).toEqual(before);
    });

    it.each([
      ['a slug with upper case and underscore', { slug: 'Bad_Slug' }, 'slug'],
      ['a slug starting with a dash', { slug: '-cci' }, 'slug'],
      ['an unknown region code', { regionCode: '99' }, 'regionCode'],
      ['a malformed region code', { regionCode: 'BFC' }, 'regionCode'],
      ['a malformed admin email', { adminEmail: 'not-an-email' }, 'adminEmail'],
      ['an empty name', { name: '   ' }, 'name'],
      ['an unknown field', { owner: 'me' }, 'owner'],
    ])('refuses %s with 400 VALIDATION_FAILED and creates nothing', async (_what, overrides, field) => {
      const before = { tenants: await count('tenants'), invitations: await count('invitations'), audit: await count('audit_events') };
      const res = await t.http.post('/api/tenants').set(...bearer(platformAdmin)).send(tenantBody(overrides));
      expectError(res, 400, 'VALIDATION_FAILED', [field]);
      expect({ tenants: await count('tenants'), invitations: await count('invitations'), audit: await count('audit_events') }).toEqual(before);
    });

    it('is only for the platform admin', async () => {
      const before = await count('tenants');
      expectError(await t.http.post('/api/tenants').set(...bearer(a.admin)).send(tenantBody()), 403, 'FORBIDDEN');
      expectError(await t.http.post('/api/tenants').set(...bearer(a.advisor)).send(tenantBody()), 403, 'FORBIDDEN');
      expectError(await t.http.post('/api/tenants').send(tenantBody()), 401, 'UNAUTHENTICATED');
      expect(await count('tenants')).toBe(before);
    });
  });

  describe('invitations', () => {
    let cohortId: string;
    let projectA1: string;
    let projectA2: string;
    let projectB: string;
    const invite = (who: { token: string }, body: Record<string, unknown>): Req => t.http.post('/api/invitations').set(...bearer(who)).send(body);
    const accept = (body: Record<string, unknown>): Req => t.http.post('/api/invitations/accept').send(body);

    beforeAll(async () => {
      const cohort = await t.http
        .post('/api/cohorts')
        .set(...bearer(a.advisor))
        .send(cohortBody({ programmeId: '00000000-0000-4000-8000-000000000001', startDate: '2027-01-11', endDate: '2027-06-30' }))
        .expect(201);
      cohortId = cohort.body.id as string;
      projectA1 = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(a.advisor)).send(projectBody()).expect(201)).body.id as string;
      projectA2 = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(a.advisor)).send(projectBody()).expect(201)).body.id as string;
      const cohortB = await t.http.post('/api/cohorts').set(...bearer(b.advisor)).send(cohortBody()).expect(201);
      projectB = (await t.http.post(`/api/cohorts/${cohortB.body.id as string}/projects`).set(...bearer(b.advisor)).send(projectBody()).expect(201)).body.id as string;
    });

    it('an advisor invites a coach: 201 with token and accept URL; only the hash is stored', async () => {
      const email = freshEmail('coach');
      const res = await invite(a.advisor, { email: email.toUpperCase(), role: 'coach' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email,
        role: 'coach',
        projectId: null,
        token: expect.any(String),
        acceptUrl: `http://filiere.test/invitations/accept?token=${encodeURIComponent(res.body.token as string)}`,
        expiresAt: expect.any(String),
      });
      expect((res.body.token as string).length).toBeGreaterThanOrEqual(32);
      const rows = await t.dataSource.query<Record<string, unknown>[]>('SELECT tenant_id, email, role, project_id, token_hash, invited_by_user_id, accepted_at FROM invitations WHERE id = $1', [res.body.id]);
      expect(rows).toEqual([{ tenant_id: a.id, email, role: 'coach', project_id: null, token_hash: sha256(res.body.token as string), invited_by_user_id: a.advisor.id, accepted_at: null }]);
    });

    it('only an admin invites an admin', async () => {
      const email = freshEmail('adm');
      expectError(await invite(a.advisor, { email, role: 'admin' }), 403, 'FORBIDDEN');
      expect(await count('invitations WHERE email = $1', [email])).toBe(0);
      await invite(a.admin, { email, role: 'admin' }).expect(201);
      expect(await count('invitations WHERE email = $1', [email])).toBe(1);
    });

    it('coaches, holders and partners may not invite', async () => {
      for (const who of [a.coach, a.holder, a.partner]) expectError(await invite(who, { email: freshEmail('x'), role: 'partner' }), 403, 'FORBIDDEN');
      expectError(await invite(platformAdmin, { email: freshEmail('x'), role: 'partner' }), 403, 'FORBIDDEN');
    });

    it('validates role, email and projectId', async () => {
      expectError(await invite(a.advisor, { email: freshEmail('h'), role: 'holder' }), 400, 'VALIDATION_FAILED', ['projectId']);
      expectError(await invite(a.advisor, { email: freshEmail('p'), role: 'partner', projectId: projectA1 }), 400, 'VALIDATION_FAILED', ['projectId']);
      expectError(await invite(a.advisor, { email: freshEmail('p'), role: 'holder', projectId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED', ['projectId']);
      expectError(await invite(a.advisor, { email: freshEmail('p'), role: 'platform_admin' }), 400, 'VALIDATION_FAILED', ['role']);
      expectError(await invite(a.advisor, { email: 'nope', role: 'coach' }), 400, 'VALIDATION_FAILED', ['email']);
    });

    it("a project of another tenant is a 404 and nothing is created", async () => {
      const email = freshEmail('h-other');
      expectError(await invite(a.advisor, { email, role: 'holder', projectId: projectB }), 404, 'NOT_FOUND');
      expectError(await invite(a.advisor, { email, role: 'coach', projectId: projectB }), 404, 'NOT_FOUND');
      expect(await count('invitations WHERE email = $1', [email])).toBe(0);
    });

    it('refuses to invite an existing member (409 ALREADY_MEMBER), whatever the email case', async () => {
      expectError(await invite(a.advisor, { email: a.coach.email, role: 'coach' }), 409, 'ALREADY_MEMBER');
      expectError(await invite(a.admin, { email: a.partner.email.toUpperCase(), role: 'advisor' }), 409, 'ALREADY_MEMBER');
      expect(await count('invitations WHERE email IN ($1, $2)', [a.coach.email, a.partner.email])).toBe(0);
      // Being a member of another tenant is no obstacle.
      await invite(b.advisor, { email: a.coach.email, role: 'partner' }).expect(201);
    });

    it('accept: password of 11 characters refused (400 password), then works once, then 409', async () => {
      const email = freshEmail('acc');
      const inv = await invite(a.advisor, { email, role: 'coach' }).expect(201);
      const token = inv.body.token as string;

      expectError(await accept({ token, name: 'Camille Martin', password: '12345678901' }), 400, 'VALIDATION_FAILED', ['password']);
      expectError(await accept({ token, name: '  ', password: 'twelve-chars' }), 400, 'VALIDATION_FAILED', ['name']);
      expect(await count('users WHERE email = $1', [email])).toBe(0);

      const ok = await accept({ token, name: '  Camille Martin ', password: 'twelve-chars' }).expect(201);
      expect(ok.body).toEqual({ user: { id: expect.any(String), email, name: 'Camille Martin' } });
      const userId = ok.body.user.id as string;
      const [user] = await t.dataSource.query<{ password_hash: string; is_platform_admin: boolean }[]>('SELECT password_hash, is_platform_admin FROM users WHERE id = $1', [userId]);
      expect(user?.password_hash).toMatch(/^\$argon2id\$/);
      expect(user?.is_platform_admin).toBe(false);
      expect(await t.dataSource.query('SELECT tenant_id, role FROM memberships WHERE user_id = $1', [userId])).toEqual([{ tenant_id: a.id, role: 'coach' }]);
      const [invRow] = await t.dataSource.query<{ accepted_at: Date | null; accepted_user_id: string | null }[]>('SELECT accepted_at, accepted_user_id FROM invitations WHERE id = $1', [inv.body.id]);
      expect(invRow?.accepted_at).not.toBeNull();
      expect(invRow?.accepted_user_id).toBe(userId);

      expectError(await accept({ token, name: 'Camille Martin', password: 'another-password' }), 409, 'INVITATION_ALREADY_ACCEPTED');
      expect(await count('memberships WHERE user_id = $1', [userId])).toBe(1);

      const s = await login({ email, password: 'twelve-chars' }).expect(200);
      expect(s.body.membership).toMatchObject({ tenantId: a.id, role: 'coach' });
    });

    it('an expired invitation is 410 INVITATION_EXPIRED and creates no user', async () => {
      const email = freshEmail('late');
      const inv = await invite(a.advisor, { email, role: 'partner' }).expect(201);
      await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [inv.body.id]);
      expectError(await accept({ token: inv.body.token, name: 'Trop Tard', password: 'long-enough-password' }), 410, 'INVITATION_EXPIRED');
      expect(await count('users WHERE email = $1', [email])).toBe(0);
      const [row] = await t.dataSource.query<{ accepted_at: Date | null }[]>('SELECT accepted_at FROM invitations WHERE id = $1', [inv.body.id]);
      expect(row?.accepted_at).toBeNull();
    });

    it('an unknown token is 404', async () => {
      expectError(await accept({ token: randomBytes(32).toString('base64url'), name: 'Personne', password: 'long-enough-password' }), 404, 'INVITATION_NOT_FOUND');
    });

    it('a holder invited on a project sees that project and not another of the same cohort', async () => {
      const email = freshEmail('holder');
      const inv = await invite(a.advisor, { email, role: 'holder', projectId: projectA1 }).expect(201);
      expect(inv.body).toMatchObject({ role: 'holder', projectId: projectA1 });
      const ok = await accept({ token: inv.body.token, name: 'Porteur Projet', password: 'holder-password-1' }).expect(201);
      expect(await t.dataSource.query('SELECT tenant_id, project_id, role FROM project_members WHERE user_id = $1', [ok.body.user.id])).toEqual([
        { tenant_id: a.id, project_id: projectA1, role: 'holder' },
      ]);

      const s = await login({ email, password: 'holder-password-1' }).expect(200);
      expect(s.body.membership).toMatchObject({ tenantId: a.id, role: 'holder' });
      const holder = { token: s.body.accessToken as string };
      const own = await t.http.get(`/api/projects/${projectA1}`).set(...bearer(holder)).expect(200);
      expect(own.body.id).toBe(projectA1);
      expectError(await t.http.get(`/api/projects/${projectA2}`).set(...bearer(holder)), 404, 'NOT_FOUND');
      expectError(await t.http.get(`/api/projects/${projectB}`).set(...bearer(holder)), 404, 'NOT_FOUND');
    });

    it('a coach invited on a project is assigned to it', async () => {
      const email = freshEmail('coach-p');
      const inv = await invite(a.advisor, { email, role: 'coach', projectId: projectA2 }).expect(201);
      const ok = await accept({ token: inv.body.token, name: 'Coach Projet', password: 'coach-password-12' }).expect(201);
      expect(await t.dataSource.query('SELECT project_id, role FROM project_members WHERE user_id = $1', [ok.body.user.id])).toEqual([{ project_id: projectA2, role: 'coach' }]);
      const s = await login({ email, password: 'coach-password-12' }).expect(200);
      await t.http.get(`/api/projects/${projectA2}`).set(...bearer({ token: s.body.accessToken as string })).expect(200);
      expectError(await t.http.get(`/api/projects/${projectA1}`).set(...bearer({ token: s.body.accessToken as string })), 404, 'NOT_FOUND');
    });

    it('an existing user joining another tenant must give their own password, then has two memberships', async () => {
      const email = freshEmail('joiner');
      const userId = await insertUser(email, [{ tenantId: a.id, role: 'advisor' }]);
      const inv = await invite(b.admin, { email, role: 'coach' }).expect(201);

      const wrong = await accept({ token: inv.body.token, name: 'Pirate Name', password: 'not-the-right-password' });
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      expect(await count('memberships WHERE user_id = $1', [userId])).toBe(1);
      const [pending] = await t.dataSource.query<{ accepted_at: Date | null }[]>('SELECT accepted_at FROM invitations WHERE id = $1', [inv.body.id]);
      expect(pending?.accepted_at).toBeNull();

      const ok = await accept({ token: inv.body.token, name: 'Another Name', password: TEST_PASSWORD }).expect(201);
      expect(ok.body.user).toEqual({ id: userId, email, name: 'Inserted user' });
      expect(await count('users WHERE email = $1', [email])).toBe(1);
      const memberships = await t.dataSource.query<{ tenant_id: string; role: string }[]>('SELECT tenant_id, role FROM memberships WHERE user_id = $1 ORDER BY created_at', [userId]);
      expect(memberships).toEqual([
        { tenant_id: a.id, role: 'advisor' },
        { tenant_id: b.id, role: 'coach' },
      ]);
      expectError(await login({ email, password: TEST_PASSWORD }), 400, 'TENANT_REQUIRED', ['tenant']);
      const inB = await login({ email, password: TEST_PASSWORD, tenant: b.slug }).expect(200);
      expect(inB.body.membership).toMatchObject({ tenantId: b.id, role: 'coach' });
      const me = await t.http.get('/api/me').set(...bearer({ token: inB.body.accessToken as string })).expect(200);
      expect(me.body.memberships).toHaveLength(2);
    });
  });

  describe('audit of invitations', () => {
    it('the tenant admin lists invitation.create with actor and request id; advisors may not read the audit', async () => {
      const email = freshEmail('audited');
      const inv = await t.http.post('/api/invitations').set(...bearer(a.advisor)).set('X-Request-Id', `req-audit-${uniq()}`).send({ email, role: 'partner' }).expect(201);
      const requestId = inv.headers['x-request-id'];
      expect(requestId).toMatch(/^req-audit-/);

      const res = await t.http.get('/api/audit').query({ entity: 'invitation', id: inv.body.id }).set(...bearer(a.admin)).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          tenantId: a.id,
          action: 'invitation.create',
          entity: 'invitation',
          entityId: inv.body.id,
          actorUserId: a.advisor.id,
          actorRole: 'advisor',
          requestId,
        }),
      ]);
      const event = res.body.items[0] as { changes: Record<string, { to: unknown }> };
      expect(event.changes['email']?.to).toBe(email);
      expect(event.changes['role']?.to).toBe('partner');
      expect(JSON.stringify(res.body)).not.toContain(inv.body.token as string);

      const listed = await t.http.get('/api/audit').query({ entity: 'invitation', limit: 200 }).set(...bearer(a.admin)).expect(200);
      expect((listed.body.items as { entityId: string; action: string }[]).some((e) => e.entityId === inv.body.id && e.action === 'invitation.create')).toBe(true);

      // Another tenant's admin does not see it.
      const other = await t.http.get('/api/audit').query({ entity: 'invitation', id: inv.body.id }).set(...bearer(b.admin)).expect(200);
      expect(other.body.items).toEqual([]);

      expectError(await t.http.get('/api/audit').query({ entity: 'invitation' }).set(...bearer(a.advisor)), 403, 'FORBIDDEN');
    });

    it('accepting records invitation.accept on the new membership', async () => {
      const email = freshEmail('acc-audit');
      const inv = await t.http.post('/api/invitations').set(...bearer(a.admin)).send({ email, role: 'advisor' }).expect(201);
      const ok = await t.http.post('/api/invitations/accept').send({ token: inv.body.token, name: 'Conseillère', password: 'advisor-password-1' }).expect(201);
      const [membership] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM memberships WHERE user_id = $1', [ok.body.user.id]);
      const res = await t.http.get('/api/audit').query({ entity: 'membership', id: membership?.id }).set(...bearer(a.admin)).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ action: 'invitation.accept', actorUserId: ok.body.user.id, actorRole: 'advisor', tenantId: a.id })]);
      expect(JSON.stringify(res.body)).not.toContain('advisor-password-1');
    });
  });
});
