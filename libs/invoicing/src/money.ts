/**
 * Money is integer cents throughout. VAT is computed and rounded per line, half up (away from
 * zero for the positive amounts we handle): line VAT = round(lineExclVat × rate / 100). Totals are
 * the sums of the lines, so the PDF, the Factur-X XML and the accounting export show the same
 * figures. VAT rates are percentages with at most two decimals (20, 10, 5.5, 2.1).
 */
export interface LineInput {
  label: string;
  quantity: number;
  unitPriceCents: number;
  vatRate: number;
}

export interface ComputedLine extends LineInput {
  totalExclVatCents: number;
  vatCents: number;
  totalInclVatCents: number;
}

export interface Totals {
  totalExclVatCents: number;
  totalVatCents: number;
  totalInclVatCents: number;
}

/** Half-up rounding of a non-negative amount expressed in hundredths of a cent (exact integers). */
function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  return sign * Math.floor((2 * n + denominator) / (2 * denominator));
}

/** Quantity with up to 3 decimals and rate with up to 2, kept exact with integer arithmetic. */
export function computeLine(line: LineInput): ComputedLine {
  const qtyMilli = Math.round(line.quantity * 1000);
  const totalExclVatCents = roundHalfUp(qtyMilli * line.unitPriceCents, 1000);
  const rateHundredths = Math.round(line.vatRate * 100);
  const vatCents = roundHalfUp(totalExclVatCents * rateHundredths, 10_000);
  return { ...line, totalExclVatCents, vatCents, totalInclVatCents: totalExclVatCents + vatCents };
}

export function totalsOf(lines: Pick<ComputedLine, 'totalExclVatCents' | 'vatCents'>[]): Totals {
  const totalExclVatCents = lines.reduce((s, l) => s + l.totalExclVatCents, 0);
  const totalVatCents = lines.reduce((s, l) => s + l.vatCents, 0);
  return { totalExclVatCents, totalVatCents, totalInclVatCents: totalExclVatCents + totalVatCents };
}

/** VAT breakdown per rate (sums of the lines' rounded amounts). */
export function vatBreakdown(lines: Pick<ComputedLine, 'vatRate' | 'totalExclVatCents' | 'vatCents'>[]): { vatRate: number; baseCents: number; vatCents: number }[] {
  const byRate = new Map<number, { vatRate: number; baseCents: number; vatCents: number }>();
  for (const l of lines) {
    const row = byRate.get(l.vatRate) ?? { vatRate: l.vatRate, baseCents: 0, vatCents: 0 };
    row.baseCents += l.totalExclVatCents;
    row.vatCents += l.vatCents;
    byRate.set(l.vatRate, row);
  }
  return [...byRate.values()].sort((a, b) => b.vatRate - a.vatRate);
}

/**
 * Lines of a partial credit note of `amountCents` (incl. VAT) against an invoice: the amount is
 * spread over the invoice's lines in proportion to their amounts incl. VAT (the last line takes
 * the remainder), and each share is split into excl. VAT and VAT at the line's rate.
 */
export function creditLines(invoiceLines: ComputedLine[], amountCents: number, invoiceTotalInclCents: number): ComputedLine[] {
  let left = amountCents;
  return invoiceLines.map((l, i) => {
    const share = i === invoiceLines.length - 1 ? left : roundHalfUp(amountCents * l.totalInclVatCents, invoiceTotalInclCents);
    left -= share;
    const rateHundredths = Math.round(l.vatRate * 100);
    const excl = roundHalfUp(share * 10_000, 10_000 + rateHundredths);
    return { label: l.label, quantity: 1, unitPriceCents: excl, vatRate: l.vatRate, totalExclVatCents: excl, vatCents: share - excl, totalInclVatCents: share };
  }).filter((l) => l.totalInclVatCents !== 0);
}

/** 249000 → `2 490,00 €` (narrow no-break spaces as in French typography). */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${sign}${units},${String(abs % 100).padStart(2, '0')}\u00a0€`;
}

/** 249000 → `2490.00` (XML and machine formats). */
export const decimal = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** 249000 → `2490,00` (French spreadsheets). */
export const decimalFr = (cents: number): string => decimal(cents).replace('.', ',');
