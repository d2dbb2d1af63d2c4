/** Vocabulary of the financing catalogue (DOMAIN.md, Financing schemes). */
export const SCHEME_KINDS = ['subvention', 'pret', 'avance_remboursable', 'garantie', 'credit_impot', 'fonds_propres', 'accompagnement'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];

export const COMPANY_SIZES = ['TPE', 'PME', 'ETI', 'GE'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

export const PROJECT_STAGES = ['reflexion', 'realisation', 'valorisation'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const EXPENSE_TYPES = ['investissement', 'fonctionnement'] as const;
export type ExpenseType = (typeof EXPENSE_TYPES)[number];

export const PERIMETER_SCOPES = ['national', 'regions', 'departements'] as const;
export type PerimeterScope = (typeof PERIMETER_SCOPES)[number];

export const RECURRENCES = ['permanent', 'annual', 'one_off'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const SCHEME_STATUSES = ['upcoming', 'open', 'closed'] as const;
export type SchemeStatus = (typeof SCHEME_STATUSES)[number];

export const KIND_FR: Record<SchemeKind, string> = {
  subvention: 'subvention',
  pret: 'prêt',
  avance_remboursable: 'avance remboursable',
  garantie: 'garantie',
  credit_impot: 'crédit d’impôt',
  fonds_propres: 'fonds propres',
  accompagnement: 'accompagnement',
};
export const STAGE_FR: Record<ProjectStage, string> = { reflexion: 'réflexion', realisation: 'réalisation', valorisation: 'valorisation' };

/**
 * Status follows the dates (Europe/Paris days, `YYYY-MM-DD` compare as strings): closed after
 * the closing date or when closed by hand, upcoming before the opening date, open otherwise.
 */
export function schemeStatus(s: { opensOn: string | null; closesOn: string | null; closedManually: boolean }, today: string): SchemeStatus {
  if (s.closedManually) return 'closed';
  if (s.closesOn !== null && s.closesOn < today) return 'closed';
  if (s.opensOn !== null && s.opensOn > today) return 'upcoming';
  return 'open';
}

/** The next date of a scheme a holder must not miss (pre-deposit, then closing), from today on. */
export function nextDeadline(s: { predepositOn: string | null; closesOn: string | null }, today: string): { date: string; kind: 'predeposit' | 'closing' } | null {
  if (s.predepositOn !== null && s.predepositOn >= today) return { date: s.predepositOn, kind: 'predeposit' };
  if (s.closesOn !== null && s.closesOn >= today) return { date: s.closesOn, kind: 'closing' };
  return null;
}
