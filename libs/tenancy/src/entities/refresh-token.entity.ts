import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { BaseRecord } from '@filiere/platform/database';

/**
 * One refresh token (stored as its SHA-256). Tokens of one login form a family: each
 * refresh uses one and issues the next; presenting a used one revokes the whole family.
 */
@Entity({ name: 'refresh_tokens' })
@Index('uq_refresh_tokens_hash', ['tokenHash'], { unique: true })
@Index('idx_refresh_tokens_family', ['familyId'])
export class RefreshToken extends BaseRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_refresh_tokens_user' })
  userId: string;

  /** Null for a platform-admin session. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('memberships', { onDelete: 'CASCADE', name: 'fk_refresh_tokens_membership' })
  membershipId: string | null;

  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
