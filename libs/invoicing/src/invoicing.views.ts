import type { ComputedLine } from './money';
import type { CreditNote, Invoice, InvoicePayment, InvoiceStatus, PartySnapshot, PaymentMethod, SellerSnapshot } from './invoice.entities';

export interface PaymentView {
  id: string;
  amountCents: number;
  paidAt: string;
  method: PaymentMethod;
  reference: string | null;
  createdAt: string;
}

export interface CreditNoteView {
  id: string;
  invoiceId: string;
  number: string;
  issueDate: string;
  reason: string;
  lines: ComputedLine[];
  totalExclVatCents: number;
  totalVatCents: number;
  totalInclVatCents: number;
  createdAt: string;
}

export interface InvoiceView {
  id: string;
  projectId: string;
  status: InvoiceStatus;
  overdue: boolean;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  lines: ComputedLine[];
  totalExclVatCents: number;
  totalVatCents: number;
  totalInclVatCents: number;
  paidCents: number;
  creditedCents: number;
  balanceCents: number;
  customer: PartySnapshot;
  seller: SellerSnapshot | null;
  payments: PaymentView[];
  creditNotes: CreditNoteView[];
  createdAt: string;
  updatedAt: string;
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
