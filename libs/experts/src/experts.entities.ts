import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

export const ORGANISATION_KINDS = ['cci', 'consulting', 'school', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An organisation people work for: the CCI itself, a partner consulting firm, a school. */
@Entity({ name: 'expert_organisations' })
@Index('uq_expert_organisations_tenant_name', ['tenantId', 'name'], { unique: true })
@Check('chk_expert_organisations_kind', `"kind" IN ('cci', 'consulting', 'school', 'other')`)
export class ExpertOrganisation extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: OrganisationKind;

  @Column({ type: 'varchar', length: 5, nullable: true })
  communeCode: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  website: string | null;
}

/** A tag of the tenant's expertise list, added to the programme's defaults (see EXPERTISE_DEFAULTS). */
@Entity({ name: 'expertise_tags' })
@Index('uq_expertise_tags_tenant_key', ['tenantId', 'key'], { unique: true })
export class ExpertiseTag extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'varchar', length: 60 })
  label: string;
}

/** The directory entry of a coach: one per coach user and tenant. */
@Entity({ name: 'expert_profiles' })
@Index('uq_expert_profiles_tenant_user', ['tenantId', 'userId'], { unique: true })
@Index('idx_expert_profiles_organisation', ['tenantId', 'organisationId'])
@Check('chk_expert_profiles_capacity', `"capacity_hours_per_month" >= 0 AND "capacity_hours_per_month" <= 400`)
export class ExpertProfile extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_expert_profiles_user' })
  userId: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('expert_organisations', { onDelete: 'SET NULL', name: 'fk_expert_profiles_organisation' })
  organisationId: string | null;

  /** Labels from the tenant's expertise list. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  /** NAF divisions (two digits, e.g. "25") the person knows. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  nafDivisions: string[];

  @Column({ type: 'varchar', length: 5, nullable: true })
  homeCommuneCode: string | null;

  @Column({ type: 'int', default: 0 })
  capacityHoursPerMonth: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  languages: string[];

  @Column({ type: 'text', default: '' })
  bio: string;
}

export const DELIVERABLE_STATUSES = ['planned', 'in_progress', 'submitted', 'assessed'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

/** A school team (teacher-researcher and students) working on a project for one deliverable, e.g. a market study. */
@Entity({ name: 'academic_teams' })
@Index('idx_academic_teams_project', ['tenantId', 'projectId', 'createdAt', 'id'])
@Check('chk_academic_teams_status', `"status" IN ('planned', 'in_progress', 'submitted', 'assessed')`)
@Check('chk_academic_teams_grade', `"grade" IS NULL OR ("grade" >= 0 AND "grade" <= 20)`)
export class AcademicTeam extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_academic_teams_project' })
  projectId: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('expert_organisations', { onDelete: 'SET NULL', name: 'fk_academic_teams_school' })
  schoolOrganisationId: string | null;

  /** The deliverable, e.g. "Étude de marché — pièces de fonderie". */
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status: DeliverableStatus;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  documentUrl: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  /** The teacher-researcher's assessment of the deliverable. */
  @Column({ type: 'text', nullable: true })
  assessment: string | null;

  /** Optional mark out of 20. */
  @Column({ type: 'numeric', precision: 4, scale: 2, nullable: true, transformer: { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  grade: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  assessedAt: Date | null;
}

/** The file of a deliverable when uploaded rather than linked: one per team, replaced on re-upload. */
@Entity({ name: 'academic_documents' })
@Index('uq_academic_documents_team', ['tenantId', 'teamId'], { unique: true })
@Check('chk_academic_documents_size', `"size_bytes" > 0 AND "size_bytes" <= 10485760`)
export class AcademicDocument extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('academic_teams', { onDelete: 'CASCADE', name: 'fk_academic_documents_team' })
  teamId: string;

  @Column({ type: 'varchar', length: 200 })
  filename: string;

  @Column({ type: 'varchar', length: 120 })
  contentType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid' })
  uploadedByUserId: string;
}

export const ACADEMIC_MEMBER_ROLES = ['teacher', 'student'] as const;
export type AcademicMemberRole = (typeof ACADEMIC_MEMBER_ROLES)[number];

/** A member of an academic team: a user (coach role, assigned to the project only) or a named person without login. */
@Entity({ name: 'academic_team_members' })
@Index('idx_academic_team_members_team', ['tenantId', 'teamId'])
@Index('uq_academic_team_members_user', ['tenantId', 'teamId', 'userId'], { unique: true, where: '"user_id" IS NOT NULL' })
@Check('chk_academic_team_members_role', `"role" IN ('teacher', 'student')`)
export class AcademicTeamMember extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('academic_teams', { onDelete: 'CASCADE', name: 'fk_academic_team_members_team' })
  teamId: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_academic_team_members_user' })
  userId: string | null;

  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: AcademicMemberRole;
}

export const TRAINING_MODES = ['onsite', 'online'] as const;
export type TrainingMode = (typeof TRAINING_MODES)[number];

/** A targeted training for several projects of a cohort. */
@Entity({ name: 'trainings' })
@Index('idx_trainings_cohort_created', ['tenantId', 'cohortId', 'createdAt', 'id'])
@Check('chk_trainings_mode', `"mode" IN ('onsite', 'online')`)
@Check('chk_trainings_capacity', `"capacity" > 0`)
@Check('chk_trainings_duration', `"duration_minutes" > 0`)
export class Training extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('cohorts', { onDelete: 'RESTRICT', name: 'fk_trainings_cohort' })
  cohortId: string;

  @Column({ type: 'varchar', length: 200 })
  topic: string;

  @Column({ type: 'varchar', length: 160 })
  trainerName: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { onDelete: 'SET NULL', name: 'fk_trainings_trainer' })
  trainerUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'int' })
  durationMinutes: number;

  @Column({ type: 'varchar', length: 8 })
  mode: TrainingMode;

  /** Address when on site, meeting link when online. */
  @Column({ type: 'varchar', length: 300 })
  location: string;

  /** Seats (registrations) in all. */
  @Column({ type: 'int' })
  capacity: number;
}

/** A project invited to a training: its holders and coaches may register. */
@Entity({ name: 'training_invitations' })
@Index('uq_training_invitations', ['tenantId', 'trainingId', 'projectId'], { unique: true })
@Index('idx_training_invitations_project', ['tenantId', 'projectId'])
export class TrainingInvitation extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('trainings', { onDelete: 'CASCADE', name: 'fk_training_invitations_training' })
  trainingId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_training_invitations_project' })
  projectId: string;
}

/** One seat taken at a training by a participant for an invited project; attendance recorded afterwards. */
@Entity({ name: 'training_registrations' })
@Index('idx_training_registrations_training', ['tenantId', 'trainingId'])
@Index('idx_training_registrations_project', ['tenantId', 'projectId'])
@Index('uq_training_registrations_user', ['tenantId', 'trainingId', 'userId'], { unique: true, where: '"user_id" IS NOT NULL' })
export class TrainingRegistration extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('trainings', { onDelete: 'CASCADE', name: 'fk_training_registrations_training' })
  trainingId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_training_registrations_project' })
  projectId: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_training_registrations_user' })
  userId: string | null;

  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'uuid' })
  registeredByUserId: string;

  /** null until attendance is taken. */
  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  attendanceRecordedAt: Date | null;
}
