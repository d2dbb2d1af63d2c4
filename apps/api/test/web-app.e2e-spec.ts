import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { TestApp } from '@filiere/platform/testing';
import { startWebApp, type WebAppSession } from './web/browser';

/**
 * The web app (apps/web) in headless Chromium against the real API, database and demo data:
 * each role logs in and does its main job through the UI; every main screen passes axe.
 */
// Generous: the machine running the suite is often shared (each screen is checked by axe).
jest.setTimeout(240_000);

describe('web app (Chromium)', () => {
  let w: WebAppSession;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    w = await startWebApp();
    ({ t, base } = w);
  }, 180_000);

  afterAll(async () => {
    await w?.close();
  });

  const newPage = (): Promise<Page> => w.newPage();
  const login = (page: Page, email: string, tenant?: string): Promise<void> => w.login(page, email, tenant);
  const checkScreen = (page: Page, name: string): Promise<void> => w.checkScreen(page, name);

  it('serves the app on the API origin with a fallback for client routes, not for /api', async () => {
    const home = await fetch(`${base}/promotions/abc`, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');
    const api = await fetch(`${base}/api/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
  });

  it("platform admin: lists the tenants; the API's field errors show in the form", async () => {
    const page = await newPage();
    await login(page, 'plateforme@demo.filiere.fr');
    await page.waitForURL('**/admin/cci');
    await page.getByTestId('tenant-row').first().waitFor();
    expect(await page.getByTestId('tenant-row').count()).toBeGreaterThanOrEqual(2);
    await checkScreen(page, 'admin-tenants');
    // The API's field errors show under their fields.
    await page.getByLabel('Identifiant').fill('Pas un slug !');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    expect(await page.locator('input[aria-invalid="true"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('tenant-row').count()).toBe(2);
    await page.getByRole('link', { name: 'Catalogue des financements' }).click();
    await page.getByRole('table').waitFor();
    await checkScreen(page, 'admin-schemes');
    await page.context().close();
  });

  it('advisor: opens the cohort dashboard and a project, changes a milestone, issues an invoice', async () => {
    const page = await newPage();
    await login(page, 'conseiller.bfc@demo.filiere.fr');
    await page.waitForURL('**/promotions');
    await page.getByRole('table').getByRole('link').first().waitFor();
    await checkScreen(page, 'advisor-cohorts');
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByTestId('dashboard-row').first().waitFor();
    expect(await page.getByTestId('dashboard-row').count()).toBe(10);
    await checkScreen(page, 'advisor-dashboard');
    // Filter, then open a project.
    await page.getByLabel('Seulement les projets en retard').check();
    await page.getByLabel('Seulement les projets en retard').uncheck();
    await page.getByTestId('dashboard-row').first().getByRole('link').click();
    await page.getByRole('tab', { name: 'Vue d’ensemble' }).waitFor();
    await checkScreen(page, 'advisor-project-overview');

    await page.getByRole('tab', { name: 'Jalons' }).click();
    await page.getByTestId('milestone-row').first().waitFor();
    await checkScreen(page, 'advisor-project-milestones');
    const select = page.getByTestId('milestone-row').first().getByRole('combobox');
    await select.click();
    await page.getByRole('option', { name: 'Bloqué' }).click();
    await page.getByText('Jalon mis à jour').waitFor();
    const projectId = new URL(page.url()).pathname.split('/').pop()!;
    const rows = await t.dataSource.query<{ status: string }[]>('SELECT status FROM milestones WHERE project_id = $1 ORDER BY position LIMIT 1', [projectId]);
    expect(rows[0]?.status).toBe('blocked');

    await page.getByRole('tab', { name: 'Factures' }).click();
    await page.getByRole('button', { name: 'Préparer une facture (frais de la promotion)' }).click();
    await page.getByText('Brouillon de facture créé').waitFor();
    await page.getByRole('button', { name: 'Émettre' }).first().click();
    await page.getByText('Facture émise').waitFor();
    await page.getByRole('button', { name: /^PDF Factur-X FA-/ }).first().waitFor();
    const issued = await t.dataSource.query<{ number: string }[]>(`SELECT number FROM invoices WHERE project_id = $1 AND status = 'issued'`, [projectId]);
    expect(issued.length).toBeGreaterThan(0);
    await checkScreen(page, 'advisor-project-invoices');

    for (const tab of ['Séances', 'Financements', 'Sourcing', 'Historique']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').waitFor();
      await page.waitForLoadState('networkidle');
      await checkScreen(page, `advisor-project-${tab.toLowerCase()}`);
    }
    await page.context().close();
  });

  it('advisor: reads the cohort report and the observatory, downloads the workbook', async () => {
    const page = await newPage();
    await login(page, 'conseiller.bfc@demo.filiere.fr');
    await page.getByRole('link', { name: 'Rapports' }).click();
    await page.getByRole('heading', { name: 'Bilan de la promotion' }).waitFor();
    await page.getByText('Jalons réalisés').waitFor();
    await page.getByRole('heading', { name: 'Observatoire de la CCI' }).waitFor();
    await page.getByRole('progressbar', { name: /^D’activité : / }).waitFor();
    await page.waitForLoadState('networkidle');
    await checkScreen(page, 'advisor-reports');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Classeur Excel (.xlsx)' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await xlsx.path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV Jalons' }).click()]);
    expect(readFileSync(await csv.path()).toString('utf8')).toMatch(/^\uFEFF.*;/);
    await page.context().close();
  });

  it('platform admin: reads the national observatory, aggregated by région', async () => {
    const page = await newPage();
    await login(page, 'plateforme@demo.filiere.fr');
    await page.getByRole('link', { name: 'Observatoire national' }).click();
    await page.getByTestId('network-table').waitFor();
    await page.getByRole('rowheader', { name: 'France entière' }).waitFor();
    await page.getByRole('rowheader', { name: 'Bourgogne-Franche-Comté' }).waitFor();
    await checkScreen(page, 'admin-network');
    // Aggregates only: no project or company name of the demo appears.
    const names = await t.dataSource.query<{ title: string }[]>('SELECT title FROM projects');
    const text = await page.getByTestId('network-table').innerText();
    for (const { title } of names) expect(text).not.toContain(title);
    await page.context().close();
  });

  it('advisor: sets up a workshop with its rubric, follows it and closes it', async () => {
    const page = await newPage();
    await login(page, 'conseiller.bfc@demo.filiere.fr');
    await page.getByRole('link', { name: 'Ateliers' }).click();
    await page.getByRole('heading', { name: 'Créer l’atelier' }).waitFor();
    await page.getByLabel('Intitulé').fill('Comité de sélection de décembre');
    await page.getByLabel('Lieu').fill('CCI, Dijon');
    await page.getByLabel('Début').fill('2026-12-10T09:00');
    await page.getByLabel('Fin').fill('2026-12-10T17:00');
    await page.getByRole('table').waitFor();
    await checkScreen(page, 'advisor-workshops');
    await page.getByRole('button', { name: 'Créer l’atelier' }).click();
    await page.waitForURL(/\/ateliers\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Comité de sélection de décembre' }).waitFor();
    await page.getByText('Impact relocalisation').waitFor();
    await checkScreen(page, 'advisor-workshop');
    await page.getByRole('button', { name: 'Clôturer l’atelier' }).click();
    await page.getByText('Atelier clôturé').waitFor();
    await page.getByLabel('Prix décerné').fill('Prix de la relocalisation');
    await page.getByLabel('Remis par').fill('Région Bourgogne-Franche-Comté');
    await page.getByRole('button', { name: 'Enregistrer le prix' }).click();
    await page.getByRole('cell', { name: 'Prix de la relocalisation' }).waitFor();
    await checkScreen(page, 'advisor-workshop-closed');
    const rows = await t.dataSource.query<{ status: string; n: number }[]>(
      `SELECT w.status, (SELECT count(*)::int FROM workshop_projects p WHERE p.workshop_id = w.id) AS n FROM workshops w WHERE title = 'Comité de sélection de décembre'`,
    );
    expect(rows).toEqual([{ status: 'closed', n: 10 }]);
    await page.context().close();
  });

  it('coach: logs a session from "my projects"', async () => {
    const page = await newPage();
    await login(page, 'coach.bfc@demo.filiere.fr');
    await page.waitForURL('**/mes-projets');
    await page.getByRole('link', { name: /^Consigner une séance/ }).first().waitFor();
    await checkScreen(page, 'coach-projects');
    await page.getByRole('link', { name: /^Consigner une séance/ }).first().click();
    await page.getByRole('heading', { name: 'Consigner une séance' }).waitFor();
    const before = await page.getByTestId('session-card').count();
    await page.locator('form').getByText('1 h 30', { exact: true }).click();
    await page.getByLabel('Thèmes').first().fill('Sourcing amont');
    await page.keyboard.press('Enter');
    await page.getByLabel('Compte rendu (visible par le porteur)').fill('Revue des fournisseurs régionaux et du plan de charge.');
    await page.getByLabel('Prochaines étapes (une par ligne)').fill('Appeler deux fonderies');
    await checkScreen(page, 'coach-log-session');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Séance enregistrée').waitFor();
    await page.getByTestId('session-card').nth(before).waitFor();
    const rows = await t.dataSource.query<{ duration_minutes: number }[]>(`SELECT duration_minutes FROM coaching_sessions WHERE notes LIKE 'Revue des fournisseurs régionaux%'`);
    expect(rows).toEqual([{ duration_minutes: 90 }]);
    await page.context().close();
  });

  it('holder: sees their milestones, what is late, and their invoices', async () => {
    const page = await newPage();
    await login(page, 'porteur.bfc@demo.filiere.fr');
    await page.waitForURL('**/mon-projet');
    await page.getByRole('tab', { name: 'Vue d’ensemble' }).waitFor();
    await checkScreen(page, 'holder-project');
    await page.getByRole('tab', { name: 'Jalons' }).click();
    await page.getByTestId('milestone-row').first().waitFor();
    await page.getByText(/jalons? en retard\.|Aucun jalon en retard\./).waitFor();
    await checkScreen(page, 'holder-milestones');
    // A reload keeps the session (the refresh token of localStorage opens a new one).
    await page.reload();
    await page.getByTestId('milestone-row').first().waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.getByRole('tab', { name: 'Factures' }).click();
    await page.getByRole('tabpanel').waitFor();
    await page.waitForLoadState('networkidle');
    await checkScreen(page, 'holder-invoices');
    await page.context().close();
  });

  it('partner: evaluates a project of their workshop on one screen', async () => {
    const page = await newPage();
    await login(page, 'partenaire.bfc@demo.filiere.fr');
    await page.waitForURL('**/ateliers');
    await page.getByRole('table').getByRole('link').first().waitFor();
    await checkScreen(page, 'partner-workshops');
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Évaluer' }).waitFor();
    const inputs = page.locator('form input[inputmode]');
    const n = await inputs.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await inputs.nth(i).fill('3');
    await page.getByLabel('Commentaire').fill('Projet solide, marché identifié.');
    await checkScreen(page, 'partner-evaluate');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    await page.getByText('Évaluation enregistrée').waitFor();
    const rows = await t.dataSource.query<{ comment: string }[]>(`SELECT comment FROM workshop_evaluations WHERE comment = 'Projet solide, marché identifié.'`);
    expect(rows).toHaveLength(1);
    await page.context().close();
  });

  it('advisor invites a partner, who accepts the invitation and logs in', async () => {
    const page = await newPage();
    await login(page, 'conseiller.bfc@demo.filiere.fr');
    await page.getByRole('link', { name: 'Personnes et invitations' }).click();
    await page.getByRole('table').waitFor();
    await checkScreen(page, 'advisor-people');
    await page.getByLabel('E-mail').fill('nouvelle.partenaire@example.fr');
    await page.getByRole('combobox', { name: 'Rôle' }).click();
    await page.getByRole('option', { name: 'Partenaire' }).click();
    await page.getByRole('button', { name: 'Inviter une personne' }).click();
    const link = new URL((await page.locator('code').textContent()) ?? '');
    await page.context().close();

    const invited = await newPage();
    await invited.goto(`${base}${link.pathname}${link.search}`);
    await invited.getByLabel('Nom').fill('Nouvelle Partenaire');
    await invited.getByLabel('Mot de passe').fill('Un-mot-de-passe-solide-42');
    await checkScreen(invited, 'accept-invitation');
    await invited.getByRole('button', { name: 'Créer mon compte' }).click();
    await invited.getByRole('link', { name: 'Se connecter' }).click();
    await invited.getByLabel('Adresse e-mail').fill('nouvelle.partenaire@example.fr');
    await invited.getByLabel('Mot de passe').fill('Un-mot-de-passe-solide-42');
    await invited.getByRole('button', { name: 'Se connecter' }).click();
    await invited.waitForURL('**/ateliers');
    await invited.context().close();
  });

  it('a person of several tenants picks the tenant at login; logout returns to the login page', async () => {
    const page = await newPage();
    await login(page, 'expert.multi@demo.filiere.fr', 'cci-bfc');
    await page.waitForURL('**/mes-projets');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/connexion');
    await checkScreen(page, 'login');
    await page.context().close();
  });

  /** Opens the first project of the advisor's (or admin's) first cohort; returns its id. */
  async function openFirstProject(page: Page): Promise<string> {
    await page.getByRole('link', { name: 'Promotions' }).click();
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByTestId('dashboard-row').first().getByRole('link').click();
    await page.getByRole('tab', { name: 'Vue d’ensemble' }).waitFor();
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  it('platform admin: adds a national scheme to the catalogue, edits it and closes it', async () => {
    const page = await newPage();
    await login(page, 'plateforme@demo.filiere.fr');
    await page.getByRole('link', { name: 'Catalogue des financements' }).click();
    await page.getByTestId('scheme-row').first().waitFor();
    await page.getByRole('button', { name: 'Ajouter un dispositif national' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Dispositif').fill('Prêt relocalisation industrielle');
    await dialog.getByLabel('Financeur').fill('Bpifrance');
    await dialog.getByLabel('Montant maximal (€)').fill('500 000');
    // The form checks what the API checks: a complete http(s) address.
    await dialog.getByLabel('Page officielle (URL)').fill('bpifrance.fr');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Une adresse http(s):// complète').waitFor();
    await dialog.getByLabel('Page officielle (URL)').fill('https://www.bpifrance.fr/');
    await checkScreen(page, 'admin-scheme-form');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Dispositif ajouté').waitFor();
    await page.getByRole('button', { name: 'Modifier Prêt relocalisation industrielle' }).click();
    await page.getByRole('dialog').getByLabel('Financeur').fill('Bpifrance Création');
    await page.getByRole('dialog').getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Dispositif modifié').waitFor();
    await page.getByRole('button', { name: 'Clôturer Prêt relocalisation industrielle' }).click();
    await page.getByText('Dispositif clôturé').waitFor();
    await page.getByRole('button', { name: 'Rouvrir Prêt relocalisation industrielle' }).waitFor();
    await checkScreen(page, 'admin-schemes-edited');
    const rows = await t.dataSource.query<unknown[]>(`SELECT tenant_id, funder, status, closed_manually, amount_max_cents::int AS max FROM financing_schemes WHERE name = 'Prêt relocalisation industrielle'`);
    expect(rows).toEqual([{ tenant_id: null, funder: 'Bpifrance Création', status: 'closed', closed_manually: true, max: 50_000_000 }]);
    await page.context().close();
  });

  it("admin: adds a scheme of the CCI, then puts it in a project's financing plan and reads the plan's warnings", async () => {
    const page = await newPage();
    await login(page, 'admin.bfc@demo.filiere.fr');
    await page.getByRole('link', { name: 'Financements', exact: true }).click();
    await page.getByTestId('scheme-row').first().waitFor();
    await page.getByRole('button', { name: 'Ajouter un dispositif de la CCI' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Dispositif').fill('Avance Industrie BFC');
    await dialog.getByLabel('Financeur').fill('Région Bourgogne-Franche-Comté');
    await dialog.getByLabel('Codes INSEE du périmètre').fill('27');
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Taux d’aide maximal (%)').fill('30');
    await dialog.getByLabel('Page officielle (URL)').fill('https://www.bourgognefranchecomte.fr/');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Dispositif ajouté').waitFor();
    const [scheme] = await t.dataSource.query<{ id: string; tenant_id: string | null; perimeter_codes: string[] }[]>(`SELECT id, tenant_id, perimeter_codes FROM financing_schemes WHERE name = 'Avance Industrie BFC'`);
    expect(scheme?.tenant_id).not.toBeNull();
    expect(scheme?.perimeter_codes).toEqual(['27']);

    const projectId = await openFirstProject(page);
    await page.getByRole('tab', { name: 'Financements' }).click();
    await page.getByRole('button', { name: 'Modifier le plan' }).click();
    const before = await page.getByTestId('plan-line').count();
    await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
    const n = before + 1;
    await page.getByRole('combobox', { name: `Dispositif (ligne ${n})` }).fill('Avance Industrie');
    await page.getByRole('option', { name: /^Avance Industrie BFC/ }).click();
    // Far above the scheme's 30 % cap and the investment: the API warns.
    await page.getByLabel(`Montant (€, ligne ${n})`).fill('9 000 000');
    await checkScreen(page, 'admin-financing-plan-edit');
    await page.getByRole('button', { name: 'Enregistrer le plan' }).click();
    await page.getByText('Plan de financement enregistré').waitFor();
    await page.getByTestId('plan-row').filter({ hasText: 'Avance Industrie BFC' }).waitFor();
    await page.getByTestId('plan-warnings').waitFor();
    expect(await page.getByTestId('plan-warnings').innerText()).toMatch(/Avance Industrie BFC/);
    await checkScreen(page, 'admin-financing-plan');
    const [plan] = await t.dataSource.query<{ lines: { schemeId: string; amountCents: number }[] }[]>('SELECT lines FROM financing_plans WHERE project_id = $1', [projectId]);
    expect(plan?.lines).toContainEqual({ schemeId: scheme?.id, amountCents: 900_000_000 });
    await page.context().close();
  });

  it('advisor: cancels part of an issued invoice with a credit note and downloads it', async () => {
    const page = await newPage();
    await login(page, 'conseiller.bfc@demo.filiere.fr');
    const projectId = await openFirstProject(page);
    await page.getByRole('tab', { name: 'Factures' }).click();
    await page.getByRole('button', { name: 'Préparer une facture (frais de la promotion)' }).click();
    await page.getByText('Brouillon de facture créé').waitFor();
    await page.getByRole('button', { name: 'Émettre', exact: true }).first().click();
    await page.getByText('Facture émise').waitFor();
    const [invoice] = await t.dataSource.query<{ id: string; number: string }[]>(`SELECT id, number FROM invoices WHERE project_id = $1 AND status = 'issued' ORDER BY issued_at DESC LIMIT 1`, [projectId]);
    await page.getByRole('button', { name: `Émettre un avoir ${invoice.number}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Motif').fill('Remise accordée sur les frais de la promotion');
    await dialog.getByLabel('Montant de l’avoir (€ TTC)').fill('500');
    await checkScreen(page, 'advisor-credit-note-form');
    await dialog.getByRole('button', { name: 'Émettre l’avoir' }).click();
    await page.getByText(/^Avoir AV-\d{4}-\d+ émis$/).waitFor();
    const row = page.getByTestId('credit-note-row').filter({ hasText: 'Remise accordée sur les frais de la promotion' });
    await row.waitFor();
    await checkScreen(page, 'advisor-credit-notes');
    const [note] = await t.dataSource.query<{ number: string; total: number }[]>(`SELECT number, total_incl_vat_cents::int AS total FROM credit_notes WHERE invoice_id = $1`, [invoice.id]);
    expect(note?.total).toBe(50_000);
    const [pdf] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `PDF Factur-X ${note.number}` }).click()]);
    expect(readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-');
    const [after] = await t.dataSource.query<{ status: string; credited: number }[]>('SELECT status, credited_cents::int AS credited FROM invoices WHERE id = $1', [invoice.id]);
    expect(after).toEqual({ status: 'issued', credited: 50_000 });
    await page.context().close();
  });

  it("advisor: adds a motivation to the CCI's list, then fills a project's observatory record with it", async () => {
    const page = await newPage();
    await login(page, 'conseiller.bfc@demo.filiere.fr');
    await page.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('heading', { name: 'Listes de l’observatoire' }).waitFor();
    await page.getByTestId('tag-row').first().waitFor();
    await page.getByLabel('Nouvelle étiquette (Motivations)').fill('Souveraineté sanitaire');
    await page.getByLabel('Nouvelle étiquette (Motivations)').press('Enter');
    await page.getByText('Étiquette ajoutée').waitFor();
    await page.getByLabel('Libellé de « Souveraineté sanitaire »').waitFor();
    await checkScreen(page, 'advisor-settings-tags');

    const projectId = await openFirstProject(page);
    await page.getByRole('tab', { name: 'Observatoire' }).click();
    await page.getByRole('heading', { name: 'Observatoire de la relocalisation' }).waitFor();
    await page.getByRole('combobox', { name: 'Motivations' }).click();
    await page.getByRole('option', { name: 'Souveraineté sanitaire' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'Prévu' }).getByLabel('Emplois').fill('21');
    await page.getByRole('group', { name: 'Réalisé' }).getByLabel('Production démarrée le').fill('2026-10-01');
    await checkScreen(page, 'advisor-project-observatory');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Fiche observatoire enregistrée').waitFor();
    const [row] = await t.dataSource.query<{ motivations: string[]; planned_jobs: number; started: string }[]>(
      `SELECT o.motivations, o.planned_jobs, to_char(o.production_started_on, 'YYYY-MM-DD') AS started FROM project_observatory o WHERE o.project_id = $1`,
      [projectId],
    );
    const [tag] = await t.dataSource.query<{ key: string }[]>(`SELECT key FROM observatory_tags WHERE label = 'Souveraineté sanitaire'`);
    expect(row?.motivations).toContain(tag?.key);
    expect(row).toMatchObject({ planned_jobs: 21, started: '2026-10-01' });
    await page.context().close();
  });
});
