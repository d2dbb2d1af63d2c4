import { randomBytes } from 'node:crypto';
import { bearer, createTestApp, TestApp } from '@filiere/platform/testing';
import { ensurePlatformAdmin, PlatformAdminBootstrap } from '@filiere/tenancy';
import { AppModule } from '../src/app.module';

/**
 * Start-up with PLATFORM_ADMIN_EMAIL / PLATFORM_ADMIN_PASSWORD makes sure that account exists.
 * Its own file: the configuration is read once per test file (getConfig() caches it).
 */
describe('PLATFORM_ADMIN bootstrap', () => {
  let t: TestApp;
  const uniq = randomBytes(5).toString('hex');
  const email = `ops-${uniq}@filiere.test`;
  const password = 'ops-bootstrap-password-2026';

  interface UserRow {
    id: string;
    name: string;
    password_hash: string;
    is_platform_admin: boolean;
  }
  const rows = (): Promise<UserRow[]> => t.dataSource.query<UserRow[]>('SELECT id, name, password_hash, is_platform_admin FROM users WHERE lower(email) = $1', [email]);

  beforeAll(async () => {
    // Mixed case as an operator might type it: the account is stored lower-cased.
    t = await createTestApp(AppModule, { env: { PLATFORM_ADMIN_EMAIL: `Ops-${uniq}@Filiere.TEST`, PLATFORM_ADMIN_PASSWORD: password } });
  });
  afterAll(() => t.close());

  it('creates the platform admin at start-up', async () => {
    expect(t.config.platformAdmin).toEqual({ email, password });
    const users = await rows();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ name: 'Administrateur plateforme', is_platform_admin: true });
    expect(users[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(await t.dataSource.query('SELECT email FROM users WHERE id = $1', [users[0]?.id])).toEqual([{ email }]);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [users[0]?.id])).toEqual([{ n: 0 }]);
  });

  it('that account logs in as platform_admin, without a tenant, and can create tenants', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: email.toUpperCase(), password }).expect(200);
    expect(res.body.membership).toMatchObject({ tenantId: null, tenantSlug: null, role: 'platform_admin' });
    expect(res.body.user).toMatchObject({ email, name: 'Administrateur plateforme' });
    const token = { token: res.body.accessToken as string };
    const me = await t.http.get('/api/me').set(...bearer(token)).expect(200);
    expect(me.body.membership).toMatchObject({ tenantId: null, role: 'platform_admin' });
    await t.http
      .post('/api/tenants')
      .set(...bearer(token))
      .send({ name: 'CCI Bootstrap', slug: `cci-boot-${uniq}`, regionCode: '27', adminEmail: `admin-${uniq}@filiere.test` })
      .expect(201);
  });

  it('refuses a wrong password for that account', async () => {
    const res = await t.http.post('/api/auth/login').send({ email, password: `${password}-no` });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('is idempotent: a restart leaves the account as it is', async () => {
    const before = await rows();
    await t.app.get(PlatformAdminBootstrap).onApplicationBootstrap();
    expect(await ensurePlatformAdmin(t.dataSource, email, password)).toBe('unchanged');
    expect(await rows()).toEqual(before);
  });

  it('restores the configured password and the platform-admin flag when they drifted', async () => {
    const [before] = await rows();
    await t.dataSource.query(`UPDATE users SET is_platform_admin = false, password_hash = 'not-a-hash' WHERE id = $1`, [before?.id]);
    expect((await t.http.post('/api/auth/login').send({ email, password })).status).toBe(401);

    await t.app.get(PlatformAdminBootstrap).onApplicationBootstrap();
    const after = await rows();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, is_platform_admin: true });
    const res = await t.http.post('/api/auth/login').send({ email, password }).expect(200);
    expect(res.body.membership).toMatchObject({ tenantId: null, role: 'platform_admin' });
  });
});
