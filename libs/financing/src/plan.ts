import { frEuros } from './eligibility';
import type { SchemeKind, SchemeStatus } from './scheme-rules';

/** EU Regulation 2023/2831: de minimis aid to one undertaking capped at 300,000 € over three rolling years. */
export const DE_MINIMIS_CEILING_CENTS = 300_000_00;

export interface PlanSchemeFacts {
  id: string;
  name: string;
  kind: SchemeKind;
  maxRatePercent: number | null;
  amountMaxCents: number | null;
  deMinimis: boolean;
  status: SchemeStatus;
}

export interface PlanWarning {
  code: 'AID_ABOVE_INVESTMENT' | 'RATE_EXCEEDED' | 'AMOUNT_ABOVE_MAX' | 'DE_MINIMIS_EXCEEDED' | 'DE_MINIMIS_PRIOR_UNKNOWN' | 'INVESTMENT_UNKNOWN' | 'SCHEME_CLOSED';
  schemeId: string | null;
  message: string;
}

export interface PlanLineResult {
  schemeId: string;
  schemeName: string;
  kind: SchemeKind;
  amountCents: number;
  /** Share of the investment this line covers (percent, 1 decimal); null without investment. */
  ratePercent: number | null;
  maxRatePercent: number | null;
  /** The most this scheme may bring: its rate cap × investment, and its amount cap. */
  capCents: number | null;
  deMinimis: boolean;
}

export interface PlanResult {
  investmentCents: number | null;
  totalCents: number;
  coveragePercent: number | null;
  deMinimisCents: number;
  deMinimisPriorCents: number | null;
  deMinimisCeilingCents: number;
  lines: PlanLineResult[];
  warnings: PlanWarning[];
}

const pct = (part: number, whole: number): number => Math.round((1000 * part) / whole) / 10;

/**
 * Totals and warnings of a financing plan: aid above the investment, a scheme's rate or amount
 * cap exceeded, the de minimis ceiling reached when de minimis schemes (plus what the company
 * already received in the last three years) add up.
 */
export function computePlan(input: { investmentCents: number | null; deMinimisPriorCents: number | null; lines: { scheme: PlanSchemeFacts; amountCents: number }[] }): PlanResult {
  const inv = input.investmentCents !== null && input.investmentCents > 0 ? input.investmentCents : null;
  const warnings: PlanWarning[] = [];
  const lines: PlanLineResult[] = input.lines.map(({ scheme, amountCents }) => {
    const rateCap = scheme.maxRatePercent !== null && inv !== null ? Math.floor((inv * scheme.maxRatePercent) / 100) : null;
    const caps = [rateCap, scheme.amountMaxCents].filter((c): c is number => c !== null);
    const ratePercent = inv !== null ? pct(amountCents, inv) : null;
    if (scheme.status === 'closed') warnings.push({ code: 'SCHEME_CLOSED', schemeId: scheme.id, message: `« ${scheme.name} » est clôturé : on ne peut plus y déposer de demande.` });
    if (rateCap !== null && amountCents > rateCap) {
      warnings.push({ code: 'RATE_EXCEEDED', schemeId: scheme.id, message: `« ${scheme.name} » : ${frEuros(amountCents)} représentent ${ratePercent} % de l’investissement, au-delà du taux maximal de ${scheme.maxRatePercent} % (${frEuros(rateCap)}).` });
    }
    if (scheme.amountMaxCents !== null && amountCents > scheme.amountMaxCents) {
      warnings.push({ code: 'AMOUNT_ABOVE_MAX', schemeId: scheme.id, message: `« ${scheme.name} » : ${frEuros(amountCents)} dépassent le plafond du dispositif (${frEuros(scheme.amountMaxCents)}).` });
    }
    return { schemeId: scheme.id, schemeName: scheme.name, kind: scheme.kind, amountCents, ratePercent, maxRatePercent: scheme.maxRatePercent, capCents: caps.length ? Math.min(...caps) : null, deMinimis: scheme.deMinimis };
  });
  const totalCents = lines.reduce((s, l) => s + l.amountCents, 0);
  if (inv === null) warnings.push({ code: 'INVESTMENT_UNKNOWN', schemeId: null, message: 'Montant de l’investissement inconnu : la part couverte et les taux ne peuvent pas être calculés.' });
  else if (totalCents > inv) warnings.push({ code: 'AID_ABOVE_INVESTMENT', schemeId: null, message: `Les aides publiques (${frEuros(totalCents)}) dépassent l’investissement (${frEuros(inv)}).` });
  const deMinimisCents = lines.filter((l) => l.deMinimis).reduce((s, l) => s + l.amountCents, 0);
  if (deMinimisCents > 0) {
    const prior = input.deMinimisPriorCents;
    if (deMinimisCents + (prior ?? 0) > DE_MINIMIS_CEILING_CENTS) {
      warnings.push({
        code: 'DE_MINIMIS_EXCEEDED',
        schemeId: null,
        message: `Aides de minimis : ${frEuros(deMinimisCents)} prévues${prior ? ` + ${frEuros(prior)} déjà reçues sur trois ans` : ''}, au-delà du plafond de ${frEuros(DE_MINIMIS_CEILING_CENTS)} sur trois ans (règlement (UE) 2023/2831).`,
      });
    } else if (prior === null) {
      warnings.push({ code: 'DE_MINIMIS_PRIOR_UNKNOWN', schemeId: null, message: 'Aides de minimis reçues ces trois dernières années inconnues : le plafond de 300 000 € (règlement (UE) 2023/2831) ne peut pas être vérifié.' });
    }
  }
  return { investmentCents: inv, totalCents, coveragePercent: inv !== null ? pct(totalCents, inv) : null, deMinimisCents, deMinimisPriorCents: input.deMinimisPriorCents, deMinimisCeilingCents: DE_MINIMIS_CEILING_CENTS, lines, warnings };
}
