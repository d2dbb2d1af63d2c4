import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAF_POS_SQL, POS_SQL } from './geo-index';

/**
 * The supplier directory: establishments of the SIRENE register (public data, shared by every
 * tenant). Kept: active, diffusible establishments; a re-import updates rows in place and marks
 * establishments closed since as inactive (never deleted: tenants' annotations point at them).
 *
 * `pos` is a planar point in kilometres (equirectangular projection centred on metropolitan
 * France, see geo-index.ts) so that PostgreSQL's GiST indexes answer "nearest first" and
 * "within R km" without PostGIS; exact distances are recomputed with the haversine formula.
 */
@Entity({ name: 'suppliers' })
@Index('idx_suppliers_naf_tile', { synchronize: false })
@Index('idx_suppliers_pos', { synchronize: false })
@Index('idx_suppliers_search_trgm', { synchronize: false })
@Index('idx_suppliers_naf', { synchronize: false })
export class Supplier {
  /**
   * Digits compared byte by byte (COLLATE "C"), and so is SIREN: see the SiretBinaryCollation
   * migration. A company's establishments are a range of this key (SIREN + '00000' … + '99999').
   */
  @PrimaryColumn({ type: 'char', length: 14, collation: 'C' })
  siret: string;

  @Column({ type: 'char', length: 9, collation: 'C' })
  siren: string;

  /** Display name: the establishment's usual name, else its sign, else the legal unit's name. */
  @Column({ type: 'varchar', length: 250, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 250, nullable: true })
  enseigne: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  nafNomenclature: string | null;

  /** Binary collation: prefix searches ('25.6%') and (naf, siret) order use the btree index. */
  @Column({ type: 'varchar', length: 6, nullable: true, collation: 'C' })
  nafCode: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  communeCode: string | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  departementCode: string | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 9, nullable: true })
  epciCode: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  postalCode: string | null;

  /** SIRENE headcount band (tranche d'effectifs), e.g. '12' = 20 à 49 salariés. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  sizeBand: string | null;

  /** From StockUniteLegale: PME, ETI or GE. */
  @Column({ type: 'varchar', length: 3, nullable: true })
  companyCategory: string | null;

  @Column({ type: 'boolean', default: false })
  headOffice: boolean;

  @Column({ type: 'boolean', nullable: true })
  employer: boolean | null;

  @Column({ type: 'date', nullable: true })
  createdOn: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** statutDiffusion P: some fields were [ND] in the register. */
  @Column({ type: 'boolean', default: false })
  partial: boolean;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon: number | null;

  /** 'exact' (SIRENE coordinates), 'commune' or 'chef-lieu' (reference-data fallbacks). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  geoPrecision: string | null;

  /** The planar point of lat/lon (geo-index.ts). Computed by PostgreSQL. */
  @Column({ type: 'point', nullable: true, generatedType: 'STORED', asExpression: POS_SQL, insert: false, update: false })
  pos: string | null;

  /** `pos` moved into the tile of the NAF sous-classe (geo-index.ts): nearest of an activity by one GiST index. Computed by PostgreSQL. */
  @Column({ type: 'point', nullable: true, generatedType: 'STORED', asExpression: NAF_POS_SQL, insert: false, update: false })
  nafPos: string | null;

  /** Lower-case, unaccented name + sign, for the trigram index. */
  @Column({ type: 'text', default: '' })
  searchText: string;

  @Column({ type: 'uuid', nullable: true })
  lastImportId: string | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface RejectedSample {
  line: number;
  reason: string;
}

/** One upload of SIRENE files and what its import did. */
@Entity({ name: 'supplier_imports' })
@Index('idx_supplier_imports_created', ['createdAt', 'id'])
@Check('chk_supplier_imports_status', `"status" IN ('queued', 'running', 'succeeded', 'failed')`)
export class SupplierImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The tenant of the admin who uploaded (null for the platform admin); the directory is shared. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('tenants', { onDelete: 'SET NULL', name: 'fk_supplier_imports_tenant' })
  tenantId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'int', default: 0 })
  progress: number;

  /** Uploaded files, by role: file, geoFile, unitesLegalesFile (path + original name + size). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  files: Record<string, { path: string; name: string; size: number }>;

  @Column({ type: 'int', default: 0 })
  rowsRead: number;

  @Column({ type: 'int', default: 0 })
  rowsKept: number;

  @Column({ type: 'int', default: 0 })
  rowsClosed: number;

  @Column({ type: 'int', default: 0 })
  rowsRejected: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  rejectedSamples: RejectedSample[];

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
