import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

/** What a tenant has learnt about a directory company: its own, invisible to other tenants. */
@Entity({ name: 'supplier_annotations' })
@Index('uq_supplier_annotations_tenant_siret', ['tenantId', 'siret'], { unique: true })
export class SupplierAnnotation extends TenantOwnedRecord {
  @Column({ type: 'char', length: 14, collation: 'C' })
  @ForeignKey('suppliers', { onDelete: 'CASCADE', name: 'fk_supplier_annotations_supplier' })
  siret: string;

  /** Declared capabilities (free labels: "usinage 5 axes", "injection plastique"…). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  capabilities: string[];

  /** Certifications (ISO 9001, EN 9100, IATF 16949…). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  certifications: string[];

  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contactName: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contactEmail: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedByUserId: string | null;
}

export const SOURCING_DIRECTIONS = ['upstream', 'downstream'] as const;
export type SourcingDirection = (typeof SOURCING_DIRECTIONS)[number];

/** A project's need: suppliers of a component (upstream) or buyers / channels (downstream). */
@Entity({ name: 'sourcing_requests' })
@Index('idx_sourcing_requests_project_created', ['tenantId', 'projectId', 'createdAt', 'id'])
@Check('chk_sourcing_requests_direction', `"direction" IN ('upstream', 'downstream')`)
@Check('chk_sourcing_requests_status', `"status" IN ('queued', 'running', 'succeeded', 'failed')`)
export class SourcingRequest extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_sourcing_requests_project' })
  projectId: string;

  @Column({ type: 'varchar', length: 16 })
  direction: SourcingDirection;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  nafCodes: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  keywords: string[];

  @Column({ type: 'int' })
  radiusKm: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  sizeBands: string[];

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: 'queued' | 'running' | 'succeeded' | 'failed';

  @Column({ type: 'int', default: 0 })
  progress: number;

  @Column({ type: 'int', default: 0 })
  candidateCount: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid', nullable: true })
  jobRunId: string | null;

  @Column({ type: 'uuid' })
  createdByUserId: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  computedAt: Date | null;
}

export const CANDIDATE_STATUSES = ['new', 'shortlisted', 'contacted', 'interested', 'declined', 'qualified'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** new → shortlisted → contacted → interested | declined; interested → qualified. */
export const CANDIDATE_TRANSITIONS: Record<CandidateStatus, CandidateStatus[]> = {
  new: ['shortlisted', 'contacted', 'declined'],
  shortlisted: ['new', 'contacted', 'declined'],
  contacted: ['interested', 'declined'],
  interested: ['qualified', 'declined'],
  declined: ['contacted'],
  qualified: [],
};

/** A ranked candidate of a request: a directory establishment or a buyer of the tenant. */
@Entity({ name: 'sourcing_candidates' })
@Index('uq_sourcing_candidates_request_siret', ['tenantId', 'requestId', 'siret'], { unique: true })
@Index('idx_sourcing_candidates_request_rank', ['tenantId', 'requestId', 'rank'])
@Check('chk_sourcing_candidates_status', `"status" IN ('new', 'shortlisted', 'contacted', 'interested', 'declined', 'qualified')`)
export class SourcingCandidate extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('sourcing_requests', { onDelete: 'CASCADE', name: 'fk_sourcing_candidates_request' })
  requestId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  /** The establishment (usually in the directory; a tenant's buyer may not be). */
  @Column({ type: 'char', length: 14, collation: 'C' })
  siret: string;

  /** Snapshot at ranking time, so the list reads the same after a directory re-import. */
  @Column({ type: 'varchar', length: 250 })
  name: string;

  @Column({ type: 'varchar', length: 6, nullable: true })
  nafCode: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  communeCode: string | null;

  /** The tenant's buyer behind a downstream candidate, if any. */
  @Column({ type: 'uuid', nullable: true })
  buyerId: string | null;

  @Column({ type: 'int' })
  rank: number;

  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: string[];

  @Column({ type: 'double precision', nullable: true })
  distanceKm: number | null;

  @Column({ type: 'varchar', length: 16, default: 'new' })
  status: CandidateStatus;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  statusChangedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  statusChangedAt: Date | null;
}

/** A company of the tenant's territory that wants to buy locally (the Bretagne model). */
@Entity({ name: 'buyers' })
@Index('uq_buyers_tenant_siret', ['tenantId', 'siret'], { unique: true })
@Index('idx_buyers_tenant_created', ['tenantId', 'createdAt', 'id'])
export class Buyer extends TenantOwnedRecord {
  @Column({ type: 'char', length: 14, collation: 'C' })
  siret: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 6, nullable: true })
  nafCode: string | null;

  @Column({ type: 'varchar', length: 5 })
  communeCode: string;

  @Column({ type: 'text', default: '' })
  notes: string;
}

/** A purchase category a buyer wants to source locally: a NAF code and/or a free label. */
@Entity({ name: 'buyer_purchase_categories' })
@Index('idx_buyer_purchase_categories_buyer', ['tenantId', 'buyerId'])
@Index('idx_buyer_purchase_categories_naf', ['tenantId', 'nafCode'])
export class BuyerPurchaseCategory extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('buyers', { onDelete: 'CASCADE', name: 'fk_buyer_purchase_categories_buyer' })
  buyerId: string;

  @Column({ type: 'varchar', length: 6, nullable: true })
  nafCode: string | null;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  annualVolumeCents: number | null;
}

/** The local-purchase index computed from one purchase ledger of a buyer. */
@Entity({ name: 'purchase_ledger_analyses' })
@Index('idx_purchase_ledger_analyses_buyer', ['tenantId', 'buyerId', 'createdAt'])
export class PurchaseLedgerAnalysis extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('buyers', { onDelete: 'CASCADE', name: 'fk_purchase_ledger_analyses_buyer' })
  buyerId: string;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'jsonb' })
  result: Record<string, unknown>;

  @Column({ type: 'uuid' })
  createdByUserId: string;
}
