import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { User } from './entities';
import { hashPassword, verifyPassword } from './auth/passwords';

/**
 * With PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD set, start-up makes sure that
 * platform admin exists with that password: how a fresh installation gets its first login.
 */
export async function ensurePlatformAdmin(dataSource: DataSource, email: string, password: string): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await dataSource.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  if (existing && existing.isPlatformAdmin && (await verifyPassword(existing.passwordHash, password))) return 'unchanged';
  const passwordHash = await hashPassword(password);
  await dataSource.query(
    `INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, true)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, is_platform_admin = true, updated_at = now()`,
    [email, 'Administrateur plateforme', passwordHash],
  );
  return existing ? 'updated' : 'created';
}

@Injectable()
export class PlatformAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('PlatformAdmin');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.platformAdmin) return;
    const outcome = await ensurePlatformAdmin(this.dataSource, this.config.platformAdmin.email, this.config.platformAdmin.password);
    if (outcome !== 'unchanged') this.logger.log(`Platform admin ${this.config.platformAdmin.email} ${outcome}`);
  }
}
