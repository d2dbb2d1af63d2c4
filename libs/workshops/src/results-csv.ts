import { stringify } from 'csv-stringify/sync';
import type { ProjectResult } from './results';

export interface CsvAward {
  projectId: string;
  prize: string;
  awardedBy: string;
}

const HEADERS = ['Rang', 'Projet', 'Score pondéré (sur 100)', 'Nombre d’évaluations', 'Score calibré', 'Rang calibré', 'Écart-type', 'Désaccord entre évaluateurs', 'Prix'];

/** A number the French Excel reads as one: decimal comma, no grouping; empty when absent. */
const frNumber = (value: number | null, decimals: number): string => (value === null ? '' : value.toFixed(decimals).replace('.', ','));

/** Text a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe. */
const text = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * The results as a CSV for Excel (French locale): `;` separator, French headers and decimal
 * commas, UTF-8 with a byte-order mark so accents open correctly. Quoting is csv-stringify's.
 */
export function resultsCsv(results: ProjectResult[], awards: CsvAward[]): string {
  const prizes = new Map<string, string[]>();
  for (const a of awards) prizes.set(a.projectId, [...(prizes.get(a.projectId) ?? []), `${a.prize} (${a.awardedBy})`]);
  const rows = results.map((r) => [
    r.rank === null ? '' : String(r.rank),
    text(r.title),
    frNumber(r.weightedScore, 2),
    String(r.evaluationCount),
    frNumber(r.calibratedScore, 3),
    r.calibratedRank === null ? '' : String(r.calibratedRank),
    frNumber(r.spread, 2),
    r.disagreement ? 'Oui' : 'Non',
    text((prizes.get(r.projectId) ?? []).join(' ; ')),
  ]);
  return stringify([HEADERS, ...rows], { delimiter: ';', bom: true, record_delimiter: 'windows' });
}
