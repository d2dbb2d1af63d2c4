import { Client } from 'pg';
import { createTestDatabase, TEST_REDIS_URL } from '@filiere/platform/testing';
import { runDemoSeed } from './demo-seeder';

describe('demo seed', () => {
  it('creates two tenants with every role, a running cohort of ten projects, and is idempotent', async () => {
    const db = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, NODE_ENV: 'test', LOG_LEVEL: 'silent', QUEUE_PREFIX: `seed-${process.pid}` });
    const client = new Client({ connectionString: db.url });
    try {
      const logins = await runDemoSeed(() => undefined);
      expect(new Set(logins.map((l) => l.role))).toEqual(new Set(['platform_admin', 'admin', 'advisor', 'coach', 'holder', 'partner']));
      await client.connect();
      const counts = async () =>
        (
          await client.query<Record<string, number>>(`SELECT
            (SELECT count(*)::int FROM tenants) AS tenants,
            (SELECT count(*)::int FROM memberships) AS memberships,
            (SELECT count(*)::int FROM cohorts WHERE status = 'running') AS cohorts,
            (SELECT count(*)::int FROM projects) AS projects,
            (SELECT count(*)::int FROM milestones WHERE status = 'done') AS done,
            (SELECT count(*)::int FROM coaching_sessions) AS sessions,
            (SELECT count(*)::int FROM workshops) AS workshops,
            (SELECT count(*)::int FROM project_financing_profiles WHERE stage IS NOT NULL) AS profiles,
            (SELECT count(*)::int FROM financing_plans) AS plans,
            (SELECT count(*)::int FROM expert_profiles) AS "expertProfiles",
            (SELECT count(*)::int FROM academic_teams) AS academic,
            (SELECT count(*)::int FROM trainings) AS trainings,
            (SELECT count(*)::int FROM training_registrations) AS registrations,
            (SELECT count(*)::int FROM invoices WHERE number IS NOT NULL) AS invoices,
            (SELECT count(*)::int FROM invoices WHERE status = 'paid') AS paid,
            (SELECT count(*)::int FROM buyers) AS buyers,
            (SELECT count(*)::int FROM buyer_purchase_categories) AS categories,
            (SELECT count(*)::int FROM project_observatory WHERE cardinality(motivations) > 0) AS observatory`)
        ).rows[0];
      const first = await counts();
      expect(first).toMatchObject({ tenants: 2, cohorts: 2, projects: 13, workshops: 2, profiles: 13, plans: 2, expertProfiles: 4, academic: 2, trainings: 2, registrations: 2, invoices: 6, paid: 2, buyers: 5, categories: 9, observatory: 13 });
      expect(first?.memberships).toBe(12);
      expect(first?.done).toBeGreaterThan(0);
      const bfc = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'cci-bfc'`);
      expect(bfc.rows[0]?.n).toBe(10);
      await runDemoSeed(() => undefined);
      expect(await counts()).toEqual(first);
    } finally {
      await client.end();
      await db.drop();
    }
  }, 60_000);
});
