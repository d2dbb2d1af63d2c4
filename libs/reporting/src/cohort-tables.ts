import type { ExportTable } from './reporting.dto';

export type ColumnType = 'text' | 'int' | 'number' | 'money' | 'date' | 'bool';

export interface Column {
  header: string;
  type: ColumnType;
  width?: number;
}

export type CellValue = string | number | boolean | null;

export interface TableData {
  key: ExportTable;
  sheet: string;
  columns: Column[];
  rows: CellValue[][];
}

/** The tables of a cohort export: sheet name, French headers and types, the SQL giving the rows. */
export const COHORT_TABLES: Record<ExportTable, { sheet: string; columns: Column[]; sql: string }> = {
  projects: {
    sheet: 'Projets',
    columns: [
      { header: 'Projet', type: 'text', width: 36 },
      { header: 'Entreprise', type: 'text', width: 30 },
      { header: 'SIRET', type: 'text', width: 16 },
      { header: 'Code NAF', type: 'text' },
      { header: 'Commune (INSEE)', type: 'text' },
      { header: 'Type de relocalisation', type: 'text', width: 22 },
      { header: 'Statut', type: 'text' },
      { header: 'Emplois prévus', type: 'int' },
      { header: 'Investissement prévu', type: 'money', width: 18 },
      { header: 'Créé le', type: 'date' },
    ],
    sql: `SELECT p.title, p.company_name, p.company_siret, p.company_naf_code, p.company_commune_code,
                 CASE p.kind WHEN 'company' THEN 'Entreprise' WHEN 'activity' THEN 'Activité' ELSE 'Chaîne de valeur' END,
                 CASE p.status WHEN 'applied' THEN 'Candidat' WHEN 'selected' THEN 'Sélectionné' WHEN 'active' THEN 'En accompagnement' WHEN 'completed' THEN 'Terminé' ELSE 'Abandon' END,
                 p.jobs_planned, p.investment_cents, to_char(p.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')
          FROM projects p WHERE p.tenant_id = $1 AND p.cohort_id = $2 ORDER BY p.title, p.id`,
  },
  milestones: {
    sheet: 'Jalons',
    columns: [
      { header: 'Projet', type: 'text', width: 36 },
      { header: 'Phase', type: 'text', width: 18 },
      { header: 'Jalon', type: 'text', width: 40 },
      { header: 'Début', type: 'date' },
      { header: 'Échéance', type: 'date' },
      { header: 'Statut', type: 'text' },
      { header: 'Terminé le', type: 'date' },
      { header: 'En retard', type: 'bool' },
    ],
    sql: `SELECT p.title, m.phase, m.title,
                 to_char(m.start_date, 'YYYY-MM-DD'), to_char(m.due_date, 'YYYY-MM-DD'),
                 CASE m.status WHEN 'todo' THEN 'À faire' WHEN 'in_progress' THEN 'En cours' WHEN 'done' THEN 'Fait' ELSE 'Bloqué' END,
                 to_char(m.completed_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD'),
                 (m.status <> 'done' AND m.due_date < $3::date)
          FROM milestones m JOIN projects p ON p.id = m.project_id AND p.tenant_id = m.tenant_id
          WHERE p.tenant_id = $1 AND p.cohort_id = $2 ORDER BY p.title, p.id, m.position`,
  },
  sessions: {
    sheet: 'Séances',
    columns: [
      { header: 'Projet', type: 'text', width: 36 },
      { header: 'Date', type: 'date' },
      { header: 'Durée (min)', type: 'int' },
      { header: 'Mode', type: 'text' },
      { header: 'Thèmes', type: 'text', width: 30 },
      { header: 'Coach', type: 'text', width: 24 },
    ],
    // Never the coaches' private notes.
    sql: `SELECT p.title, to_char(cs.date, 'YYYY-MM-DD'), cs.duration_minutes,
                 CASE cs.mode WHEN 'onsite' THEN 'Sur site' WHEN 'remote' THEN 'À distance' ELSE 'Téléphone' END,
                 (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(cs.topics) x), u.name
          FROM coaching_sessions cs JOIN projects p ON p.id = cs.project_id AND p.tenant_id = cs.tenant_id JOIN users u ON u.id = cs.author_user_id
          WHERE p.tenant_id = $1 AND p.cohort_id = $2 ORDER BY p.title, p.id, cs.date, cs.created_at`,
  },
  workshop_results: {
    sheet: 'Résultats ateliers',
    columns: [
      { header: 'Atelier', type: 'text', width: 30 },
      { header: 'Date', type: 'date' },
      { header: 'Rang', type: 'int' },
      { header: 'Projet', type: 'text', width: 36 },
      { header: 'Score pondéré (sur 100)', type: 'number' },
      { header: 'Évaluations', type: 'int' },
      { header: 'Score calibré', type: 'number' },
      { header: 'Prix', type: 'text', width: 30 },
    ],
    sql: '', // computed from the workshops' results (see ExportsService)
  },
  invoices: {
    sheet: 'Factures',
    columns: [
      { header: 'Numéro', type: 'text', width: 16 },
      { header: 'Projet', type: 'text', width: 36 },
      { header: 'Date d’émission', type: 'date' },
      { header: 'Échéance', type: 'date' },
      { header: 'Statut', type: 'text' },
      { header: 'Montant HT', type: 'money' },
      { header: 'TVA', type: 'money' },
      { header: 'Montant TTC', type: 'money' },
      { header: 'Payé', type: 'money' },
      { header: 'Avoirs', type: 'money' },
      { header: 'Reste dû', type: 'money' },
    ],
    sql: `SELECT i.number, p.title, to_char(i.issue_date, 'YYYY-MM-DD'), to_char(i.due_date, 'YYYY-MM-DD'),
                 CASE WHEN i.status IN ('issued', 'partially_paid') AND i.due_date < $3::date THEN 'En retard'
                      ELSE CASE i.status WHEN 'draft' THEN 'Brouillon' WHEN 'issued' THEN 'Émise' WHEN 'partially_paid' THEN 'Partiellement payée' WHEN 'paid' THEN 'Payée' ELSE 'Annulée' END END,
                 i.total_excl_vat_cents, i.total_vat_cents, i.total_incl_vat_cents, i.paid_cents, i.credited_cents,
                 CASE WHEN i.status = 'draft' THEN NULL ELSE i.total_incl_vat_cents - i.paid_cents - i.credited_cents END
          FROM invoices i JOIN projects p ON p.id = i.project_id AND p.tenant_id = i.tenant_id
          WHERE p.tenant_id = $1 AND p.cohort_id = $2 ORDER BY i.issue_date NULLS LAST, i.number, i.created_at`,
  },
  outcomes: {
    sheet: 'Résultats',
    columns: [
      { header: 'Projet', type: 'text', width: 36 },
      { header: 'Type de relocalisation', type: 'text', width: 22 },
      { header: 'Emplois prévus', type: 'int' },
      { header: 'Emplois créés', type: 'int' },
      { header: 'Investissement prévu', type: 'money', width: 18 },
      { header: 'Investissement réalisé', type: 'money', width: 18 },
      { header: 'Imports substitués prévus', type: 'money', width: 18 },
      { header: 'Imports substitués réalisés', type: 'money', width: 18 },
      { header: 'Démarrage de production prévu', type: 'date' },
      { header: 'Production démarrée le', type: 'date' },
      { header: 'Suivis répondus', type: 'int' },
      { header: 'Suivis en attente', type: 'int' },
    ],
    sql: `SELECT p.title, CASE p.kind WHEN 'company' THEN 'Entreprise' WHEN 'activity' THEN 'Activité' ELSE 'Chaîne de valeur' END,
                 CASE WHEN o.id IS NULL THEN p.jobs_planned ELSE o.planned_jobs END, o.achieved_jobs,
                 CASE WHEN o.id IS NULL THEN p.investment_cents ELSE o.planned_investment_cents END, o.achieved_investment_cents,
                 o.planned_import_substitution_cents, o.achieved_import_substitution_cents,
                 to_char(o.planned_production_start_on, 'YYYY-MM-DD'), to_char(o.production_started_on, 'YYYY-MM-DD'),
                 (SELECT count(*) FROM follow_up_forms f WHERE f.tenant_id = p.tenant_id AND f.project_id = p.id AND f.answered_at IS NOT NULL)::int,
                 (SELECT count(*) FROM follow_up_forms f WHERE f.tenant_id = p.tenant_id AND f.project_id = p.id AND f.sent_at IS NOT NULL AND f.answered_at IS NULL)::int
          FROM projects p LEFT JOIN project_observatory o ON o.tenant_id = p.tenant_id AND o.project_id = p.id
          WHERE p.tenant_id = $1 AND p.cohort_id = $2 ORDER BY p.title, p.id`,
  },
};
