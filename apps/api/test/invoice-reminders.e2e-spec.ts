import type { INestApplicationContext } from '@nestjs/common';
import { JobsService } from '@filiere/platform/queue';
import { addDays, todayInParis } from '@filiere/programmes';
import { vatNumberFromSiren } from '@filiere/reference-data';
import { bearer, cohortBody, createTenant, createTestApp, projectBody, startSmtpSink, SmtpSink, TenantFixture, TestApp, validSiret, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

/**
 * Overdue invoices: at +7 and +30 days after the due date, one French reminder email to the
 * project's holder and a note to the advisors, each once, whatever the number of runs.
 */
describe('Invoice reminders', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let x: TenantFixture;
  let invoiceId: string;
  let number: string;
  let dueDate: string;

  const run = async (date: string) => {
    const job = await t.app.get(JobsService).enqueueNow('invoices.reminders', { date });
    await waitUntil(async () => (await t.dataSource.query<{ status: string }[]>('SELECT status FROM job_runs WHERE id = $1', [job.id]))[0]?.status === 'succeeded');
    return (await t.dataSource.query<{ result: { reminded: number } }[]>('SELECT result FROM job_runs WHERE id = $1', [job.id]))[0]?.result;
  };
  const notes = (userId: string) => t.dataSource.query<{ type: string; title: string; body: string }[]>(`SELECT type, title, body FROM notifications WHERE user_id = $1 AND type LIKE 'invoice%' ORDER BY created_at`, [userId]);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp(AppModule, { env: { SMTP_URL: smtp.url, OUTBOX_RELAY_INTERVAL_MS: '200' } });
    worker = await startWorker();
    x = await createTenant(t);
    const siret = validSiret();
    await t.http
      .put('/api/billing-settings')
      .set(...bearer(x.admin))
      .send({ legalName: 'CCI Test', siret, vatNumber: vatNumberFromSiren(siret.slice(0, 9)), addressLine: '1 place de la Bourse', postalCode: '25000', city: 'Besançon', iban: 'FR7630006000011234567890189' })
      .expect(200);
    const cohort = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody()).expect(201);
    const project = (await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Projet relance' })).expect(201)).body.id as string;
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, project, x.holder.id]);
    const draft = (await t.http.post(`/api/projects/${project}/invoices`).set(...bearer(x.advisor)).send({}).expect(201)).body;
    const issued = (await t.http.post(`/api/invoices/${draft.id}/issue`).set(...bearer(x.advisor)).expect(200)).body;
    invoiceId = issued.id;
    number = issued.number;
    dueDate = issued.dueDate;
    await t.http.post(`/api/invoices/${invoiceId}/payments`).set(...bearer(x.advisor)).send({ amountCents: 98_800, paidAt: todayInParis(), method: 'transfer' }).expect(201);
  });
  afterAll(async () => {
    // Let the reminder emails leave before the SMTP sink closes (no reset sockets at teardown).
    await waitUntil(async () => (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications WHERE email_status = 'pending'`))[0]?.n === 0);
    await worker.close();
    await t.close();
    await smtp.close();
  });

  it('nothing before +7 days; at +7 one reminder to the holder (email) and a note to the advisor, once', async () => {
    expect(await run(addDays(dueDate, 6))).toMatchObject({ reminded: 0 });
    const before = smtp.messages.length;
    expect(await run(addDays(dueDate, 7))).toMatchObject({ reminded: 1 });
    expect(await run(addDays(dueDate, 8))).toMatchObject({ reminded: 0 });
    const holder = await notes(x.holder.id);
    expect(holder.map((n) => n.title)).toEqual([`Relance : facture ${number} échue depuis 7 jours`]);
    expect(holder[0]?.body).toContain('2\u202f000,00\u00a0€');
    expect(holder[0]?.body).toContain('FR7630006000011234567890189');
    expect((await notes(x.advisor.id)).map((n) => n.type)).toEqual(['invoice_overdue_staff']);
    expect(await notes(x.coach.id)).toEqual([]);
    const mails = await smtp.waitFor(before + 2);
    const toHolder = mails.slice(before).find((m) => JSON.stringify(m.to).includes(x.holder.email));
    expect(toHolder?.subject).toBe(`Relance : facture ${number} échue depuis 7 jours`);
  });

  it('at +30 the second reminder, once; a paid invoice gets none', async () => {
    expect(await run(addDays(dueDate, 30))).toMatchObject({ reminded: 1 });
    expect(await run(addDays(dueDate, 31))).toMatchObject({ reminded: 0 });
    expect((await notes(x.holder.id)).map((n) => n.title)).toEqual([`Relance : facture ${number} échue depuis 7 jours`, `Relance : facture ${number} échue depuis 30 jours`]);
    await t.http.post(`/api/invoices/${invoiceId}/payments`).set(...bearer(x.advisor)).send({ amountCents: 200_000, paidAt: todayInParis(), method: 'transfer' }).expect(201);
    await t.dataSource.query('DELETE FROM invoice_reminders WHERE invoice_id = $1', [invoiceId]);
    expect(await run(addDays(dueDate, 30))).toMatchObject({ reminded: 0 });
  });
});
