import { createHash, randomBytes } from 'node:crypto';

/** A fresh follow-up link token (256 random bits, URL-safe). Only its hash is stored. */
export const newFollowUpToken = (): string => randomBytes(32).toString('base64url');
export const hashFollowUpToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The public page of a follow-up form (the link of the email). */
export const followUpPath = (projectId: string, token: string): string => `/api/follow-ups/${projectId}/${encodeURIComponent(token)}/form`;

/**
 * Creates the follow-up forms now due (idempotent: one row per project and stage, unique key):
 * projects that went through the programme (selected, active or completed) of closed cohorts,
 * with a holder, whose stage fell due on or before `$1` — only the latest due stage (a cohort
 * found closed 13 months ago gets the 12-month form, not the 6-month one). The cohort closed on
 * `closed_at` (Paris day), or on its end date when it was closed before that was recorded.
 */
export const CREATE_DUE_FORMS_SQL = `
INSERT INTO follow_up_forms (tenant_id, project_id, stage, token_hash, due_on)
SELECT p.tenant_id, p.id, s.stage, md5(random()::text || p.id::text) || md5(clock_timestamp()::text || random()::text),
       (x.closed_on + make_interval(months => s.stage))::date
FROM projects p
JOIN cohorts c ON c.id = p.cohort_id AND c.tenant_id = p.tenant_id
CROSS JOIN LATERAL (SELECT COALESCE((c.closed_at AT TIME ZONE 'Europe/Paris')::date, c.end_date) AS closed_on) x
CROSS JOIN (VALUES (6, 12), (12, 24), (24, NULL)) s(stage, next_stage)
WHERE c.status = 'closed' AND p.status IN ('selected', 'active', 'completed')
  AND (x.closed_on + make_interval(months => s.stage))::date <= $1::date
  AND (s.next_stage IS NULL OR (x.closed_on + make_interval(months => s.next_stage))::date > $1::date)
  AND EXISTS (SELECT 1 FROM project_members pm WHERE pm.tenant_id = p.tenant_id AND pm.project_id = p.id AND pm.role = 'holder')
ON CONFLICT (tenant_id, project_id, stage) DO NOTHING`;

/** The next form to send, locked (two workers never take the same one). */
export const NEXT_UNSENT_FORM_SQL = `
SELECT f.id, f.tenant_id, f.project_id, f.stage, p.title, p.company_name, c.name AS cohort_name
FROM follow_up_forms f
JOIN projects p ON p.id = f.project_id AND p.tenant_id = f.tenant_id
JOIN cohorts c ON c.id = p.cohort_id AND c.tenant_id = p.tenant_id
WHERE f.sent_at IS NULL
ORDER BY f.created_at, f.id
LIMIT 1
FOR UPDATE OF f SKIP LOCKED`;

export interface FollowUpMailInput {
  stage: number;
  projectTitle: string;
  companyName: string;
  cohortName: string;
  link: string;
}

/** The French email of a follow-up form: title and body (the link is in the body). */
export function followUpMail(i: FollowUpMailInput): { title: string; body: string; link: string } {
  return {
    title: `Suivi de votre projet « ${i.projectTitle} » : ${i.stage} mois après l’accélérateur`,
    body:
      `Bonjour,\n\nIl y a ${i.stage} mois se terminait la cohorte « ${i.cohortName} » de l’Accélérateur relocalisation. ` +
      `Où en est le projet « ${i.projectTitle} » (${i.companyName}) ? Quatre chiffres suffisent : emplois créés, investissement réalisé, ` +
      `importations remplacées, date de démarrage de la production.\n\n` +
      `Répondez en deux minutes, sans vous connecter :\n${i.link}\n\n` +
      `Ce lien est personnel et ne sert qu’une fois. Vos réponses alimentent l’observatoire des relocalisations de votre CCI.`,
    link: i.link,
  };
}
