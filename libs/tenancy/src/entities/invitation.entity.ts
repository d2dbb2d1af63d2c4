import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';
import type { TenantRole } from '@filiere/platform/auth';

/** An invitation to join a tenant with a role (and, for holders and coaches, a project). */
@Entity({ name: 'invitations' })
@Index('uq_invitations_token_hash', ['tokenHash'], { unique: true })
@Index('idx_invitations_tenant_email', ['tenantId', 'email'])
@Check('chk_invitations_role', `"role" IN ('admin', 'advisor', 'coach', 'holder', 'partner')`)
export class Invitation extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: TenantRole;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_invitations_project' })
  projectId: string | null;

  @Column({ type: 'char', length: 64, select: false })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  invitedByUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedUserId: string | null;
}
