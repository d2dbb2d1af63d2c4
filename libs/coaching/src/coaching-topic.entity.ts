import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

/**
 * A tag of the tenant's shared topic list. `key` is the normalised label (lower case, no
 * accents, single spaces), so "Étude de marché" and "etude de  marche" are one topic;
 * `useCount` is the number of sessions carrying it, kept in the sessions' transactions.
 */
@Entity({ name: 'coaching_topics' })
@Index('uq_coaching_topics_tenant_key', ['tenantId', 'key'], { unique: true })
export class CoachingTopic extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'varchar', length: 60 })
  label: string;

  @Column({ type: 'int', default: 0 })
  useCount: number;
}
