import { communePoint } from './geo';
import { communeCodeIndex } from './territories';

/** One code a register may carry for a commune: a commune, or a municipal arrondissement. */
export interface CommuneRow {
  /** The code as written in registers (e.g. SIRENE): '25056', '75108'. */
  code: string;
  /** The commune it belongs to: '75108' → '75056'. */
  communeCode: string;
  name: string;
  departementCode: string;
  regionCode: string;
  epciCode: string | null;
  lat: number | null;
  lon: number | null;
  precision: 'commune' | 'chef-lieu' | null;
}

/**
 * Every commune and municipal arrondissement with its territories and point, e.g. to load into a
 * database table for set-based joins (the SIRENE import). About 35,000 rows, built on each call.
 */
export function communeTable(): CommuneRow[] {
  const { communes, arrondissements } = communeCodeIndex();
  const rows: CommuneRow[] = [];
  const push = (code: string, communeCode: string): void => {
    const c = communes.get(communeCode);
    if (!c) return;
    const p = communePoint(code);
    rows.push({
      code,
      communeCode,
      name: c.name,
      departementCode: c.departementCode,
      regionCode: c.regionCode,
      epciCode: c.epciCode,
      lat: p?.lat ?? null,
      lon: p?.lon ?? null,
      precision: p?.precision ?? null,
    });
  };
  for (const code of communes.keys()) push(code, code);
  for (const [code, parent] of arrondissements) push(code, parent);
  return rows;
}
