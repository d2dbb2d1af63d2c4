import { ApiProperty } from '@nestjs/swagger';
import type { ComputedLine } from './money';
import { INVOICE_STATUSES, PAYMENT_METHODS } from './invoice.entities';
import type { BillingSettings, CreditNote, Invoice, InvoicePayment, InvoiceStatus, PartySnapshot, PaymentMethod, SellerSnapshot } from './invoice.entities';

/** Response views of the invoicing routes (their OpenAPI schemas: the web app's types). */

export class LineView implements ComputedLine {
  @ApiProperty() label: string;
  @ApiProperty({ example: 1 }) quantity: number;
  @ApiProperty() unitPriceCents: number;
  @ApiProperty({ example: 20, description: 'Percent' }) vatRate: number;
  @ApiProperty() totalExclVatCents: number;
  @ApiProperty() vatCents: number;
  @ApiProperty() totalInclVatCents: number;
}

export class PartyView implements PartySnapshot {
  @ApiProperty() name: string;
  @ApiProperty() siret: string;
  @ApiProperty() siren: string;
  @ApiProperty() vatNumber: string;
  @ApiProperty() addressLine: string;
  @ApiProperty() postalCode: string;
  @ApiProperty() city: string;
  @ApiProperty() countryCode: string;
}

export class SellerView extends PartyView implements SellerSnapshot {
  @ApiProperty() iban: string;
  @ApiProperty({ type: String, nullable: true }) bic: string | null;
  @ApiProperty() paymentTermsDays: number;
  @ApiProperty() latePenaltyRate: string;
}

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ example: '2027-02-15' }) paidAt: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method: PaymentMethod;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class CreditNoteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ example: 'AV-2027-00001' }) number: string;
  @ApiProperty({ example: '2027-02-15' }) issueDate: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [LineView] }) lines: LineView[];
  @ApiProperty() totalExclVatCents: number;
  @ApiProperty() totalVatCents: number;
  @ApiProperty() totalInclVatCents: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class InvoiceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status: InvoiceStatus;
  @ApiProperty({ description: 'Issued, not settled, due date passed (Europe/Paris)' }) overdue: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'FA-2027-00042' }) number: string | null;
  @ApiProperty({ type: String, nullable: true }) issueDate: string | null;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
  @ApiProperty() servicePeriodStart: string;
  @ApiProperty() servicePeriodEnd: string;
  @ApiProperty({ type: [LineView] }) lines: LineView[];
  @ApiProperty() totalExclVatCents: number;
  @ApiProperty() totalVatCents: number;
  @ApiProperty() totalInclVatCents: number;
  @ApiProperty() paidCents: number;
  @ApiProperty() creditedCents: number;
  @ApiProperty({ description: 'Total incl. VAT − paid − credited' }) balanceCents: number;
  @ApiProperty({ type: PartyView }) customer: PartyView;
  @ApiProperty({ type: SellerView, nullable: true, description: 'Copied from the billing settings at issue' }) seller: SellerView | null;
  @ApiProperty({ type: [PaymentView] }) payments: PaymentView[];
  @ApiProperty({ type: [CreditNoteView] }) creditNotes: CreditNoteView[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class BillingSettingsView implements Omit<BillingSettings, 'tenantId' | 'createdAt' | 'updatedAt'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() legalName: string;
  @ApiProperty() siret: string;
  @ApiProperty() vatNumber: string;
  @ApiProperty() addressLine: string;
  @ApiProperty() postalCode: string;
  @ApiProperty() city: string;
  @ApiProperty() iban: string;
  @ApiProperty({ type: String, nullable: true }) bic: string | null;
  @ApiProperty() paymentTermsDays: number;
  @ApiProperty() latePenaltyRate: string;
  @ApiProperty() customerAccount: string;
  @ApiProperty() salesAccount: string;
  @ApiProperty() vatAccount: string;
  @ApiProperty() bankAccount: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export const balanceOf = (i: Pick<Invoice, 'totalInclVatCents' | 'paidCents' | 'creditedCents'>): number => i.totalInclVatCents - i.paidCents - i.creditedCents;

/** Overdue: issued, not settled, and the due date is before today in Europe/Paris. */
export const isOverdue = (i: Pick<Invoice, 'status' | 'dueDate'>, today: string): boolean => (i.status === 'issued' || i.status === 'partially_paid') && i.dueDate !== null && i.dueDate < today;

export const paymentView = (p: InvoicePayment): PaymentView => ({ id: p.id, amountCents: p.amountCents, paidAt: p.paidAt, method: p.method, reference: p.reference, createdAt: p.createdAt.toISOString() });

export const creditNoteView = (c: CreditNote): CreditNoteView => ({
  id: c.id,
  invoiceId: c.invoiceId,
  number: c.number,
  issueDate: c.issueDate,
  reason: c.reason,
  lines: c.lines,
  totalExclVatCents: c.totalExclVatCents,
  totalVatCents: c.totalVatCents,
  totalInclVatCents: c.totalInclVatCents,
  createdAt: c.createdAt.toISOString(),
});

export function invoiceView(i: Invoice, today: string, payments: InvoicePayment[], creditNotes: CreditNote[]): InvoiceView {
  return {
    id: i.id,
    projectId: i.projectId,
    status: i.status,
    overdue: isOverdue(i, today),
    number: i.number,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    servicePeriodStart: i.servicePeriodStart,
    servicePeriodEnd: i.servicePeriodEnd,
    lines: i.lines,
    totalExclVatCents: i.totalExclVatCents,
    totalVatCents: i.totalVatCents,
    totalInclVatCents: i.totalInclVatCents,
    paidCents: i.paidCents,
    creditedCents: i.creditedCents,
    balanceCents: balanceOf(i),
    customer: i.customer,
    seller: i.seller,
    payments: payments.map(paymentView),
    creditNotes: creditNotes.map(creditNoteView),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
