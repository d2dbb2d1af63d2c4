import { COACHING_BUDGET_THRESHOLDS } from '@filiere/cohorts';
import type { SessionNextStep } from './coaching-session.entity';

/** The author may edit a session for this many days after logging it; then it is locked. */
export const SESSION_EDIT_WINDOW_DAYS = 7;

/** A next step converted without a due date is due this many days after the conversion. */
export const NEXT_STEP_DEFAULT_DUE_DAYS = 14;

/** The tenant's topic list starts with these (French, the words advisors use). */
export const DEFAULT_TOPICS: readonly string[] = [
  'Cadrage',
  'Diagnostic',
  'Sourcing amont',
  'Sourcing aval',
  'Étude de marché',
  'Modèle économique',
  'Procédé et matériaux',
  'Industrialisation',
  'Financement',
  'Plan d’investissement',
  'Foncier et implantation',
  'Recrutement et formation',
  'Achats locaux',
  'Économie circulaire',
  'Industrie 4.0',
  'Réglementation et normes',
  'Propriété industrielle',
  'Préparation du pitch',
];

/** A topic label as shown: trimmed, inner white space collapsed. */
export function cleanTopicLabel(label: string): string {
  return label.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The identity of a topic: lower case, accents and typographic apostrophes folded, single spaces. */
export function normalizeTopicKey(label: string): string {
  return cleanTopicLabel(label)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

/** The instant a session stops being editable. */
export function sessionEditableUntil(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_EDIT_WINDOW_DAYS * 24 * 3600 * 1000);
}

export function isSessionLocked(createdAt: Date, now: Date = new Date()): boolean {
  return now.getTime() >= sessionEditableUntil(createdAt).getTime();
}

/**
 * The budget thresholds (percent) a project crosses upwards when its coaching time goes from
 * `beforeMinutes` to `afterMinutes`: [80], [100], [80, 100] or []. No budget, no threshold.
 */
export function crossedBudgetThresholds(beforeMinutes: number, afterMinutes: number, budgetMinutes: number | null): number[] {
  if (!budgetMinutes || budgetMinutes <= 0) return [];
  return COACHING_BUDGET_THRESHOLDS.filter((pct) => beforeMinutes * 100 < budgetMinutes * pct && afterMinutes * 100 >= budgetMinutes * pct);
}

/**
 * The next steps after an edit: the new list, where a step that was already converted into a
 * milestone keeps its link when it is still there (same title). Returns the titles of converted
 * steps the edit would drop (which the caller refuses).
 */
export function mergeNextSteps(previous: SessionNextStep[], next: { title: string; dueDate?: string | null }[]): { steps: SessionNextStep[]; droppedConverted: string[] } {
  const converted = new Map<string, SessionNextStep>();
  for (const step of previous) if (step.milestoneId) converted.set(step.title, step);
  const steps = next.map((s) => {
    const kept = converted.get(s.title);
    if (kept) converted.delete(s.title);
    return { title: s.title, dueDate: kept ? kept.dueDate : (s.dueDate ?? null), milestoneId: kept?.milestoneId ?? null };
  });
  return { steps, droppedConverted: [...converted.keys()] };
}
