import { Column, CreateDateColumn, ForeignKey, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** id + timestamps. Millisecond precision so that keyset cursors round-trip through JS dates. */
export abstract class BaseRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** Every tenant-owned row carries its tenant; every unique index of such a table includes it. */
export abstract class TenantOwnedRecord extends BaseRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('tenants', { onDelete: 'CASCADE' })
  tenantId: string;
}
