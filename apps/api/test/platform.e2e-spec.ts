import { bearer, createTenant, createTestApp, createUser, TenantFixture, TestApp } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

describe('HTTP platform', () => {
  let t: TestApp;
  let tenant: TenantFixture;

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    tenant = await createTenant(t);
  });
  afterAll(() => t.close());

  it('reports database and Redis health', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('ignores a trailing slash', async () => {
    await t.http.get('/api/health/').expect(200);
  });

  it('answers unknown routes in the error shape with a request id', async () => {
    const res = await t.http.get('/api/nope').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', errors: [] });
    expect(res.body.requestId).toEqual(res.headers['x-request-id']);
    expect(res.body.message).toContain('/api/nope');
  });

  it('keeps a well-formed incoming X-Request-Id', async () => {
    const res = await t.http.get('/api/me').set('X-Request-Id', 'proxy-req-12345678').expect(401);
    expect(res.headers['x-request-id']).toBe('proxy-req-12345678');
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', requestId: 'proxy-req-12345678' });
  });

  it('sets security headers', async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    expect(typeof res.body.requestId).toBe('string');
  });

  it('reads an empty body sent as JSON as {} (field errors, not a parse error) and refuses other types with 415', async () => {
    const empty = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('').expect(400);
    expect(empty.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field: 'email' })]) });
    const xml = await t.http.post('/api/auth/login').set('Content-Type', 'application/xml').send('<login/>').expect(415);
    expect(xml.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', requestId: expect.any(String) });
  });

  it('rejects a body over the limit with 413 and changes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM cohorts');
    const res = await t.http
      .post('/api/cohorts')
      .set(...bearer(tenant.advisor))
      .send({ programmeId: '00000000-0000-4000-8000-000000000001', name: 'x'.repeat(2_000_000), startDate: '2027-01-01', endDate: '2027-06-01' })
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM cohorts')).toEqual(before);
  });

  it('serves the OpenAPI document describing the routes', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const paths = Object.keys(res.body.paths as Record<string, unknown>);
    expect(paths).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cohorts', '/api/cohorts/{id}/projects', '/api/milestones/{id}', '/api/health']));
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
  });

  it('serves Prometheus metrics: HTTP latency by route pattern and queue depth', async () => {
    await t.http.get(`/api/cohorts/00000000-0000-4000-8000-000000000009`).set(...bearer(tenant.advisor)).expect(404);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/cohorts\/:id"[^}]*status="404"/);
    expect(res.text).not.toContain('00000000-0000-4000-8000-000000000009');
    expect(res.text).toMatch(/queue_jobs\{[^}]*queue="notifications"[^}]*state="waiting"/);
  });

  it('keeps the queue dashboard for platform admins', async () => {
    await t.http.get('/api/admin/queues').expect(401);
    const refused = await t.http.get('/api/admin/queues').set(...bearer(tenant.admin)).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const ops = await createUser(t, { role: 'platform_admin' });
    const page = await t.http.get('/api/admin/queues').set(...bearer(ops)).expect(200);
    expect(page.text).toContain('<html');
    const api = await t.http.get(`/api/admin/queues/api/queues?token=${ops.token}`).expect(200);
    expect((api.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(['default', 'notifications']);
    expect(String(api.headers['set-cookie'])).toContain('filiere_ops=');
  });
});
