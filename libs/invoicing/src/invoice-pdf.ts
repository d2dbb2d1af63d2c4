import { euros, vatBreakdown } from './money';
import { EARLY_PAYMENT_TEXT, penaltyText, RECOVERY_INDEMNITY_TEXT, type BillingDocument } from './document';
import type { PartySnapshot } from './invoice.entities';
import { frenchPdf, PDF_FONT } from './pdf-document';

/** `2026-11-22` → `22/11/2026`. */
export const frDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const rate = (r: number): string => `${String(r).replace('.', ',')} %`;

const partyLines = (p: PartySnapshot): string[] =>
  [p.name, p.addressLine, `${p.postalCode} ${p.city}`.trim(), `SIRET : ${p.siret} — SIREN : ${p.siren}`, `N° TVA intracommunautaire : ${p.vatNumber}`].filter((l) => l.trim() !== '');

/**
 * The French PDF of an invoice or a credit note, with every mention the code de commerce
 * (art. L. 441-9, R. 123-237) and the CGI (art. 242 nonies A) require of a B2B invoice.
 */
export function renderPdf(doc: BillingDocument): Promise<Buffer> {
  const title = doc.kind === 'invoice' ? 'FACTURE' : 'AVOIR';
  const { pdf, done } = frenchPdf({ Title: `${title} ${doc.number}`, Author: doc.seller.name, Subject: doc.buyerReference }, { pdfVersion: '1.7' });

  pdf.font(PDF_FONT.bold).fontSize(18).text(`${title} N° ${doc.number}`, { align: 'right' });
  pdf.font(PDF_FONT.regular).fontSize(10).text(`Date d’émission : ${frDate(doc.issueDate)}`, { align: 'right' });
  if (doc.dueDate) pdf.text(`Date d’échéance : ${frDate(doc.dueDate)}`, { align: 'right' });
  pdf.text(`Période de la prestation : du ${frDate(doc.servicePeriodStart)} au ${frDate(doc.servicePeriodEnd)}`, { align: 'right' });
  if (doc.invoiceReference) pdf.text(`Avoir sur la facture N° ${doc.invoiceReference.number} du ${frDate(doc.invoiceReference.issueDate)}`, { align: 'right' });

  const top = pdf.y + 15;
  pdf.font(PDF_FONT.bold).text('Émetteur', 50, top);
  pdf.font(PDF_FONT.regular).text(partyLines(doc.seller).join('\n'), 50, pdf.y, { width: 240 });
  const sellerBottom = pdf.y;
  pdf.font(PDF_FONT.bold).text('Client', 320, top);
  pdf.font(PDF_FONT.regular).text(partyLines(doc.customer).join('\n'), 320, pdf.y, { width: 230 });
  pdf.y = Math.max(sellerBottom, pdf.y) + 10;
  pdf.x = 50;
  pdf.text(`Objet : ${doc.buyerReference}`);
  if (doc.reason) pdf.text(`Motif de l’avoir : ${doc.reason}`);
  pdf.moveDown();

  const cols = [50, 270, 320, 395, 440, 490];
  const header = ['Désignation', 'Qté', 'PU HT', 'TVA', 'TVA €', 'Total HT'];
  let y = pdf.y;
  pdf.font(PDF_FONT.bold).fontSize(9);
  header.forEach((h, i) => pdf.text(h, cols[i], y, { width: (cols[i + 1] ?? 550) - (cols[i] ?? 0) - 4, align: i === 0 ? 'left' : 'right' }));
  y = pdf.y + 4;
  pdf.moveTo(50, y).lineTo(550, y).stroke();
  pdf.font(PDF_FONT.regular);
  for (const l of doc.lines) {
    y += 4;
    const cells = [l.label, String(l.quantity).replace('.', ','), euros(l.unitPriceCents), rate(l.vatRate), euros(l.vatCents), euros(l.totalExclVatCents)];
    let bottom = y;
    cells.forEach((c, i) => {
      pdf.text(c, cols[i], y, { width: (cols[i + 1] ?? 550) - (cols[i] ?? 0) - 4, align: i === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, pdf.y);
    });
    y = bottom;
  }
  y += 4;
  pdf.moveTo(50, y).lineTo(550, y).stroke();
  pdf.y = y + 8;

  pdf.fontSize(10);
  const totalRow = (label: string, value: string, bold = false) => {
    const rowY = pdf.y;
    pdf.font(bold ? PDF_FONT.bold : PDF_FONT.regular).text(label, 300, rowY, { width: 150, align: 'right' });
    pdf.text(value, 450, rowY, { width: 100, align: 'right' });
  };
  totalRow('Total HT', euros(doc.totalExclVatCents));
  for (const b of vatBreakdown(doc.lines)) totalRow(`TVA ${rate(b.vatRate)} sur ${euros(b.baseCents)}`, euros(b.vatCents));
  totalRow('Total TVA', euros(doc.totalVatCents));
  totalRow(doc.kind === 'invoice' ? 'Total TTC à payer' : 'Total TTC de l’avoir', euros(doc.totalInclVatCents), true);
  pdf.moveDown(2);

  pdf.x = 50;
  pdf.font(PDF_FONT.regular).fontSize(8);
  const mentions = [
    doc.kind === 'invoice' && doc.dueDate ? `Conditions de paiement : à ${doc.seller.paymentTermsDays} jours, au plus tard le ${frDate(doc.dueDate)}, par virement.` : null,
    `IBAN : ${doc.seller.iban}${doc.seller.bic ? ` — BIC : ${doc.seller.bic}` : ''} — référence à rappeler : ${doc.number}`,
    penaltyText(doc.seller.latePenaltyRate),
    RECOVERY_INDEMNITY_TEXT,
    EARLY_PAYMENT_TEXT,
  ].filter((m): m is string => m !== null);
  pdf.text(mentions.join('\n'), 50, pdf.y, { width: 500 });
  pdf.end();
  return done;
}
