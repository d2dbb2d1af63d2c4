import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_TYPES = ['invitation', 'milestone_due_soon', 'milestone_late', 'session_logged', 'workshop_results', 'coaching_budget', 'financing_eligible', 'training_invitation', 'deliverable_submitted', 'invoice_overdue', 'invoice_overdue_staff'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const EMAIL_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** An in-app notification (when it has a user) and its email (always to `email`). */
@Entity({ name: 'notifications' })
@Index('idx_notifications_user', ['tenantId', 'userId', 'createdAt', 'id'])
@Index('uq_notifications_dedup', ['tenantId', 'dedupKey'], { unique: true, where: '"dedup_key" IS NOT NULL' })
@Check('chk_notifications_email_status', `"email_status" IN ('pending', 'sent', 'skipped', 'failed')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('tenants', { onDelete: 'CASCADE', name: 'fk_notifications_tenant' })
  tenantId: string;

  /** Null for an email to someone who has no account yet (an invitation). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_notifications_user' })
  userId: string | null;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 32 })
  type: NotificationType;

  /** French, as the person reads it. */
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  link: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  emailStatus: EmailStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailedAt: Date | null;

  /** One notification per key and tenant (reminders run daily and must not repeat). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupKey: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** Per person and type: does the person want the email (in-app is always on). */
@Entity({ name: 'notification_preferences' })
@Index('uq_notification_preferences', ['tenantId', 'userId', 'type'], { unique: true })
export class NotificationPreference {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('tenants', { onDelete: 'CASCADE', name: 'fk_notification_preferences_tenant' })
  tenantId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_notification_preferences_user' })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  type: NotificationType;

  @Column({ type: 'boolean' })
  email: boolean;
}
