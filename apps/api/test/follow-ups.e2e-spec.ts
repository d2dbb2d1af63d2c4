import type { INestApplicationContext } from '@nestjs/common';
import { JobsService } from '@filiere/platform/queue';
import { addDays, todayInParis } from '@filiere/programmes';
import { followUpDueOn } from '@filiere/reporting';
import { bearer, cohortBody, createTenant, createTestApp, projectBody, startSmtpSink, SmtpSink, TenantFixture, TestApp, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

/**
 * Follow-up after the programme: the daily job sends each (project, 6|12|24 months) form once,
 * even when run twice or by two workers at once; the emailed token opens one form of one project,
 * once (404 elsewhere, 410 after); answers update the achieved outcomes; the HTML page works alone.
 */
describe('Follow-up forms', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let x: TenantFixture;
  let cohortId: string;
  const p = { a: '', b: '', c: '' };
  let closedOn: string;
  const links: Record<string, { projectId: string; token: string }> = {};

  const run = async (date: string) => {
    const job = await t.app.get(JobsService).enqueueNow('reporting.follow-ups', { date });
    await waitUntil(async () => (await t.dataSource.query<{ status: string }[]>('SELECT status FROM job_runs WHERE id = $1', [job.id]))[0]?.status === 'succeeded');
    return (await t.dataSource.query<{ result: { sent: number; emails: number } }[]>('SELECT result FROM job_runs WHERE id = $1', [job.id]))[0]?.result;
  };
  const linksIn = (text: string): { projectId: string; token: string }[] => [...text.matchAll(/\/api\/follow-ups\/([0-9a-f-]{36})\/([A-Za-z0-9_-]+)\/form/g)].map((m) => ({ projectId: m[1], token: m[2] }));

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp(AppModule, { env: { SMTP_URL: smtp.url, OUTBOX_RELAY_INTERVAL_MS: '200' } });
    worker = await startWorker();
    x = await createTenant(t);
    cohortId = (await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ startDate: '2026-01-05', endDate: '2026-06-30' })).expect(201)).body.id;
    const project = async (title: string) => (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title })).expect(201)).body.id as string;
    p.a = await project('Projet Alpha');
    p.b = await project('Projet <Bravo> & Cie');
    p.c = await project('Projet Charlie');
    for (const id of [p.a, p.b, p.c]) await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, id, x.holder.id]);
    for (const id of [p.a, p.b]) await t.http.patch(`/api/projects/${id}`).set(...bearer(x.advisor)).send({ status: 'selected' }).expect(200);
    for (const status of ['recruiting', 'running', 'closed']) await t.http.patch(`/api/cohorts/${cohortId}`).set(...bearer(x.advisor)).send({ status }).expect(200);
    closedOn = todayInParis();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await smtp.close();
  });

  it('records when the cohort closed; nothing is due before six months', async () => {
    const cohort = await t.http.get(`/api/cohorts/${cohortId}`).set(...bearer(x.advisor)).expect(200);
    expect(cohort.body.closedAt).toEqual(expect.any(String));
    expect(await run(addDays(followUpDueOn(closedOn, 6), -1))).toMatchObject({ sent: 0 });
    const obs = await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(x.advisor)).expect(200);
    expect(obs.body.followUps.map((f: { stage: number; status: string }) => [f.stage, f.status])).toEqual([[6, 'upcoming'], [12, 'upcoming'], [24, 'upcoming']]);
  });

  it('at six months, one French email per selected project (not the applicant), once; the token is never stored', async () => {
    const before = smtp.messages.length;
    const day = followUpDueOn(closedOn, 6);
    expect(await run(day)).toEqual({ date: day, sent: 2, emails: 2 });
    expect(await run(day)).toEqual({ date: day, sent: 0, emails: 0 });
    const mails = await smtp.waitFor(before + 2);
    const fresh = mails.slice(before);
    expect(fresh.every((m) => JSON.stringify(m.to).includes(x.holder.email))).toBe(true);
    expect(fresh.map((m) => m.subject).sort()).toEqual(['Suivi de votre projet « Projet <Bravo> & Cie » : 6 mois après l’accélérateur', 'Suivi de votre projet « Projet Alpha » : 6 mois après l’accélérateur']);
    for (const m of fresh) {
      const [link] = linksIn(m.text ?? '');
      expect(link).toBeDefined();
      links[link.projectId === p.a ? 'a' : 'b'] = link!;
    }
    expect(links.a?.projectId).toBe(p.a);
    expect(links.b?.projectId).toBe(p.b);
    const rows = JSON.stringify(await t.dataSource.query('SELECT * FROM follow_up_forms'));
    expect(rows).not.toContain(links.a.token);
    expect(rows).not.toContain(links.b.token);
  });

  it('two workers running the 12-month job at once send each form once', async () => {
    const before = smtp.messages.length;
    const day = followUpDueOn(closedOn, 12);
    const results = await Promise.all([run(day), run(day)]);
    expect(results.reduce((s, r) => s + (r?.sent ?? 0), 0)).toBe(2);
    await smtp.waitFor(before + 2);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM follow_up_forms WHERE stage = 12 AND sent_at IS NOT NULL');
    expect(n).toBe(2);
  });

  it('the token opens its own project’s form only, and works once', async () => {
    const { token } = links.a;
    const form = await t.http.get(`/api/follow-ups/${p.a}/${token}`).expect(200);
    expect(form.body).toMatchObject({ projectId: p.a, projectTitle: 'Projet Alpha', stage: 6, current: { jobs: null } });
    await t.http.get(`/api/follow-ups/${p.b}/${token}`).expect(404);
    await t.http.post(`/api/follow-ups/${p.b}/${token}`).send({ jobs: 1 }).expect(404);
    await t.http.get(`/api/follow-ups/${p.a}/not-a-token`).expect(404);
    const bad = await t.http.post(`/api/follow-ups/${p.a}/${token}`).send({ jobs: -3 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http.post(`/api/follow-ups/${p.a}/${token}`).send({ jobs: 7, investmentCents: 120_000_000, productionStartedOn: '2027-01-15', comment: 'Ligne installée' }).expect(200, { status: 'answered', stage: 6 });
    const again = await t.http.post(`/api/follow-ups/${p.a}/${token}`).send({ jobs: 8 }).expect(410);
    expect(again.body.code).toBe('FOLLOW_UP_ANSWERED');
    await t.http.get(`/api/follow-ups/${p.a}/${token}`).expect(410);
    const obs = await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(x.advisor)).expect(200);
    expect(obs.body.achieved).toEqual({ jobs: 7, investmentCents: 120_000_000, importSubstitutionCents: null, productionStartOn: '2027-01-15' });
    expect(obs.body.followUps.map((f: { stage: number; status: string }) => [f.stage, f.status])).toEqual([[6, 'answered'], [12, 'pending'], [24, 'upcoming']]);
    const report = await t.http.get(`/api/reports/cohorts/${cohortId}`).set(...bearer(x.advisor)).expect(200);
    expect(report.body.outcomes.followUps).toEqual({ answered: 1, pending: 3 });
    expect(report.body.outcomes.achieved.jobs).toBe(7);
  });

  it('the French HTML page works without the web app: escaped, validated, once', async () => {
    const { token } = links.b;
    const page = await t.http.get(`/api/follow-ups/${p.b}/${token}/form`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Suivi de votre projet « Projet &lt;Bravo&gt; &amp; Cie »');
    expect(page.text).not.toContain('<Bravo>');
    const bad = await t.http.post(`/api/follow-ups/${p.b}/${token}/form`).type('form').send({ jobs: '4', investment: 'beaucoup' }).expect(400);
    expect(bad.text).toContain('Un montant en euros');
    await t.http.post(`/api/follow-ups/${p.b}/${token}/form`).type('form').send({ jobs: '4', investment: '250 000,50', importSubstitution: '', productionStartedOn: '', comment: '<b>ok</b>' }).expect(200);
    const done = await t.http.get(`/api/follow-ups/${p.b}/${token}/form`).set('Accept', 'text/html,application/xhtml+xml').expect(410);
    expect(done.text).toContain('déjà été rempli');
    expect((await t.http.get(`/api/follow-ups/${p.a}/${token}/form`).set('Accept', 'text/html').expect(404)).text).toContain('Lien introuvable');
    expect((await t.http.get(`/api/follow-ups/${p.a}/${token}/form`).expect(404)).body.code).toBe('NOT_FOUND');
    const obs = await t.http.get(`/api/projects/${p.b}/observatory`).set(...bearer(x.advisor)).expect(200);
    expect(obs.body.achieved).toMatchObject({ jobs: 4, investmentCents: 25_000_050 });
  });
});
