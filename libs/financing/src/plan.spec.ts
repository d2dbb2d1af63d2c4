import { computePlan, DE_MINIMIS_CEILING_CENTS, PlanSchemeFacts } from './plan';

const scheme = (over: Partial<PlanSchemeFacts> = {}): PlanSchemeFacts => ({ id: 's1', name: 'Impulsion Conseil', kind: 'subvention', maxRatePercent: null, amountMaxCents: null, deMinimis: false, status: 'open', ...over });
const codes = (r: ReturnType<typeof computePlan>): string[] => r.warnings.map((w) => w.code);

describe('computePlan', () => {
  it('totals, coverage and per-line rates with caps', () => {
    const r = computePlan({
      investmentCents: 100_000_000,
      deMinimisPriorCents: 0,
      lines: [
        { scheme: scheme({ id: 'a', maxRatePercent: 25, amountMaxCents: 100_000_000 }), amountCents: 25_000_000 },
        { scheme: scheme({ id: 'b', kind: 'pret' }), amountCents: 40_000_000 },
      ],
    });
    expect(r.totalCents).toBe(65_000_000);
    expect(r.coveragePercent).toBe(65);
    expect(r.lines.map((l) => [l.schemeId, l.ratePercent, l.capCents])).toEqual([
      ['a', 25, 25_000_000],
      ['b', 40, null],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('warns when public aid exceeds the investment', () => {
    const r = computePlan({ investmentCents: 10_000_000, deMinimisPriorCents: 0, lines: [{ scheme: scheme(), amountCents: 12_000_000 }] });
    expect(codes(r)).toEqual(['AID_ABOVE_INVESTMENT']);
    expect(r.warnings[0]?.message).toBe('Les aides publiques (120\u202f000\u00a0€) dépassent l’investissement (100\u202f000\u00a0€).');
  });

  it('warns when a scheme’s maximum rate or amount is exceeded', () => {
    const r = computePlan({ investmentCents: 10_000_000, deMinimisPriorCents: 0, lines: [{ scheme: scheme({ maxRatePercent: 50, amountMaxCents: 1_500_000 }), amountCents: 6_000_000 }] });
    expect(codes(r)).toEqual(['RATE_EXCEEDED', 'AMOUNT_ABOVE_MAX']);
    expect(r.warnings[0]?.message).toContain('60 % de l’investissement, au-delà du taux maximal de 50 %');
  });

  it('de minimis: 300,000 € over three years, prior aid included (Regulation (EU) 2023/2831)', () => {
    const dm = (id: string): PlanSchemeFacts => scheme({ id, deMinimis: true });
    const under = computePlan({ investmentCents: 100_000_000, deMinimisPriorCents: 10_000_000, lines: [{ scheme: dm('a'), amountCents: 15_000_000 }, { scheme: dm('b'), amountCents: 5_000_000 }] });
    expect(under.deMinimisCents).toBe(20_000_000);
    expect(codes(under)).toEqual([]);
    const over = computePlan({ investmentCents: 100_000_000, deMinimisPriorCents: 15_000_000, lines: [{ scheme: dm('a'), amountCents: 15_000_000 }, { scheme: dm('b'), amountCents: 5_000_000 }] });
    expect(codes(over)).toEqual(['DE_MINIMIS_EXCEEDED']);
    expect(over.warnings[0]?.message).toContain('règlement (UE) 2023/2831');
    expect(over.deMinimisCeilingCents).toBe(DE_MINIMIS_CEILING_CENTS);
    const alone = computePlan({ investmentCents: 100_000_000, deMinimisPriorCents: null, lines: [{ scheme: dm('a'), amountCents: DE_MINIMIS_CEILING_CENTS + 1 }] });
    expect(codes(alone)).toEqual(['DE_MINIMIS_EXCEEDED']);
  });

  it('says what it cannot check: unknown prior de minimis aid, unknown investment; closed schemes', () => {
    const r = computePlan({ investmentCents: null, deMinimisPriorCents: null, lines: [{ scheme: scheme({ deMinimis: true, status: 'closed', maxRatePercent: 50 }), amountCents: 1_000_000 }] });
    expect(codes(r)).toEqual(['SCHEME_CLOSED', 'INVESTMENT_UNKNOWN', 'DE_MINIMIS_PRIOR_UNKNOWN']);
    expect(r.coveragePercent).toBeNull();
    expect(r.lines[0]?.ratePercent).toBeNull();
  });
});
