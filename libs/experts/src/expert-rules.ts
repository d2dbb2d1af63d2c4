import { cleanTopicLabel, normalizeTopicKey } from '@filiere/coaching';
import type { OrganisationKind } from './experts.entities';

/** The tenant's expertise list starts with the programme's fields (French, as advisors say them). */
export const EXPERTISE_DEFAULTS: readonly string[] = [
  'Sourcing amont',
  'Sourcing aval',
  'Industrialisation',
  'Industrie 4.0',
  'Matériaux',
  'Économie circulaire',
  'Financement',
  'Marché',
  'Export',
  'Achats',
  'Procédés',
  'Stratégie',
];

/**
 * Which expertise a project needs while a milestone of this phase (of the national
 * retro-planning) is open. Phases not listed (Cadrage, Ateliers intensifs) need no specific tag.
 */
export const PHASE_EXPERTISE: Readonly<Record<string, readonly string[]>> = {
  'Sourcing amont': ['Sourcing amont', 'Achats'],
  'Sourcing aval': ['Sourcing aval', 'Marché'],
  'Étude de marché': ['Marché'],
  Modèle: ['Industrialisation', 'Matériaux', 'Économie circulaire', 'Procédés'],
  Suite: ['Financement'],
};

/** A tag's identity and display form: the same folding as coaching topics ("Économie  circulaire" = "economie circulaire"). */
export const normalizeTagKey = normalizeTopicKey;
export const cleanTagLabel = cleanTopicLabel;

/** Admins and advisors: they see and change everything of the tenant here. */
export const isStaff = (actor: { role: string }): boolean => actor.role === 'admin' || actor.role === 'advisor';

/** A month `YYYY-MM` as its first day and the first day of the next month. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/** Calendar months a period touches, both ends included (2027-01-11 → 2027-06-30: 6). */
export function monthsSpanned(startDate: string, endDate: string): number {
  const [ys, ms] = startDate.split('-').map(Number) as [number, number];
  const [ye, me] = endDate.split('-').map(Number) as [number, number];
  return Math.max(1, (ye - ys) * 12 + (me - ms) + 1);
}

/** One assignment of a coach to a project, for the load. */
export interface AssignmentForLoad {
  /** The cohort's coaching budget per project in hours (null: no budget). */
  budgetHours: number | null;
  /** How many coaches share the project. */
  coachCount: number;
  cohortStartDate: string;
  cohortEndDate: string;
}

/**
 * Hours a coach is planned for in a month: for each project assigned to them whose cohort runs
 * during that month, the project's coaching budget shared equally between its coaches and spread
 * evenly over the calendar months of the cohort. Rounded to 0.1 h.
 */
export function assignedHours(assignments: AssignmentForLoad[], month: string): number {
  const { from, to } = monthBounds(month);
  let total = 0;
  for (const a of assignments) {
    if (!a.budgetHours || a.coachCount <= 0) continue;
    if (a.cohortEndDate < from || a.cohortStartDate >= to) continue;
    total += a.budgetHours / a.coachCount / monthsSpanned(a.cohortStartDate, a.cohortEndDate);
  }
  return Math.round(total * 10) / 10;
}

/** Over capacity when the hours planned or logged in the month exceed the declared capacity. */
export function isOverCapacity(capacityHours: number | null, assigned: number, logged: number): boolean {
  if (capacityHours === null) return false;
  return Math.max(assigned, logged) > capacityHours;
}

// ---------------------------------------------------------------------------------------------
// Suggestions

export interface ProjectNeeds {
  nafCode: string;
  communeCode: string;
  /** Phases of the project's milestones that are not done. */
  openPhases: string[];
  /** Topics the advisor asks for (labels of the expertise list). */
  requestedTopics: string[];
  /** Organisation kinds of the coaches already assigned. */
  assignedOrganisationKinds: OrganisationKind[];
}

export interface CoachCandidate {
  userId: string;
  name: string;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  tags: string[];
  nafDivisions: string[];
  /** null: no profile yet. */
  capacityHours: number | null;
  assignedHours: number;
  /** Distance from the coach's home commune to the project's commune (km), when both are known. */
  distanceKm: number | null;
}

export interface SuggestionRules {
  /** Tenant rule: every project has at least one CCI coach. */
  requireCciCoach: boolean;
}

export interface CoachSuggestion {
  userId: string;
  name: string;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  score: number;
  matchedTopics: string[];
  freeHours: number | null;
  distanceKm: number | null;
  reasons: string[];
}

/** Points per criterion: the ranking is a plain sum, so its reasons explain it entirely. */
export const SUGGESTION_POINTS = {
  requestedTopic: 3,
  phaseTopic: 2,
  nafDivision: 3,
  capacityAmple: 2,
  capacitySome: 1,
  capacityFull: -4,
  near: 2,
  region: 1,
  cciRule: 3,
} as const;

/** Free hours from which capacity counts as ample. */
export const AMPLE_FREE_HOURS = 8;
export const NEAR_KM = 50;
export const REGION_KM = 150;

const frenchHours = (h: number): string => `${String(Math.round(h * 10) / 10).replace('.', ',')} h`;

/**
 * Ranks coaches for a project: expertise overlap with what it needs (requested topics, then the
 * topics of its open phases), knowledge of its NAF division, free capacity this month, distance,
 * and the tenant's organisation rule. Each suggestion says why, in French. Ties: more free hours,
 * then nearer, then name.
 */
export function rankCoaches(needs: ProjectNeeds, candidates: CoachCandidate[], rules: SuggestionRules): CoachSuggestion[] {
  const requested = new Map(needs.requestedTopics.map((t) => [normalizeTagKey(t), cleanTagLabel(t)]));
  const fromPhases = new Map<string, { label: string; phase: string }>();
  for (const phase of needs.openPhases) {
    for (const tag of PHASE_EXPERTISE[phase] ?? []) {
      const key = normalizeTagKey(tag);
      if (!requested.has(key) && !fromPhases.has(key)) fromPhases.set(key, { label: tag, phase });
    }
  }
  const division = needs.nafCode.slice(0, 2);
  const needsCci = rules.requireCciCoach && !needs.assignedOrganisationKinds.includes('cci');

  const out = candidates.map((c): CoachSuggestion => {
    const reasons: string[] = [];
    let score = 0;
    const own = new Map(c.tags.map((t) => [normalizeTagKey(t), t]));
    const matched: string[] = [];
    const asked = [...requested].filter(([k]) => own.has(k)).map(([, label]) => label);
    if (asked.length) {
      score += SUGGESTION_POINTS.requestedTopic * asked.length;
      matched.push(...asked);
      reasons.push(`Expertise demandée : ${asked.join(', ')}`);
    }
    const phased = [...fromPhases].filter(([k]) => own.has(k)).map(([, v]) => v);
    if (phased.length) {
      score += SUGGESTION_POINTS.phaseTopic * phased.length;
      matched.push(...phased.map((p) => p.label));
      reasons.push(`Utile pour les jalons ouverts : ${phased.map((p) => `${p.label} (${p.phase})`).join(', ')}`);
    }
    if (division && c.nafDivisions.includes(division)) {
      score += SUGGESTION_POINTS.nafDivision;
      reasons.push(`Connaît le secteur du projet (division NAF ${division})`);
    }
    let freeHours: number | null = null;
    if (c.capacityHours === null) {
      reasons.push('Profil non renseigné : disponibilité inconnue');
    } else {
      freeHours = Math.round((c.capacityHours - c.assignedHours) * 10) / 10;
      if (freeHours >= AMPLE_FREE_HOURS) {
        score += SUGGESTION_POINTS.capacityAmple;
        reasons.push(`Disponible : ${frenchHours(freeHours)} libres ce mois-ci`);
      } else if (freeHours > 0) {
        score += SUGGESTION_POINTS.capacitySome;
        reasons.push(`Peu disponible : ${frenchHours(freeHours)} libres ce mois-ci`);
      } else {
        score += SUGGESTION_POINTS.capacityFull;
        reasons.push(`Capacité atteinte : ${frenchHours(c.assignedHours)} prévues pour ${frenchHours(c.capacityHours)} par mois`);
      }
    }
    if (c.distanceKm !== null) {
      const km = Math.round(c.distanceKm);
      if (c.distanceKm <= NEAR_KM) {
        score += SUGGESTION_POINTS.near;
        reasons.push(`Proche du projet (${km} km)`);
      } else if (c.distanceKm <= REGION_KM) {
        score += SUGGESTION_POINTS.region;
        reasons.push(`À ${km} km du projet`);
      } else {
        reasons.push(`Éloigné du projet (${km} km)`);
      }
    }
    if (needsCci && c.organisationKind === 'cci') {
      score += SUGGESTION_POINTS.cciRule;
      reasons.push('Règle de la CCI : le projet n’a pas encore de coach CCI');
    }
    return {
      userId: c.userId,
      name: c.name,
      organisationName: c.organisationName,
      organisationKind: c.organisationKind,
      score,
      matchedTopics: matched,
      freeHours,
      distanceKm: c.distanceKm === null ? null : Math.round(c.distanceKm * 10) / 10,
      reasons,
    };
  });
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  return out.sort(
    (a, b) =>
      b.score - a.score ||
      (b.freeHours ?? -Infinity) - (a.freeHours ?? -Infinity) ||
      (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
      collator.compare(a.name, b.name) ||
      a.userId.localeCompare(b.userId),
  );
}
