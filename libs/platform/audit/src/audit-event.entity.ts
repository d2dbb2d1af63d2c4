import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

/** Who did what to which record, when, with the fields that changed. Append-only. */
@Entity({ name: 'audit_events' })
@Index('idx_audit_events_entity', ['tenantId', 'entity', 'entityId', 'createdAt'])
@Index('idx_audit_events_tenant_created', ['tenantId', 'createdAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for platform-level records (tenants, national programme and schemes). */
  @Column({ type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entity: string;

  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: AuditChanges;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
