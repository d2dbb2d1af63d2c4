import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

export const SESSION_MODES = ['onsite', 'remote', 'phone'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** A next step agreed in a session; `milestoneId` once converted into a project milestone. */
export interface SessionNextStep {
  title: string;
  dueDate: string | null;
  milestoneId: string | null;
}

/**
 * A coaching session (séance d'accompagnement) logged on a project by an assigned coach or a
 * CCI advisor. `privateNotes` are never shown to holders; the author may edit for 7 days.
 */
@Entity({ name: 'coaching_sessions' })
@Index('idx_coaching_sessions_project_created', ['tenantId', 'projectId', 'createdAt', 'id'])
@Index('idx_coaching_sessions_author', ['tenantId', 'authorUserId'])
@Check('chk_coaching_sessions_mode', `"mode" IN ('onsite', 'remote', 'phone')`)
@Check('chk_coaching_sessions_duration', `"duration_minutes" > 0 AND "duration_minutes" <= 1440`)
export class CoachingSession extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_coaching_sessions_project' })
  projectId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'RESTRICT', name: 'fk_coaching_sessions_author' })
  authorUserId: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'int' })
  durationMinutes: number;

  @Column({ type: 'varchar', length: 8 })
  mode: SessionMode;

  /** Topic labels, canonical for the tenant (see coaching_topics). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  topics: string[];

  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ type: 'text', nullable: true })
  privateNotes: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  nextSteps: SessionNextStep[];

  /** Who attended, as free text (names, companies). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendees: string[];
}
