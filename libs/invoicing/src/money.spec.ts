import { computeLine, creditLines, decimal, decimalFr, euros, totalsOf, vatBreakdown } from './money';

describe('money', () => {
  it('rounds VAT per line, half up, and totals are the sums of the lines (hand-computed)', () => {
    const lines = [
      { label: 'Frais de participation', quantity: 1, unitPriceCents: 249_000, vatRate: 20 }, // 2 490,00 + 498,00
      { label: 'Repas atelier', quantity: 3, unitPriceCents: 1_745, vatRate: 10 }, // 52,35 → VAT 5,235 → 5,24
      { label: 'Ouvrage', quantity: 2, unitPriceCents: 1_999, vatRate: 5.5 }, // 39,98 → VAT 2,1989 → 2,20
      { label: 'Déplacement', quantity: 1.5, unitPriceCents: 3_333, vatRate: 20 }, // 49,995 → 50,00 → VAT 10,00
    ].map(computeLine);
    expect(lines.map((l) => [l.totalExclVatCents, l.vatCents, l.totalInclVatCents])).toEqual([
      [249_000, 49_800, 298_800],
      [5_235, 524, 5_759],
      [3_998, 220, 4_218],
      [5_000, 1_000, 6_000],
    ]);
    expect(totalsOf(lines)).toEqual({ totalExclVatCents: 263_233, totalVatCents: 51_544, totalInclVatCents: 314_777 });
    expect(vatBreakdown(lines)).toEqual([
      { vatRate: 20, baseCents: 254_000, vatCents: 50_800 },
      { vatRate: 10, baseCents: 5_235, vatCents: 524 },
      { vatRate: 5.5, baseCents: 3_998, vatCents: 220 },
    ]);
  });

  it('splits a partial credit over the lines without losing a cent', () => {
    const lines = [computeLine({ label: 'A', quantity: 1, unitPriceCents: 100_000, vatRate: 20 }), computeLine({ label: 'B', quantity: 1, unitPriceCents: 10_000, vatRate: 10 })];
    const total = totalsOf(lines).totalInclVatCents; // 120 000 + 11 000
    const credit = creditLines(lines, 50_000, total);
    expect(credit.reduce((s, l) => s + l.totalInclVatCents, 0)).toBe(50_000);
    expect(credit[0]).toMatchObject({ totalInclVatCents: 45_802, totalExclVatCents: 38_168, vatCents: 7_634 });
    expect(credit[1]).toMatchObject({ totalInclVatCents: 4_198, totalExclVatCents: 3_816, vatCents: 382 });
  });

  it('formats amounts the French way', () => {
    expect(euros(249_000)).toBe('2\u202f490,00\u00a0€');
    expect(decimal(249_005)).toBe('2490.05');
    expect(decimal(-5)).toBe('-0.05');
    expect(decimalFr(4_218)).toBe('42,18');
  });
});
