import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '@filiere/platform/database';

/** A regional CCI running the programme. */
@Entity({ name: 'tenants' })
@Index('uq_tenants_slug', ['slug'], { unique: true })
export class Tenant extends BaseRecord {
  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'varchar', length: 48 })
  slug: string;

  /** INSEE region code, e.g. 27 Bourgogne-Franche-Comté. */
  @Column({ type: 'varchar', length: 3 })
  regionCode: string;

  /** Seller identity, payment terms and other tenant settings (invoicing issue). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: Record<string, unknown>;
}
