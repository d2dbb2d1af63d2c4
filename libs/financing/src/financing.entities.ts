import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { BaseRecord, TenantOwnedRecord } from '@filiere/platform/database';
import type { CompanySize, ExpenseType, PerimeterScope, ProjectStage, Recurrence, SchemeKind, SchemeStatus } from './scheme-rules';

const bigintCents = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) };
const numeric = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A public financing scheme (dispositif de financement). `tenantId` NULL: a national scheme of the
 * platform (the platform admin edits it, every tenant reads it); otherwise a tenant's own scheme.
 */
@Entity({ name: 'financing_schemes' })
@Index('idx_financing_schemes_tenant', ['tenantId', 'name'])
@Check('chk_financing_schemes_kind', `"kind" IN ('subvention', 'pret', 'avance_remboursable', 'garantie', 'credit_impot', 'fonds_propres', 'accompagnement')`)
@Check('chk_financing_schemes_scope', `"perimeter_scope" IN ('national', 'regions', 'departements')`)
@Check('chk_financing_schemes_recurrence', `"recurrence" IN ('permanent', 'annual', 'one_off')`)
@Check('chk_financing_schemes_status', `"status" IN ('upcoming', 'open', 'closed')`)
export class FinancingScheme extends BaseRecord {
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('tenants', { onDelete: 'CASCADE', name: 'fk_financing_schemes_tenant' })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200 }) funder: string;
  @Column({ type: 'varchar', length: 24 }) kind: SchemeKind;
  @Column({ type: 'varchar', length: 16 }) perimeterScope: PerimeterScope;
  /** INSEE codes of the régions or départements (empty for national). */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) perimeterCodes: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) sizes: CompanySize[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) nafInclude: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) nafExclude: string[];
  @Column({ type: 'int', nullable: true }) minCompanyAgeYears: number | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) stages: ProjectStage[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) expenseTypes: ExpenseType[];
  @Column({ type: 'bigint', nullable: true, transformer: bigintCents }) amountMinCents: number | null;
  @Column({ type: 'bigint', nullable: true, transformer: bigintCents }) amountMaxCents: number | null;
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numeric }) maxRatePercent: number | null;
  @Column({ type: 'boolean', default: false }) deMinimis: boolean;
  @Column({ type: 'date', nullable: true }) opensOn: string | null;
  @Column({ type: 'date', nullable: true }) predepositOn: string | null;
  @Column({ type: 'date', nullable: true }) closesOn: string | null;
  @Column({ type: 'varchar', length: 16, default: 'permanent' }) recurrence: Recurrence;
  /** Closed by hand whatever the dates (a scheme that ended without a published closing date). */
  @Column({ type: 'boolean', default: false }) closedManually: boolean;
  /** Follows the dates: written on every change and kept by the nightly job. */
  @Column({ type: 'varchar', length: 16, default: 'open' }) status: SchemeStatus;
  @Column({ type: 'varchar', length: 2048, default: '' }) sourceUrl: string;
  @Column({ type: 'date', nullable: true }) lastVerifiedAt: string | null;
  @Column({ type: 'text', default: '' }) description: string;
}

/** What eligibility needs of a project that the project record does not hold (one row per project). */
@Entity({ name: 'project_financing_profiles' })
@Unique('uq_project_financing_profiles', ['tenantId', 'projectId'])
@Check('chk_project_financing_profiles_category', `"company_category" IS NULL OR "company_category" IN ('PME', 'ETI', 'GE')`)
@Check('chk_project_financing_profiles_stage', `"stage" IS NULL OR "stage" IN ('reflexion', 'realisation', 'valorisation')`)
export class ProjectFinancingProfile extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_project_financing_profiles_project' })
  projectId: string;

  @Column({ type: 'date', nullable: true }) companyCreatedOn: string | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) companyCategory: 'PME' | 'ETI' | 'GE' | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) stage: ProjectStage | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) expenseTypes: ExpenseType[];
  /** De minimis aid the company received over the last three years (null: not known). */
  @Column({ type: 'bigint', nullable: true, transformer: bigintCents }) deMinimisPriorCents: number | null;
  /** When the project's matches were last computed. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) matchesComputedAt: Date | null;
}

/**
 * A scheme a project is, or may be, eligible to (nothing unmet; some criteria may be unknown), as
 * last computed by the jobs: what notifications, deadlines, the calendar and the fan-out read.
 * Pairs with an unmet criterion are not stored, nor are the explanations: with 2,000 projects and
 * 500 schemes that would be 230,000 rows of sentences, most of a re-match's time. The API
 * evaluates a project live with the same pure function to explain why and why not.
 */
@Entity({ name: 'financing_matches' })
@Index('idx_financing_matches_scheme', ['schemeId'])
export class FinancingMatch {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_financing_matches_project' })
  projectId: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('financing_schemes', { onDelete: 'CASCADE', name: 'fk_financing_matches_scheme' })
  schemeId: string;

  /**
   * The project's tenant, copied from it (in the key: every unique index of a tenant-owned table
   * includes it). No foreign key of its own: the project's (cascading) covers it, and each key
   * checked costs a trigger per inserted row in a bulk re-match.
   */
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'boolean' }) eligible: boolean;
  @Column({ type: 'smallint' }) score: number;
  /** Criteria not known yet (0 when eligible); the French sentences are recomputed on read by the same pure function. */
  @Column({ type: 'smallint' }) unknownCount: number;
  @Column({ type: 'timestamptz', precision: 3 }) computedAt: Date;
}

export interface PlanLine {
  schemeId: string;
  amountCents: number;
}

/** The financing plan a coach assembles for a project: chosen schemes and amounts. */
@Entity({ name: 'financing_plans' })
@Unique('uq_financing_plans_project', ['tenantId', 'projectId'])
export class FinancingPlan extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_financing_plans_project' })
  projectId: string;

  @Column({ type: 'jsonb', default: () => "'[]'" }) lines: PlanLine[];
  @Column({ type: 'text', default: '' }) note: string;
}

/** A user's personal iCal feed in a tenant: the secret URL is derived from id + version (rotation = version + 1). */
@Entity({ name: 'calendar_feeds' })
@Unique('uq_calendar_feeds_user', ['tenantId', 'userId'])
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('tenants', { onDelete: 'CASCADE', name: 'fk_calendar_feeds_tenant' })
  tenantId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_calendar_feeds_user' })
  userId: string;

  @Column({ type: 'int', default: 1 }) version: number;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt: Date;
}
