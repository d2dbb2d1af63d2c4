import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { BaseRecord } from '@filiere/platform/database';
import type { MilestoneTemplate } from './milestone-template';

/**
 * A programme and its retro-planning. `tenantId` null = the national methodology, shared
 * read-only by every tenant; a tenant's own programmes carry its id.
 */
@Entity({ name: 'programmes' })
@Index('uq_programmes_tenant_name', ['tenantId', 'name'], { unique: true })
export class Programme extends BaseRecord {
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('tenants', { onDelete: 'CASCADE', name: 'fk_programmes_tenant' })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Ordered milestone templates; projects copy them (a later edit does not move existing milestones). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  milestoneTemplates: MilestoneTemplate[];
}
