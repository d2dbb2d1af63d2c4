import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { AccessTokenPayload, Actor, Role } from '@filiere/platform/auth';
import { DomainError } from '@filiere/platform/errors';
import { Membership, RefreshToken, Tenant, User } from '../entities';
import { MeView, MembershipView, AuthSessionView } from './auth.dto';
import { verifyPassword } from './passwords';
import { newOpaqueToken, sha256 } from './tokens';

const invalidCredentials = (): DomainError => new DomainError(401, 'INVALID_CREDENTIALS', 'Invalid email or password');
const invalidRefresh = (): DomainError => new DomainError(401, 'INVALID_REFRESH_TOKEN', 'Invalid or expired refresh token');

interface SessionSubject {
  user: User;
  membership: Membership | null;
  tenant: Tenant | null;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, tenantSlug?: string): Promise<AuthSessionView> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok) throw invalidCredentials();

    const memberships = await this.dataSource.getRepository(Membership).find({ where: { userId: user.id }, relations: { tenant: true }, order: { createdAt: 'ASC' } });
    let chosen: Membership | null = null;
    if (tenantSlug) {
      chosen = memberships.find((m) => m.tenant?.slug === tenantSlug) ?? null;
      if (!chosen) throw new DomainError(403, 'NOT_A_MEMBER', `You are not a member of tenant "${tenantSlug}"`);
    } else if (memberships.length === 1 && !user.isPlatformAdmin) {
      chosen = memberships[0] ?? null;
    } else if (!user.isPlatformAdmin) {
      if (memberships.length === 0) throw new DomainError(403, 'NO_MEMBERSHIP', 'This account belongs to no tenant');
      throw new DomainError(400, 'TENANT_REQUIRED', `You belong to several tenants: say which one (${memberships.map((m) => m.tenant?.slug).join(', ')})`, [
        { field: 'tenant', message: 'required: you belong to several tenants' },
      ]);
    }
    return this.dataSource.transaction((manager) => this.issue(manager, { user, membership: chosen, tenant: chosen?.tenant ?? null }, randomUUID()));
  }

  /** Rotates a refresh token. A token used twice revokes its whole family (stolen token). */
  async refresh(refreshToken: string): Promise<AuthSessionView> {
    const tokenHash = sha256(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ error: DomainError } | { session: AuthSessionView }> => {
      const row = await manager.getRepository(RefreshToken).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { error: invalidRefresh() };
      if (row.usedAt) {
        await manager.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return { error: new DomainError(401, 'REFRESH_TOKEN_REUSED', 'Refresh token already used: every session of this login is revoked, log in again') };
      }
      await manager.getRepository(RefreshToken).update({ id: row.id }, { usedAt: new Date() });
      const user = await manager.getRepository(User).findOneBy({ id: row.userId });
      let membership: Membership | null = null;
      if (row.membershipId) {
        membership = await manager.getRepository(Membership).findOne({ where: { id: row.membershipId }, relations: { tenant: true } });
        if (!membership) return { error: invalidRefresh() };
      } else if (!user?.isPlatformAdmin) {
        return { error: invalidRefresh() };
      }
      if (!user) return { error: invalidRefresh() };
      return { session: await this.issue(manager, { user, membership, tenant: membership?.tenant ?? null }, row.familyId) };
    });
    // The family revocation must commit even though the request fails: throw after the transaction.
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  async logout(actor: Actor, refreshToken: string): Promise<void> {
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(refreshToken) });
    if (!row || row.userId !== actor.userId) return;
    await this.dataSource.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async me(actor: Actor): Promise<MeView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: actor.userId });
    if (!user) throw new DomainError(401, 'INVALID_TOKEN', 'This account no longer exists');
    const memberships = await this.dataSource.getRepository(Membership).find({ where: { userId: user.id }, relations: { tenant: true }, order: { createdAt: 'ASC' } });
    const current = memberships.find((m) => m.id === actor.membershipId) ?? null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      membership: membershipView(current, actor.role),
      memberships: memberships.map((m) => membershipView(m, m.role)),
    };
  }

  private async issue(manager: EntityManager, subject: SessionSubject, familyId: string): Promise<AuthSessionView> {
    const role: Role = subject.membership ? subject.membership.role : 'platform_admin';
    const payload: AccessTokenPayload = {
      sub: subject.user.id,
      tid: subject.membership?.tenantId ?? null,
      role,
      mid: subject.membership?.id ?? null,
    };
    const accessToken = await this.jwt.signAsync(payload);
    const { token, hash } = newOpaqueToken();
    await manager.getRepository(RefreshToken).insert({
      userId: subject.user.id,
      membershipId: subject.membership?.id ?? null,
      familyId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + this.config.refreshTtlDays * 86_400_000),
    });
    return {
      accessToken,
      refreshToken: token,
      expiresIn: this.config.jwt.accessTtlSeconds,
      user: { id: subject.user.id, email: subject.user.email, name: subject.user.name },
      membership: membershipView(subject.membership, role),
    };
  }
}

function membershipView(m: Membership | null, role: Role): MembershipView {
  return { tenantId: m?.tenantId ?? null, tenantSlug: m?.tenant?.slug ?? null, tenantName: m?.tenant?.name ?? null, role };
}
