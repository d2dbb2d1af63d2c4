/**
 * INSEE headcount bands ("tranches d'effectif salarié", SIRENE field trancheEffectifsUniteLegale /
 * trancheEffectifsEtablissement).
 */

export interface HeadcountBand {
  /** SIRENE code: 'NN', '00', '01' … '53'. */
  code: string;
  label: string;
  /** Smallest headcount of the band; null for non-employers (NN). */
  min: number | null;
  /** Largest headcount of the band; null for non-employers (NN) and for the open top band (53). */
  max: number | null;
}

function band(code: string, label: string, min: number | null, max: number | null): HeadcountBand {
  return Object.freeze({ code, label, min, max });
}

/** The 16 bands, smallest first. */
export const HEADCOUNT_BANDS: ReadonlyArray<HeadcountBand> = Object.freeze([
  band('NN', 'Unité non employeuse', null, null),
  band('00', '0 salarié', 0, 0),
  band('01', '1 ou 2 salariés', 1, 2),
  band('02', '3 à 5 salariés', 3, 5),
  band('03', '6 à 9 salariés', 6, 9),
  band('11', '10 à 19 salariés', 10, 19),
  band('12', '20 à 49 salariés', 20, 49),
  band('21', '50 à 99 salariés', 50, 99),
  band('22', '100 à 199 salariés', 100, 199),
  band('31', '200 à 249 salariés', 200, 249),
  band('32', '250 à 499 salariés', 250, 499),
  band('41', '500 à 999 salariés', 500, 999),
  band('42', '1 000 à 1 999 salariés', 1000, 1999),
  band('51', '2 000 à 4 999 salariés', 2000, 4999),
  band('52', '5 000 à 9 999 salariés', 5000, 9999),
  band('53', '10 000 salariés et plus', 10000, null),
]);

const BY_CODE = new Map(HEADCOUNT_BANDS.map((b) => [b.code, b]));

/** The band with this SIRENE code ('12', 'nn'), or undefined. */
export function findHeadcountBand(code: string): HeadcountBand | undefined {
  return typeof code === 'string' ? BY_CODE.get(code.trim().toUpperCase()) : undefined;
}

/** The band a headcount falls in (0 -> '00', 35 -> '12', 12000 -> '53'); undefined if negative or not whole. */
export function headcountBandFor(headcount: number): HeadcountBand | undefined {
  if (!Number.isInteger(headcount) || headcount < 0) return undefined;
  return HEADCOUNT_BANDS.find((b) => b.min !== null && headcount >= b.min && (b.max === null || headcount <= b.max));
}
