import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';
import type { TenantRole } from '@filiere/platform/auth';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

/** A person's role in one tenant. */
@Entity({ name: 'memberships' })
@Index('uq_memberships_tenant_user', ['tenantId', 'userId'], { unique: true })
@Index('idx_memberships_user', ['userId'])
@Index('idx_memberships_tenant_created', ['tenantId', 'createdAt', 'id'])
@Check('chk_memberships_role', `"role" IN ('admin', 'advisor', 'coach', 'holder', 'partner')`)
export class Membership extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: TenantRole;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE', createForeignKeyConstraints: false })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_memberships_user' })
  user?: User;
}
