import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';
import type { ComputedLine } from './money';

export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_METHODS = ['transfer', 'card', 'check', 'cash', 'direct_debit', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const SEQUENCE_KINDS = ['invoice', 'credit_note'] as const;
export type SequenceKind = (typeof SEQUENCE_KINDS)[number];

const cents = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** Who is invoiced: the project's company, captured on the invoice (and frozen at issue). */
export interface PartySnapshot {
  name: string;
  siret: string;
  siren: string;
  vatNumber: string;
  addressLine: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

/** The seller (the CCI) as printed on an issued document: a copy of the billing settings. */
export interface SellerSnapshot extends PartySnapshot {
  iban: string;
  bic: string | null;
  paymentTermsDays: number;
  latePenaltyRate: string;
}

/** The CCI's own details, printed on every invoice, and its accounting accounts. One row per tenant. */
@Entity({ name: 'billing_settings' })
@Index('uq_billing_settings_tenant', ['tenantId'], { unique: true })
@Check('chk_billing_settings_terms', `"payment_terms_days" BETWEEN 0 AND 60`)
export class BillingSettings extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 200 })
  legalName: string;

  @Column({ type: 'char', length: 14 })
  siret: string;

  @Column({ type: 'varchar', length: 13 })
  vatNumber: string;

  @Column({ type: 'varchar', length: 300 })
  addressLine: string;

  @Column({ type: 'varchar', length: 10 })
  postalCode: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'varchar', length: 34 })
  iban: string;

  @Column({ type: 'varchar', length: 11, nullable: true })
  bic: string | null;

  /** Days from issue to due date (French law: at most 60 days from issue). */
  @Column({ type: 'int', default: 30 })
  paymentTermsDays: number;

  /** The late-payment penalty rate as printed (mention obligatoire). */
  @Column({ type: 'varchar', length: 200 })
  latePenaltyRate: string;

  @Column({ type: 'varchar', length: 10, default: '411000' })
  customerAccount: string;

  @Column({ type: 'varchar', length: 10, default: '706000' })
  salesAccount: string;

  @Column({ type: 'varchar', length: 10, default: '445710' })
  vatAccount: string;

  @Column({ type: 'varchar', length: 10, default: '512000' })
  bankAccount: string;
}

/** Lines and totals, the same on invoices and credit notes (integer cents, VAT per line). */
export abstract class BilledAmounts extends TenantOwnedRecord {
  @Column({ type: 'jsonb' })
  lines: ComputedLine[];

  @Column({ type: 'bigint', transformer: cents })
  totalExclVatCents: number;

  @Column({ type: 'bigint', transformer: cents })
  totalVatCents: number;

  @Column({ type: 'bigint', transformer: cents })
  totalInclVatCents: number;
}

/** An invoice of a project's fee. Drafts can change; from `issue` on, only payments and credit notes. */
@Entity({ name: 'invoices' })
@Index('uq_invoices_number', ['tenantId', 'number'], { unique: true, where: '"number" IS NOT NULL' })
@Index('idx_invoices_project', ['tenantId', 'projectId'])
@Index('idx_invoices_created', ['tenantId', 'createdAt', 'id'])
@Index('idx_invoices_due', ['status', 'dueDate'])
@Check('chk_invoices_status', `"status" IN ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')`)
@Check('chk_invoices_amounts', `"paid_cents" >= 0 AND "credited_cents" >= 0 AND "paid_cents" + "credited_cents" <= "total_incl_vat_cents"`)
export class Invoice extends BilledAmounts {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'RESTRICT', name: 'fk_invoices_project' })
  projectId: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: InvoiceStatus;

  /** FA-2026-00042, assigned at issue. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  number: string | null;

  @Column({ type: 'date', nullable: true })
  issueDate: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'date' })
  servicePeriodStart: string;

  @Column({ type: 'date' })
  servicePeriodEnd: string;


  @Column({ type: 'bigint', default: 0, transformer: cents })
  paidCents: number;

  @Column({ type: 'bigint', default: 0, transformer: cents })
  creditedCents: number;

  @Column({ type: 'jsonb' })
  customer: PartySnapshot;

  @Column({ type: 'jsonb', nullable: true })
  seller: SellerSnapshot | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  issuedAt: Date | null;

  @Column({ type: 'uuid' })
  createdByUserId: string;
}

/** An avoir: cancels all or part of an issued invoice, numbered in its own sequence. */
@Entity({ name: 'credit_notes' })
@Index('uq_credit_notes_number', ['tenantId', 'number'], { unique: true })
@Index('idx_credit_notes_invoice', ['tenantId', 'invoiceId'])
export class CreditNote extends BilledAmounts {
  @Column({ type: 'uuid' })
  @ForeignKey('invoices', { onDelete: 'RESTRICT', name: 'fk_credit_notes_invoice' })
  invoiceId: string;

  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Column({ type: 'date' })
  issueDate: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;


  @Column({ type: 'uuid' })
  createdByUserId: string;
}

@Entity({ name: 'invoice_payments' })
@Index('idx_invoice_payments_invoice', ['tenantId', 'invoiceId'])
@Index('idx_invoice_payments_paid', ['tenantId', 'paidAt'])
@Check('chk_invoice_payments_amount', `"amount_cents" > 0`)
@Check('chk_invoice_payments_method', `"method" IN ('transfer', 'card', 'check', 'cash', 'direct_debit', 'other')`)
export class InvoicePayment extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('invoices', { onDelete: 'RESTRICT', name: 'fk_invoice_payments_invoice' })
  invoiceId: string;

  @Column({ type: 'bigint', transformer: cents })
  amountCents: number;

  @Column({ type: 'date' })
  paidAt: string;

  @Column({ type: 'varchar', length: 16 })
  method: PaymentMethod;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  @Column({ type: 'uuid' })
  recordedByUserId: string;
}

/**
 * The last number used per tenant, kind and year. Incremented with an upsert inside the issuing
 * transaction: the row stays locked until commit, and a rollback gives the number back.
 */
@Entity({ name: 'invoice_sequences' })
@Index('uq_invoice_sequences', ['tenantId', 'kind', 'year'], { unique: true })
@Check('chk_invoice_sequences_kind', `"kind" IN ('invoice', 'credit_note')`)
export class InvoiceSequence extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 16 })
  kind: SequenceKind;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastValue: number;
}

/** A payment reminder sent for an overdue invoice (stage 7 or 30 days): each at most once. */
@Entity({ name: 'invoice_reminders' })
@Index('uq_invoice_reminders', ['tenantId', 'invoiceId', 'stage'], { unique: true })
export class InvoiceReminder extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('invoices', { onDelete: 'CASCADE', name: 'fk_invoice_reminders_invoice' })
  invoiceId: string;

  @Column({ type: 'int' })
  stage: number;
}
