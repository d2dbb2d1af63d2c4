import { LA_POSTE_SIEGE_SIRET } from '@filiere/reference-data';
import type { BillingDocument } from './document';
import { extractFacturXml, unembeddedFonts, validateFacturXml } from './facturx-check';
import { facturXPdf } from './facturx';
import { renderPdf } from './invoice-pdf';
import { computeLine, totalsOf } from './money';

const lines = [computeLine({ label: 'Frais de participation', quantity: 1, unitPriceCents: 249_000, vatRate: 20 }), computeLine({ label: 'Repas atelier', quantity: 3, unitPriceCents: 1_745, vatRate: 10 })];
const doc = (over: Partial<BillingDocument> = {}): BillingDocument => ({
  kind: 'invoice',
  number: 'FA-2026-00042',
  issueDate: '2026-11-23',
  dueDate: '2026-12-23',
  servicePeriodStart: '2026-09-01',
  servicePeriodEnd: '2027-02-28',
  seller: { name: 'CCI Test', siret: LA_POSTE_SIEGE_SIRET, siren: '356000000', vatNumber: 'FR39356000000', addressLine: '46 avenue Villarceau', postalCode: '25000', city: 'Besançon', countryCode: 'FR', iban: 'FR7630006000011234567890189', bic: null, paymentTermsDays: 30, latePenaltyRate: 'trois fois le taux d’intérêt légal' },
  customer: { name: 'Usinage Test', siret: '73282932000074', siren: '732829320', vatNumber: 'FR44732829320', addressLine: '', postalCode: '25000', city: 'Besançon', countryCode: 'FR' },
  lines,
  ...totalsOf(lines),
  invoiceReference: null,
  reason: null,
  buyerReference: 'Relocaliser des pièces usinées',
  ...over,
});

describe('Factur-X', () => {
  it('embeds EN 16931 CII XML that the official schema accepts, with the PDF’s amounts', async () => {
    const pdf = await facturXPdf(doc(), await renderPdf(doc()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const xml = await extractFacturXml(pdf);
    expect(xml).not.toBeNull();
    expect(await validateFacturXml(xml ?? '')).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<ram:ID>FA-2026-00042</ram:ID>');
    expect(xml).toContain('<ram:TypeCode>380</ram:TypeCode>');
    expect(xml).toContain('urn:cen.eu:en16931:2017');
    expect(xml).toMatch(/<ram:TaxBasisTotalAmount>2542\.35<\/ram:TaxBasisTotalAmount>/);
    expect(xml).toMatch(/<ram:TaxTotalAmount currencyID="EUR">503\.24<\/ram:TaxTotalAmount>/);
    expect(xml).toMatch(/<ram:GrandTotalAmount>3045\.59<\/ram:GrandTotalAmount>/);
  }, 30_000);

  it('embeds every font (PDF/A forbids the standard 14 fonts unembedded)', async () => {
    const plain = await renderPdf(doc());
    expect(await unembeddedFonts(plain)).toEqual([]);
    expect(await unembeddedFonts(await facturXPdf(doc(), plain))).toEqual([]);
  }, 30_000);

  it('the check sees a standard font that is not embedded', async () => {
    const { default: PDFKit } = await import('pdfkit');
    const pdf = new PDFKit();
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => pdf.on('end', resolve));
    pdf.font('Helvetica').text('Bonjour');
    pdf.end();
    await ended;
    expect(await unembeddedFonts(Buffer.concat(chunks))).toEqual(['Helvetica']);
  });

  it('writes credit notes as type 381 referencing the invoice', async () => {
    const credit = doc({ kind: 'credit_note', number: 'AV-2026-00001', dueDate: null, invoiceReference: { number: 'FA-2026-00042', issueDate: '2026-11-23' }, reason: 'Abandon du projet' });
    const xml = (await extractFacturXml(await facturXPdf(credit, await renderPdf(credit)))) ?? '';
    expect(await validateFacturXml(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(xml).toContain('Avoir sur la facture FA-2026-00042');
    // BG-3: BT-25, the preceding invoice's number, in the settlement where EN 16931 puts it.
    expect(xml).toMatch(/<ram:InvoiceReferencedDocument>\s*<ram:IssuerAssignedID>FA-2026-00042<\/ram:IssuerAssignedID>\s*<\/ram:InvoiceReferencedDocument>/);
    expect(xml.indexOf('<ram:InvoiceReferencedDocument>')).toBeGreaterThan(xml.indexOf('<ram:SpecifiedTradeSettlementHeaderMonetarySummation>'));
  }, 30_000);

  it('an invoice carries no preceding-invoice reference', async () => {
    const xml = (await extractFacturXml(await facturXPdf(doc(), await renderPdf(doc())))) ?? '';
    expect(xml).not.toContain('InvoiceReferencedDocument');
  }, 30_000);

  it('a schema-invalid XML is reported', async () => {
    const res = await validateFacturXml('<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>');
    expect(res.valid).toBe(false);
  });
});
