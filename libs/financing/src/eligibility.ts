import { findCommune, findDepartement, findHeadcountBand, findRegion } from '@filiere/reference-data';
import { CompanySize, ExpenseType, PerimeterScope, ProjectStage, STAGE_FR, schemeStatus } from './scheme-rules';

/** What eligibility needs to know of a project (null / empty = not known yet). */
export interface ProjectFacts {
  nafCode: string | null;
  communeCode: string | null;
  /** SIRENE headcount band code ('12' = 20 à 49 salariés). */
  sizeBand: string | null;
  /** SIRENE `categorieEntreprise` (PME, ETI, GE), which wins over the headcount band. */
  companyCategory: 'PME' | 'ETI' | 'GE' | null;
  companyCreatedOn: string | null;
  stage: ProjectStage | null;
  expenseTypes: ExpenseType[];
  investmentCents: number | null;
}

/** The rules of a scheme that eligibility reads. */
export interface SchemeRules {
  perimeterScope: PerimeterScope;
  perimeterCodes: string[];
  sizes: CompanySize[];
  nafInclude: string[];
  nafExclude: string[];
  minCompanyAgeYears: number | null;
  stages: ProjectStage[];
  expenseTypes: ExpenseType[];
  amountMinCents: number | null;
  opensOn: string | null;
  closesOn: string | null;
  closedManually: boolean;
}

export interface Eligibility {
  /** Every criterion met (nothing unmet, nothing unknown). */
  eligible: boolean;
  /** 0 when a criterion is unmet, else the share of criteria known to be met (0-100). */
  score: number;
  met: string[];
  unmet: string[];
  unknown: string[];
}

/** `YYYY-MM-DD` → `DD/MM/YYYY`. */
export const frDay = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** 5000000 cents → `50 000 €` (whole euros, narrow no-break space as thousands separator). */
export function frEuros(cents: number): string {
  const euros = Math.round(cents / 100);
  const digits = String(Math.abs(euros)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${euros < 0 ? '-' : ''}${digits}\u00a0€`;
}

/** NAF rév. 2 sections by division range: a prefix may be a section letter ('C' = divisions 10 to 33). */
const NAF_SECTIONS: [string, number, number][] = [
  ['A', 1, 3], ['B', 5, 9], ['C', 10, 33], ['D', 35, 35], ['E', 36, 39], ['F', 41, 43], ['G', 45, 47], ['H', 49, 53], ['I', 55, 56], ['J', 58, 63], ['K', 64, 66],
  ['L', 68, 68], ['M', 69, 75], ['N', 77, 82], ['O', 84, 84], ['P', 85, 85], ['Q', 86, 88], ['R', 90, 93], ['S', 94, 96], ['T', 97, 98], ['U', 99, 99],
];

function nafSection(code: string): string | undefined {
  const division = Number(code.slice(0, 2));
  return NAF_SECTIONS.find(([, from, to]) => division >= from && division <= to)?.[0];
}

/** Whether a NAF code ('25.62B') falls under a prefix ('25', '25.6', '25.62B' or a section letter 'C'). */
export function nafMatches(code: string, prefix: string): boolean {
  const p = prefix.trim().toUpperCase();
  if (/^[A-U]$/.test(p)) return nafSection(code) === p;
  return code.toUpperCase().replace(/\./g, '').startsWith(p.replace(/\./g, ''));
}

/** The sizes a company counts as: TPE are PME too (EU: micro-enterprises are SMEs). */
export function companySizes(facts: Pick<ProjectFacts, 'sizeBand' | 'companyCategory'>): { sizes: CompanySize[]; because: string } | null {
  const band = facts.sizeBand ? findHeadcountBand(facts.sizeBand) : undefined;
  const headcount = band ? `effectif ${band.label.replace(/ salariés?$/, '').replace(/ et plus$/, ' et plus')}` : null;
  const micro = band !== undefined && (band.max ?? 0) < 10;
  if (facts.companyCategory) {
    const because = `catégorie SIRENE ${facts.companyCategory}${headcount ? `, ${headcount}` : ''}`;
    if (facts.companyCategory === 'PME') return { sizes: micro ? ['TPE', 'PME'] : ['PME'], because };
    return { sizes: [facts.companyCategory], because };
  }
  if (!band) return null;
  const max = band.max ?? Number.POSITIVE_INFINITY;
  if (max < 10) return { sizes: ['TPE', 'PME'], because: headcount ?? '' };
  if (max < 250) return { sizes: ['PME'], because: headcount ?? '' };
  if (max < 5000) return { sizes: ['ETI'], because: headcount ?? '' };
  return { sizes: ['GE'], because: headcount ?? '' };
}

/** Full years between two `YYYY-MM-DD` days. */
export function fullYears(from: string, to: string): number {
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (to.slice(5) < from.slice(5)) years -= 1;
  return years;
}

const list = (items: string[]): string => items.join(', ');

/** Whether the scheme's perimeter covers the commune (undefined: commune unknown). */
export function perimeterCovers(scheme: Pick<SchemeRules, 'perimeterScope' | 'perimeterCodes'>, communeCode: string | null): boolean | undefined {
  if (scheme.perimeterScope === 'national') return true;
  const commune = communeCode ? findCommune(communeCode) : undefined;
  if (!commune) return undefined;
  return scheme.perimeterScope === 'regions' ? scheme.perimeterCodes.includes(commune.regionCode) : scheme.perimeterCodes.includes(commune.departementCode);
}

/**
 * Is this project eligible to this scheme, and why. Pure: every criterion the scheme sets lands
 * in exactly one of met / unmet / unknown, with a French sentence the holder can read.
 */
export function evaluateEligibility(project: ProjectFacts, scheme: SchemeRules, today: string): Eligibility {
  const met: string[] = [];
  const unmet: string[] = [];
  const unknown: string[] = [];

  // Status (dates).
  const status = schemeStatus(scheme, today);
  if (status === 'closed') unmet.push(scheme.closesOn && !scheme.closedManually ? `dispositif clôturé le ${frDay(scheme.closesOn)}` : 'dispositif clôturé');
  else if (status === 'upcoming') met.push(`dispositif ouvert à partir du ${frDay(scheme.opensOn ?? today)}`);
  else met.push(scheme.closesOn ? `dispositif ouvert jusqu’au ${frDay(scheme.closesOn)}` : 'dispositif ouvert');

  // Perimeter.
  if (scheme.perimeterScope === 'national') met.push('périmètre national');
  else {
    const commune = project.communeCode ? findCommune(project.communeCode) : undefined;
    if (!commune) unknown.push('localisation de l’entreprise inconnue');
    else if (scheme.perimeterScope === 'regions') {
      const name = findRegion(commune.regionCode)?.name ?? commune.regionCode;
      (scheme.perimeterCodes.includes(commune.regionCode) ? met : unmet).push(`région ${name} ${scheme.perimeterCodes.includes(commune.regionCode) ? 'dans le' : 'hors'} périmètre`);
    } else {
      const dep = findDepartement(commune.departementCode);
      const label = `département ${dep ? `${dep.name} (${dep.code})` : commune.departementCode}`;
      (scheme.perimeterCodes.includes(commune.departementCode) ? met : unmet).push(`${label} ${scheme.perimeterCodes.includes(commune.departementCode) ? 'dans le' : 'hors'} périmètre`);
    }
  }

  // Company size.
  if (scheme.sizes.length) {
    const size = companySizes(project);
    if (!size) unknown.push('taille de l’entreprise inconnue (catégorie SIRENE et tranche d’effectif absentes)');
    else {
      const hit = size.sizes.find((s) => scheme.sizes.includes(s));
      if (hit) met.push(`${hit} : oui (${size.because})`);
      else unmet.push(`${size.sizes[size.sizes.length - 1] ?? ''} : non, réservé aux ${list(scheme.sizes)} (${size.because})`);
    }
  }

  // Activity (NAF).
  if (scheme.nafInclude.length || scheme.nafExclude.length) {
    if (!project.nafCode) unknown.push('code NAF de l’entreprise inconnu');
    else {
      const excluded = scheme.nafExclude.find((p) => nafMatches(project.nafCode as string, p));
      const included = scheme.nafInclude.length === 0 || scheme.nafInclude.some((p) => nafMatches(project.nafCode as string, p));
      if (excluded) unmet.push(`activité NAF ${project.nafCode} exclue (${excluded})`);
      else if (!included) unmet.push(`activité NAF ${project.nafCode} hors des activités visées (${list(scheme.nafInclude)})`);
      else met.push(`activité NAF ${project.nafCode} visée`);
    }
  }

  // Company age.
  if (scheme.minCompanyAgeYears !== null && scheme.minCompanyAgeYears > 0) {
    if (!project.companyCreatedOn) unknown.push('âge de l’entreprise inconnu');
    else {
      const age = fullYears(project.companyCreatedOn, today);
      const sentence = `entreprise créée le ${frDay(project.companyCreatedOn)} (${age} an${age > 1 ? 's' : ''}, minimum ${scheme.minCompanyAgeYears} an${scheme.minCompanyAgeYears > 1 ? 's' : ''})`;
      (age >= scheme.minCompanyAgeYears ? met : unmet).push(sentence);
    }
  }

  // Project stage.
  if (scheme.stages.length) {
    if (!project.stage) unknown.push('étape du projet inconnue');
    else if (scheme.stages.includes(project.stage)) met.push(`étape ${STAGE_FR[project.stage]} : oui`);
    else unmet.push(`étape ${STAGE_FR[project.stage]} non couverte (${list(scheme.stages.map((s) => STAGE_FR[s]))})`);
  }

  // Expense types.
  if (scheme.expenseTypes.length) {
    if (!project.expenseTypes.length) unknown.push('type de dépenses inconnu');
    else {
      const hit = project.expenseTypes.filter((e) => scheme.expenseTypes.includes(e));
      if (hit.length) met.push(`dépenses d’${list(hit)} : oui`);
      else unmet.push(`dépenses de ${list(project.expenseTypes)} non financées (${list(scheme.expenseTypes)})`);
    }
  }

  // Investment vs the scheme's minimum programme.
  if (scheme.amountMinCents !== null && scheme.amountMinCents > 0) {
    if (project.investmentCents === null) unknown.push('montant de l’investissement inconnu');
    else if (project.investmentCents >= scheme.amountMinCents) met.push(`investissement de ${frEuros(project.investmentCents)} ≥ minimum de ${frEuros(scheme.amountMinCents)}`);
    else unmet.push(`investissement de ${frEuros(project.investmentCents)} sous le minimum de ${frEuros(scheme.amountMinCents)}`);
  }

  const score = unmet.length ? 0 : Math.round((100 * met.length) / (met.length + unknown.length));
  return { eligible: unmet.length === 0 && unknown.length === 0, score, met, unmet, unknown };
}
