import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { withLuhnKey } from '@filiere/reference-data';
import { startWebApp, type WebAppSession } from './web/browser';

/**
 * The web app's screens for the programme's network (experts and organisations, coach
 * suggestions, academic teams, trainings, buyers and the local-purchase index) in headless
 * Chromium against the real API, database and demo data; every new screen passes axe.
 */
// Long journeys with an axe check per screen, on a shared machine.
jest.setTimeout(240_000);

const ADVISOR = 'conseiller.bfc@demo.filiere.fr';
const inDays = (n: number): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + n * 86_400_000));

describe('web app: experts, academic teams, trainings, buyers (Chromium)', () => {
  let w: WebAppSession;

  beforeAll(async () => {
    w = await startWebApp();
  }, 180_000);

  afterAll(async () => {
    await w?.close();
  });

  async function advisorPage(): Promise<Page> {
    const page = await w.newPage();
    await w.login(page, ADVISOR);
    return page;
  }

  /** The screen once the notifications are gone (they fade: axe would measure them half-transparent). */
  async function checkScreen(page: Page, name: string): Promise<void> {
    const notifications = page.locator('.mantine-Notification-root');
    for (const close of await notifications.getByRole('button', { name: 'Fermer' }).all()) await close.click().catch(() => undefined);
    await notifications.first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await w.checkScreen(page, name);
  }

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => w.t.dataSource.query<T[]>(sql, params);

  it('advisor: the expert directory with tags and load, edits a profile, adds an organisation and an expertise tag', async () => {
    const page = await advisorPage();
    await page.getByRole('link', { name: 'Experts' }).click();
    await page.getByTestId('expert-row').first().waitFor();
    // Every coach of the tenant: the CCI coach and the multi-region consultant have profiles.
    expect(await page.getByTestId('expert-row').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('expert-row').filter({ hasText: 'Industrie 4.0' }).waitFor();
    await checkScreen(page, 'advisor-experts');

    // Filter by expertise.
    await page.getByRole('combobox', { name: 'Filtrer par expertise' }).click();
    await page.getByRole('option', { name: 'Industrie 4.0', exact: true }).click();
    await page.getByTestId('expert-row').nth(1).waitFor({ state: 'detached' });
    expect(await page.getByTestId('expert-row').textContent()).toContain('Expert conseil multi-régions');

    // Edit the profile: capacity, through the modal.
    await page.getByRole('button', { name: 'Modifier le profil de Expert conseil multi-régions' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Disponibilité (h / mois)').fill('16');
    await checkScreen(page, 'advisor-expert-profile');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Profil enregistré').waitFor();
    const [profile] = await query<{ capacity: number }>(
      `SELECT p.capacity_hours_per_month AS capacity FROM expert_profiles p JOIN users u ON u.id = p.user_id JOIN tenants t ON t.id = p.tenant_id WHERE u.email = 'expert.multi@demo.filiere.fr' AND t.slug = 'cci-bfc'`,
    );
    expect(profile?.capacity).toBe(16);

    // The month's load, over-capacity first.
    await page.getByRole('tab', { name: 'Charge du mois' }).click();
    await page.getByTestId('load-row').first().waitFor();
    await checkScreen(page, 'advisor-experts-load');

    // Organisations: the API's field errors under the fields, then a school.
    await page.getByRole('tab', { name: 'Organisations' }).click();
    await page.getByTestId('organisation-row').first().waitFor();
    expect(await page.getByTestId('organisation-row').count()).toBe(3);
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Créer' }) });
    await form.getByLabel('Nom').fill('Lycée Jules Haag');
    await form.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'École / université' }).click();
    await form.getByLabel('Site web').fill('pas une adresse');
    await form.getByRole('button', { name: 'Créer' }).click();
    await form.locator('input[aria-invalid="true"]').first().waitFor();
    await form.getByLabel('Site web').fill('https://www.lycee-jules-haag.fr');
    await form.getByLabel('Code commune INSEE').fill('25056');
    await form.getByRole('button', { name: 'Créer' }).click();
    await page.getByText('Organisation créée').waitFor();
    await page.getByTestId('organisation-row').filter({ hasText: 'Lycée Jules Haag' }).waitFor();
    await checkScreen(page, 'advisor-organisations');
    expect(await query(`SELECT kind, commune_code FROM expert_organisations WHERE name = 'Lycée Jules Haag'`)).toEqual([{ kind: 'school', commune_code: '25056' }]);

    // Settings: an advisor reads the CCI-coach rule (admins change it) and extends the tag list.
    await page.getByRole('tab', { name: 'Paramètres' }).click();
    await page.getByRole('switch', { name: 'Chaque projet doit avoir au moins un coach d’une CCI' }).waitFor();
    expect(await page.getByRole('switch').isDisabled()).toBe(true);
    await page.getByLabel('Nouvelle expertise').fill('Fonderie');
    await page.getByRole('button', { name: 'Ajouter une expertise à la liste' }).click();
    await page.getByText('Expertise ajoutée').waitFor();
    await page.getByTestId('expertise-tag').filter({ hasText: 'Fonderie' }).waitFor();
    await checkScreen(page, 'advisor-experts-settings');
    await page.context().close();
  });

  it('advisor: assigns a suggested coach and runs an academic team on the project page', async () => {
    const page = await advisorPage();
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByTestId('dashboard-row').first().waitFor();
    // The last project has no coach in the demo.
    await page.getByTestId('dashboard-row').last().getByRole('link').click();
    await page.getByRole('tab', { name: 'Coachs' }).click();
    await page.getByTestId('coach-suggestion').first().waitFor();
    await checkScreen(page, 'advisor-project-coaches');
    const projectId = new URL(page.url()).pathname.split('/').pop()!;
    const coachesBefore = await query<{ n: number }>(`SELECT count(*)::int AS n FROM project_members WHERE project_id = $1 AND role = 'coach'`, [projectId]);
    const suggestion = page.getByTestId('coach-suggestion').first();
    const name = (await suggestion.locator('p').first().textContent())!.trim();
    await suggestion.getByRole('button', { name: `Affecter ${name}` }).click();
    await page.getByText('Coach affecté au projet').waitFor();
    await page.getByTestId('project-coach').filter({ hasText: name }).waitFor();
    const coachesAfter = await query<{ n: number }>(`SELECT count(*)::int AS n FROM project_members WHERE project_id = $1 AND role = 'coach'`, [projectId]);
    expect(coachesAfter[0].n).toBe(coachesBefore[0].n + 1);

    // Academic team: create, add a member, upload the deliverable, submit, assess, download.
    await page.getByRole('tab', { name: 'Équipes académiques' }).click();
    await page.getByLabel('Sujet de l’étude').waitFor();
    await page.getByLabel('Sujet de l’étude').fill('Étude de marché — débouchés export');
    await page.getByLabel('Date de remise').fill(inDays(60));
    await page.getByRole('combobox', { name: 'École' }).click();
    await page.getByRole('option', { name: 'UTBM' }).click();
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByText('Équipe créée').waitFor();
    const team = page.getByTestId('academic-team').filter({ hasText: 'débouchés export' });
    await team.waitFor();
    await team.getByLabel('Nom du membre').fill('Léa Martin (M1 UTBM)');
    await team.getByRole('button', { name: 'Ajouter un membre' }).click();
    await page.getByText('Membre ajouté').waitFor();
    await team.getByText('Léa Martin (M1 UTBM) — Étudiant·e').waitFor();
    await team.locator('input[type="file"]').setInputFiles({ name: 'etude-marche.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% étude de marché\n%%EOF\n') });
    await team.getByRole('button', { name: 'Déposer le livrable' }).click();
    await page.getByText('Livrable déposé', { exact: true }).waitFor();
    const status = team.getByRole('combobox', { name: 'Statut de « Étude de marché — débouchés export »' });
    for (const label of ['En cours', 'Remise']) {
      await status.click();
      await page.getByRole('option', { name: label, exact: true }).click();
      await page.getByText('Statut mis à jour').first().waitFor();
      await page.waitForFunction(`[...document.querySelectorAll('input[aria-label^="Statut de"]')].some((i) => i.value === ${JSON.stringify(label)})`);
    }
    await team.getByLabel('Évaluation de l’enseignant').fill('Étude solide, trois marchés export chiffrés.');
    await team.getByLabel('Note sur 20').fill('15,5');
    await team.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    await page.getByText('Évaluation enregistrée').waitFor();
    await team.getByText(/15,5 \/ 20/).waitFor();
    await checkScreen(page, 'advisor-project-academic');
    const [download] = await Promise.all([page.waitForEvent('download'), team.getByRole('button', { name: 'Télécharger le livrable' }).click()]);
    expect(download.suggestedFilename()).toBe('etude-marche.pdf');
    expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
    const teams = await query<{ status: string; grade: string; members: number }>(
      `SELECT t.status, t.grade::text AS grade, (SELECT count(*)::int FROM academic_team_members m WHERE m.team_id = t.id) AS members FROM academic_teams t WHERE t.project_id = $1 AND t.title LIKE '%débouchés export'`,
      [projectId],
    );
    expect(teams).toEqual([{ status: 'assessed', grade: expect.stringMatching(/^15\.50?$/), members: 1 }]);
    await page.context().close();
  });

  it('advisor: creates a training, invites a project, registers a participant, then takes attendance', async () => {
    const page = await advisorPage();
    await page.getByRole('link', { name: 'Formations' }).click();
    await page.getByTestId('training').first().waitFor();
    expect(await page.getByTestId('training').count()).toBe(1);
    await checkScreen(page, 'advisor-trainings');

    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Créer' }) });
    await form.getByLabel('Thème').fill('Lean management et flux');
    await form.getByLabel('Formateur').fill('Marc Durand (Cabinet Circulaire)');
    await form.getByLabel('Date').fill(inDays(14));
    await form.getByLabel('Heure').fill('14:00');
    await form.getByLabel('Durée (minutes)').fill('120');
    await form.getByLabel('Lieu ou lien').fill('CCI Bourgogne-Franche-Comté, Besançon');
    await form.getByRole('textbox', { name: /^Places/ }).fill('8');
    await form.getByLabel('Projets invités').click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Créer' }).click();
    await page.getByText('Formation créée').waitFor();
    const card = page.getByTestId('training').filter({ hasText: 'Lean management et flux' });
    await card.waitFor();
    await card.getByText('0 / 8 places').waitFor();
    await card.getByRole('button', { name: 'Détails' }).click();

    await card.getByLabel('Inviter des projets').click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    await card.getByRole('button', { name: 'Inviter', exact: true }).click();
    await page.getByText('Projets invités', { exact: true }).last().waitFor();
    // The seats, then the two invited projects.
    await card.locator('.mantine-Badge-root').nth(2).waitFor();

    await card.getByLabel('Nom du participant (sans compte)').fill('Paul Roy (responsable achats)');
    await card.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByText('Participant inscrit').waitFor();
    await card.getByTestId('registration-row').filter({ hasText: 'Paul Roy' }).waitFor();
    await card.getByText('1 / 8 places').waitFor();
    await checkScreen(page, 'advisor-training-registrations');
    const [training] = await query<{ id: string; invited: number; starts_at: Date }>(
      `SELECT t.id, t.starts_at, (SELECT count(*)::int FROM training_invitations i WHERE i.training_id = t.id) AS invited FROM trainings t WHERE t.topic = 'Lean management et flux'`,
    );
    expect(training?.invited).toBe(2);
    // 14:00 in Paris, whatever the offset of that day.
    expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(training.starts_at)).toBe('14:00');

    // The training has taken place: attendance opens.
    await query(`UPDATE trainings SET starts_at = now() - interval '3 hours' WHERE id = $1`, [training.id]);
    await page.reload();
    const held = page.getByTestId('training').filter({ hasText: 'Lean management et flux' });
    await held.getByRole('button', { name: 'Détails' }).click();
    await held.getByRole('checkbox', { name: 'Paul Roy (responsable achats) était présent·e' }).check();
    await held.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await page.getByText('Présences enregistrées').waitFor();
    await checkScreen(page, 'advisor-training-attendance');
    expect(await query(`SELECT name, attended FROM training_registrations WHERE training_id = $1`, [training.id])).toEqual([{ name: 'Paul Roy (responsable achats)', attended: true }]);
    await page.context().close();
  });

  it('advisor: lists the buyers, adds one with a purchase category, uploads a purchase ledger and reads the local-purchase index', async () => {
    const page = await advisorPage();
    await page.getByRole('link', { name: 'Acheteurs du territoire' }).click();
    await page.getByTestId('buyer-row').first().waitFor();
    expect(await page.getByTestId('buyer-row').count()).toBe(2);
    await page.getByTestId('buyer-row').filter({ hasText: 'Pièces usinées' }).waitFor();
    await checkScreen(page, 'advisor-buyers');

    // The API's field errors under the fields, then a buyer outside the supplier directory.
    await page.getByLabel('SIRET').fill('123');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    const siret = withLuhnKey(withLuhnKey('61234599') + '0001');
    await page.getByLabel('SIRET').fill(siret);
    await page.getByLabel('Raison sociale').fill('Forges de Franche-Comté');
    await page.getByLabel('Code NAF').fill('25.50A');
    await page.getByLabel('Code commune INSEE').fill('25056');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByText('Acheteur ajouté').waitFor();
    await page.getByRole('heading', { name: 'Forges de Franche-Comté' }).waitFor();
    const buyerId = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByLabel('Code NAF (division à sous-classe)').fill('25.62');
    await page.getByLabel('Libellé').fill('Pièces usinées de précision');
    await page.getByLabel('Volume annuel (€)').fill('50000');
    await page.getByRole('button', { name: 'Ajouter une catégorie' }).click();
    await page.getByText('Catégorie ajoutée').waitFor();
    await page.getByTestId('category-row').filter({ hasText: 'Pièces usinées de précision' }).getByText('50 000,00 €').waitFor();
    expect(await query(`SELECT label, annual_volume_cents::int AS cents FROM buyer_purchase_categories WHERE buyer_id = $1`, [buyerId])).toEqual([{ label: 'Pièces usinées de précision', cents: 5_000_000 }]);

    const ledger = [
      'SIRET fournisseur;Pays;Montant HT;Catégorie',
      ';Allemagne;12 000,00;25.62',
      ';Chine;8 000,00;26.11',
      ';Italie;5 000,00;Emballages',
      `${withLuhnKey(withLuhnKey('61234598') + '0001')};;5 000,00;24.51`,
      ';;5;',
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'grand-livre-2026.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger, 'utf8') });
    await page.getByRole('button', { name: 'Analyser' }).click();
    await page.getByText('Grand livre analysé', { exact: true }).waitFor();
    const analysis = page.getByTestId('ledger-analysis');
    await analysis.waitFor();
    await analysis.getByText('4 lignes retenues sur 5, 1 rejetées').waitFor();
    expect(await analysis.getByTestId('own-region-share').textContent()).toBe('0 %');
    await analysis.getByRole('progressbar', { name: /^Reste de l’Europe — 17 000,00 € : 56,7 %$/ }).waitFor();
    await analysis.getByRole('progressbar', { name: /^Hors d’Europe — 8 000,00 € : 26,7 %$/ }).waitFor();
    expect(await analysis.getByTestId('outside-category').count()).toBe(4);
    expect(await analysis.getByTestId('outside-category').first().textContent()).toContain('NAF 25.62');
    await analysis.getByText('ligne 6 : ni SIRET ni pays du fournisseur').waitFor();
    await checkScreen(page, 'advisor-buyer-ledger');
    expect(await query(`SELECT file_name FROM purchase_ledger_analyses WHERE buyer_id = $1`, [buyerId])).toEqual([{ file_name: 'grand-livre-2026.csv' }]);
    await page.context().close();
  });
});
