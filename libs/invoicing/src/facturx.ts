import { InvoiceService, invoiceSchema } from '@e-invoice-eu/core';
import type { Invoice as EInvoice } from '@e-invoice-eu/core';
import { Logger } from '@nestjs/common';
import { decimal, vatBreakdown } from './money';
import type { BillingDocument } from './document';
import type { PartySnapshot } from './invoice.entities';

const EUR = 'EUR';
const amount = (cents: number) => decimal(cents);
/** ISO 6523 ICD 0009 = SIRET (SIRENE). */
const SIRET_SCHEME = '0009';

const category = (rate: number) => ({ 'cbc:ID': rate === 0 ? 'Z' : 'S', 'cbc:Percent': String(rate), 'cac:TaxScheme': { 'cbc:ID': 'VAT' } });

function party(p: PartySnapshot, role: 'seller' | 'buyer') {
  const taxScheme = { 'cbc:CompanyID': p.vatNumber, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } };
  return {
    'cbc:EndpointID': p.siret,
    'cbc:EndpointID@schemeID': SIRET_SCHEME,
    'cac:PartyName': { 'cbc:Name': p.name },
    'cac:PostalAddress': {
      ...(p.addressLine ? { 'cbc:StreetName': p.addressLine } : {}),
      'cbc:CityName': p.city,
      'cbc:PostalZone': p.postalCode,
      'cac:Country': { 'cbc:IdentificationCode': p.countryCode },
    },
    // The library's schema: a list for the seller (VAT and tax registration), one for the buyer.
    'cac:PartyTaxScheme': role === 'seller' ? [taxScheme] : taxScheme,
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': p.name, 'cbc:CompanyID': p.siret, 'cbc:CompanyID@schemeID': SIRET_SCHEME },
  };
}

/**
 * The document in e-invoice-eu's internal (UBL-shaped) format, from which the library writes the
 * CII XML of the Factur-X EN 16931 profile. Amounts are the same rounded cents as the PDF.
 */
export function toEInvoice(doc: BillingDocument): EInvoice {
  const breakdown = vatBreakdown(doc.lines);
  const invoice = {
    'cbc:CustomizationID': 'urn:cen.eu:en16931:2017',
    'cbc:ID': doc.number,
    'cbc:IssueDate': doc.issueDate,
    ...(doc.dueDate ? { 'cbc:DueDate': doc.dueDate } : {}),
    'cbc:InvoiceTypeCode': doc.kind === 'invoice' ? '380' : '381',
    'cbc:Note': [doc.invoiceReference ? `Avoir sur la facture ${doc.invoiceReference.number} du ${doc.invoiceReference.issueDate} : ${doc.reason ?? ''}` : 'Accélérateur relocalisation'],
    'cbc:DocumentCurrencyCode': EUR,
    'cbc:BuyerReference': doc.buyerReference.slice(0, 100),
    'cac:InvoicePeriod': { 'cbc:StartDate': doc.servicePeriodStart, 'cbc:EndDate': doc.servicePeriodEnd },
    // BG-3 preceding invoice, BT-25 number, in the shape the CII mapping reads (see
    // acceptPrecedingInvoiceShape below). BT-26 (its date) is left out: EN 16931 asks for it only
    // when the number is not unique (ours are, per seller), and e-invoice-eu 2.3 writes it as
    // udt:DateTimeString where the Factur-X XSD wants qdt:DateTimeString. The note and the PDF
    // carry the date.
    ...(doc.invoiceReference ? { 'cac:BillingReference': [{ 'cbc:ID': doc.invoiceReference.number }] } : {}),
    'cac:AccountingSupplierParty': { 'cac:Party': party(doc.seller, 'seller') },
    'cac:AccountingCustomerParty': { 'cac:Party': party(doc.customer, 'buyer') },
    'cac:Delivery': { 'cbc:ActualDeliveryDate': doc.servicePeriodEnd < doc.issueDate ? doc.servicePeriodEnd : doc.issueDate },
    'cac:PaymentMeans': [
      {
        'cbc:PaymentMeansCode': '30',
        'cbc:PaymentID': doc.number,
        'cac:PayeeFinancialAccount': { 'cbc:ID': doc.seller.iban, ...(doc.seller.bic ? { 'cac:FinancialInstitutionBranch': { 'cbc:ID': doc.seller.bic } } : {}) },
      },
    ],
    'cac:PaymentTerms': { 'cbc:Note': `Paiement à ${doc.seller.paymentTermsDays} jours. Pénalités de retard : ${doc.seller.latePenaltyRate}. Indemnité forfaitaire pour frais de recouvrement : 40 €.` },
    'cac:TaxTotal': [
      {
        'cbc:TaxAmount': amount(doc.totalVatCents),
        'cbc:TaxAmount@currencyID': EUR,
        'cac:TaxSubtotal': breakdown.map((b) => ({
          'cbc:TaxableAmount': amount(b.baseCents),
          'cbc:TaxableAmount@currencyID': EUR,
          'cbc:TaxAmount': amount(b.vatCents),
          'cbc:TaxAmount@currencyID': EUR,
          'cac:TaxCategory': { ...category(b.vatRate) },
        })),
      },
    ],
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': amount(doc.totalExclVatCents),
      'cbc:LineExtensionAmount@currencyID': EUR,
      'cbc:TaxExclusiveAmount': amount(doc.totalExclVatCents),
      'cbc:TaxExclusiveAmount@currencyID': EUR,
      'cbc:TaxInclusiveAmount': amount(doc.totalInclVatCents),
      'cbc:TaxInclusiveAmount@currencyID': EUR,
      'cbc:PayableAmount': amount(doc.totalInclVatCents),
      'cbc:PayableAmount@currencyID': EUR,
    },
    'cac:InvoiceLine': doc.lines.map((l, i) => ({
      'cbc:ID': String(i + 1),
      'cbc:InvoicedQuantity': String(l.quantity),
      'cbc:InvoicedQuantity@unitCode': 'C62',
      'cbc:LineExtensionAmount': amount(l.totalExclVatCents),
      'cbc:LineExtensionAmount@currencyID': EUR,
      'cac:Item': { 'cbc:Name': l.label, 'cac:ClassifiedTaxCategory': category(l.vatRate) },
      'cac:Price': { 'cbc:PriceAmount': amount(l.unitPriceCents), 'cbc:PriceAmount@currencyID': EUR },
    })),
  };
  return { 'ubl:Invoice': invoice } as unknown as EInvoice;
}

/**
 * e-invoice-eu 2.3 validates `cac:BillingReference` items as `{ cac:InvoiceDocumentReference:
 * { cbc:ID, cbc:IssueDate } }` (UBL) but its CII mapping reads `cbc:ID` and `cbc:IssueDate` straight
 * from the item, so a schema-valid reference never reaches `ram:InvoiceReferencedDocument`. The
 * service validates against the exported schema object: it is made to accept the shape the mapping
 * reads (and only that one). The Factur-X tests check BT-25 in the XML against the official XSD,
 * so an upstream fix that changes either side shows up there.
 */
function acceptPrecedingInvoiceShape(): void {
  const ublInvoice = (invoiceSchema as { properties: Record<string, { properties: Record<string, { items?: Record<string, unknown> }> }> }).properties['ubl:Invoice'];
  const billingReference = ublInvoice?.properties['cac:BillingReference'];
  if (!billingReference?.items) return;
  billingReference.items = {
    type: 'object',
    additionalProperties: false,
    title: 'PRECEDING INVOICE REFERENCE (BG-3)',
    properties: { 'cbc:ID': { type: 'string', minLength: 1 } },
    required: ['cbc:ID'],
  };
}
acceptPrecedingInvoiceShape();

const service = new InvoiceService(new Logger('FacturX'));

/** The human-readable PDF turned into a Factur-X PDF/A-3 with `factur-x.xml` embedded. */
export async function facturXPdf(doc: BillingDocument, pdf: Buffer): Promise<Buffer> {
  const out = await service.generate(toEInvoice(doc), {
    format: 'Factur-X-EN16931',
    lang: 'fr-fr',
    noWarnings: true,
    pdf: { buffer: new Uint8Array(pdf), filename: `${doc.number}.pdf`, mimetype: 'application/pdf' },
  });
  return Buffer.from(typeof out === 'string' ? Buffer.from(out, 'utf8') : out);
}
