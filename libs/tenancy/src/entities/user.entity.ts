import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '@filiere/platform/database';

/** A person. Global: the same person can belong to several tenants through memberships. */
@Entity({ name: 'users' })
@Index('uq_users_email', ['email'], { unique: true })
export class User extends BaseRecord {
  /** Always stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'boolean', default: false })
  isPlatformAdmin: boolean;
}
