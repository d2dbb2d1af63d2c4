import { stringify } from 'csv-stringify/sync';
import { decimalFr } from './money';

export interface JournalRow {
  journal: 'VT' | 'BQ';
  date: string;
  number: string;
  customer: string;
  account: string;
  label: string;
  exclVatCents: number | null;
  vatCents: number | null;
  inclVatCents: number;
}

const HEADERS = ['Journal', 'Date', 'Numéro de pièce', 'Client', 'Compte', 'Libellé', 'Montant HT', 'TVA', 'Montant TTC'];
const text = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const frDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The period's sales journal (invoices, credit notes as negative amounts) then the payments, for
 * import into the CCI's accounting: `;`, French headers and decimal commas, UTF-8 with BOM.
 */
export function accountingCsv(rows: JournalRow[]): string {
  const body = rows.map((r) => [
    r.journal,
    frDate(r.date),
    r.number,
    text(r.customer),
    r.account,
    text(r.label),
    r.exclVatCents === null ? '' : decimalFr(r.exclVatCents),
    r.vatCents === null ? '' : decimalFr(r.vatCents),
    decimalFr(r.inclVatCents),
  ]);
  return stringify([HEADERS, ...body], { delimiter: ';', bom: true, record_delimiter: 'windows' });
}
