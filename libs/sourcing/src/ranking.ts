import { findHeadcountBand, findNaf, HEADCOUNT_BANDS, nafCloseness, type NafLevel } from '@filiere/reference-data';

/**
 * Ranking of sourcing candidates: a pure function, so the order is explained and testable.
 *
 * Score out of 100:
 *  - activity (0-50): closest requested NAF code — same sous-classe 50, classe 40, groupe 30,
 *    division 20; a keyword found in the name or the declared capabilities alone gives 15,
 *    and adds 5 on top of a NAF match;
 *  - place (0-30): same commune 25, EPCI 20, département 15, région 10, elsewhere 0, plus up to 5
 *    for nearness within the radius;
 *  - size (0-10): band in the requested bands 10, a neighbouring band 5; 5 when none requested;
 *  - tenant knowledge (0-10): a declared capability matching the need 7, a certification 3;
 *  - a buyer of the tenant's territory declaring this purchase category (downstream): +10.
 * Ties: nearer first, then SIRET. Every point comes with its French reason.
 */

export interface NeedSite {
  siren: string | null;
  communeCode: string | null;
  communeName: string | null;
  epciCode: string | null;
  departementCode: string | null;
  regionCode: string | null;
}

export interface Need {
  nafCodes: string[];
  keywords: string[];
  sizeBands: string[];
  radiusKm: number;
  site: NeedSite;
}

export interface CandidateFacts {
  siret: string;
  name: string;
  nafCode: string | null;
  communeCode: string | null;
  communeName: string | null;
  epciCode: string | null;
  departementCode: string | null;
  regionCode: string | null;
  sizeBand: string | null;
  distanceKm: number | null;
  /** Lower-case, unaccented name and sign. */
  searchText: string;
  capabilities: string[];
  certifications: string[];
  /** Purchase categories a buyer of the tenant declared (downstream), if the candidate is one. */
  buyer: { id: string; categories: string[] } | null;
}

export interface RankedCandidate {
  facts: CandidateFacts;
  score: number;
  reasons: string[];
}

const ACTIVITY_POINTS: Record<Exclude<NafLevel, 'section'>, number> = { 'sous-classe': 50, classe: 40, groupe: 30, division: 20 };
const ACTIVITY_LABEL: Record<Exclude<NafLevel, 'section'>, string> = { 'sous-classe': 'même sous-classe', classe: 'même classe', groupe: 'même groupe', division: 'même division' };
const LEVEL_ORDER: NafLevel[] = ['sous-classe', 'classe', 'groupe', 'division', 'section'];
export const TOP_CANDIDATES = 50;

/** Letters that have no decomposition but that PostgreSQL's `unaccent` spells out (as the directory's search text has them). */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o' };

/** A word as the directory's search text writes it: lower case, without accents or ligatures. */
export function foldKeyword(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[œæßø]/g, (c) => LIGATURES[c] ?? c)
    .trim();
}

/** The `LIKE` pattern of a text containing the folded keyword (its `%`, `_` and `\\` taken literally). */
export function likeContaining(keyword: string): string {
  return `%${foldKeyword(keyword).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** The code shared by `a` and `b` at `level` ('25.62B' and '25.62A' at classe → '25.62'). */
function sharedCode(code: string, level: NafLevel): string {
  switch (level) {
    case 'sous-classe':
      return code;
    case 'classe':
      return code.slice(0, 5);
    case 'groupe':
      return code.slice(0, 4);
    case 'division':
    case 'section':
      return code.slice(0, 2);
  }
}

function activity(need: Need, c: CandidateFacts): { points: number; reason: string | null } {
  if (!c.nafCode) return { points: 0, reason: null };
  let best: NafLevel | null = null;
  for (const requested of need.nafCodes) {
    const level = nafCloseness(requested, c.nafCode);
    if (level && level !== 'section' && (best === null || LEVEL_ORDER.indexOf(level) < LEVEL_ORDER.indexOf(best))) best = level;
  }
  if (!best) return { points: 0, reason: null };
  const code = sharedCode(c.nafCode, best);
  const label = findNaf(code)?.label;
  return { points: ACTIVITY_POINTS[best], reason: `${ACTIVITY_LABEL[best]} NAF ${code}${label ? ` (${label})` : ''}` };
}

function keywordHit(need: Need, c: CandidateFacts): { where: 'nom' | 'capacité'; keyword: string } | null {
  const capabilities = c.capabilities.map(foldKeyword);
  for (const raw of need.keywords) {
    const k = foldKeyword(raw);
    if (!k) continue;
    if (c.searchText.includes(k)) return { where: 'nom', keyword: raw };
    if (capabilities.some((cap) => cap.includes(k))) return { where: 'capacité', keyword: raw };
  }
  return null;
}

function formatKm(km: number): string {
  return km < 10 ? `${km.toFixed(1).replace('.', ',')} km` : `${Math.round(km)} km`;
}

function place(need: Need, c: CandidateFacts): { points: number; reason: string } {
  const s = need.site;
  let tier: number;
  let label: string;
  if (s.communeCode && c.communeCode === s.communeCode) {
    tier = 25;
    label = `même commune${c.communeName ? ` (${c.communeName})` : ''}`;
  } else if (s.epciCode && c.epciCode === s.epciCode) {
    tier = 20;
    label = 'même EPCI';
  } else if (s.departementCode && c.departementCode === s.departementCode) {
    tier = 15;
    label = 'même département';
  } else if (s.regionCode && c.regionCode === s.regionCode) {
    tier = 10;
    label = 'même région';
  } else {
    tier = 0;
    label = 'hors région';
  }
  if (c.distanceKm === null) return { points: tier, reason: `${label}, distance inconnue` };
  const nearness = need.radiusKm > 0 ? Math.round(5 * (1 - Math.min(c.distanceKm, need.radiusKm) / need.radiusKm)) : 0;
  return { points: tier + nearness, reason: tier === 25 ? label : `${formatKm(c.distanceKm)}, ${label}` };
}

function bandIndex(code: string): number {
  return HEADCOUNT_BANDS.findIndex((b) => b.code === code);
}

function size(need: Need, c: CandidateFacts): { points: number; reason: string | null } {
  if (need.sizeBands.length === 0) return { points: 5, reason: null };
  if (!c.sizeBand) return { points: 0, reason: 'effectif inconnu' };
  const label = findHeadcountBand(c.sizeBand)?.label ?? c.sizeBand;
  if (need.sizeBands.includes(c.sizeBand)) return { points: 10, reason: `effectif ${label} : dans la taille recherchée` };
  const i = bandIndex(c.sizeBand);
  if (i >= 0 && need.sizeBands.some((b) => Math.abs(bandIndex(b) - i) === 1)) return { points: 5, reason: `effectif ${label} : proche de la taille recherchée` };
  return { points: 0, reason: `effectif ${label} : hors de la taille recherchée` };
}

/** Scores one candidate. */
export function scoreCandidate(need: Need, c: CandidateFacts): RankedCandidate {
  const reasons: string[] = [];
  let score = 0;
  const act = activity(need, c);
  const kw = keywordHit(need, c);
  if (act.reason) reasons.push(act.reason);
  score += act.points;
  if (kw) {
    score += act.points > 0 ? 5 : 15;
    reasons.push(kw.where === 'nom' ? `mot-clé « ${kw.keyword} » dans le nom` : `mot-clé « ${kw.keyword} » dans les capacités déclarées`);
  }
  const where = place(need, c);
  score += where.points;
  reasons.push(where.reason);
  const sz = size(need, c);
  score += sz.points;
  if (sz.reason) reasons.push(sz.reason);
  if (kw?.where === 'capacité') score += 7;
  else if (c.capabilities.length) reasons.push(`capacités déclarées : ${c.capabilities.slice(0, 3).join(', ')}`);
  if (c.certifications.length) {
    score += 3;
    reasons.push(`certifié ${c.certifications.slice(0, 3).join(', ')}`);
  }
  if (c.buyer) {
    score += 10;
    reasons.push(`acheteur du territoire : souhaite acheter localement ${c.buyer.categories.slice(0, 3).map((x) => `« ${x} »`).join(', ')}`);
  }
  return { facts: c, score: Math.min(100, score), reasons };
}

/**
 * Ranks candidates for a need: drops the project's own company, those beyond the radius and those
 * with neither activity nor keyword nor buyer link; best score first, then nearest, then SIRET.
 */
export function rankCandidates(need: Need, candidates: CandidateFacts[], limit = TOP_CANDIDATES): RankedCandidate[] {
  const seen = new Set<string>();
  const ranked: RankedCandidate[] = [];
  for (const c of candidates) {
    if (seen.has(c.siret)) continue;
    seen.add(c.siret);
    if (need.site.siren && c.siret.startsWith(need.site.siren)) continue;
    if (c.distanceKm !== null && c.distanceKm > need.radiusKm) continue;
    const r = scoreCandidate(need, c);
    const relevant = activity(need, c).points > 0 || keywordHit(need, c) !== null || c.buyer !== null;
    if (relevant) ranked.push(r);
  }
  ranked.sort((a, b) => b.score - a.score || (a.facts.distanceKm ?? Infinity) - (b.facts.distanceKm ?? Infinity) || a.facts.siret.localeCompare(b.facts.siret));
  return ranked.slice(0, limit);
}
