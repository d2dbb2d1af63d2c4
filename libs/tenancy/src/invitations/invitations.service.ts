import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { Actor, TenantActor, TenantRole } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, forbidden, notFound } from '@filiere/platform/errors';
import { AccessService, ProjectMember } from '@filiere/access';
import { NotificationsService } from '@filiere/notifications';
import { Invitation, Membership, User } from '../entities';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { newOpaqueToken, sha256 } from '../auth/tokens';
import { AcceptedInvitationView, InvitationView } from './invitations.dto';

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly notifications: NotificationsService,
  ) {}

  async invite(actor: TenantActor, input: { email: string; role: TenantRole; projectId?: string }): Promise<InvitationView> {
    if (input.role === 'admin' && actor.role !== 'admin') throw forbidden('Only an admin may invite an admin');
    if (input.role === 'holder' && !input.projectId) {
      throw new DomainError(400, 'VALIDATION_FAILED', 'projectId: required to invite a holder', [{ field: 'projectId', message: 'required for a holder' }]);
    }
    if (input.projectId && input.role !== 'holder' && input.role !== 'coach') {
      throw new DomainError(400, 'VALIDATION_FAILED', 'projectId: only for a holder or a coach', [{ field: 'projectId', message: 'only for a holder or a coach' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      if (input.projectId && !(await this.access.projectExists(actor.tenantId, input.projectId, manager))) throw notFound('Project');
      const existing = await manager
        .getRepository(Membership)
        .createQueryBuilder('m')
        .innerJoin(User, 'u', 'u.id = m.userId')
        .where('m.tenantId = :tenantId AND u.email = :email', { tenantId: actor.tenantId, email: input.email })
        .getOne();
      if (existing) throw new DomainError(409, 'ALREADY_MEMBER', `${input.email} is already a member of this tenant`);
      return this.create(manager, actor, actor.tenantId, input);
    });
  }

  /** Creates an invitation row inside the caller's transaction (also used when a tenant is created). */
  async create(manager: EntityManager, actor: Actor, tenantId: string, input: { email: string; role: TenantRole; projectId?: string }): Promise<InvitationView> {
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.invitationTtlDays * 86_400_000);
    const invitation = await manager.getRepository(Invitation).save({
      tenantId,
      email: input.email,
      role: input.role,
      projectId: input.projectId ?? null,
      tokenHash: hash,
      expiresAt,
      acceptedAt: null,
      invitedByUserId: actor.userId,
      acceptedUserId: null,
    });
    await this.audit.record(manager, actor, {
      tenantId,
      action: 'invitation.create',
      entity: 'invitation',
      entityId: invitation.id,
      after: { email: input.email, role: input.role, projectId: input.projectId ?? null, expiresAt },
    });
    const acceptUrl = `${this.config.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
    const [tenant] = await manager.query<{ name: string }[]>('SELECT name FROM tenants WHERE id = $1', [tenantId]);
    await this.notifications.notify(manager, {
      tenantId,
      userId: null,
      email: input.email,
      data: { type: 'invitation', tenantName: tenant?.name ?? 'Votre CCI', role: input.role, acceptUrl, expiresAt: expiresAt.toISOString() },
    });
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      projectId: invitation.projectId,
      token,
      acceptUrl,
      expiresAt: expiresAt.toISOString(),
    };
  }

  async accept(input: { token: string; name: string; password: string }): Promise<AcceptedInvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const invitation = await manager.getRepository(Invitation).findOne({ where: { tokenHash: sha256(input.token) }, lock: { mode: 'pessimistic_write' } });
      if (!invitation) throw new DomainError(404, 'INVITATION_NOT_FOUND', 'Invitation not found');
      if (invitation.acceptedAt) throw new DomainError(409, 'INVITATION_ALREADY_ACCEPTED', 'This invitation was already accepted');
      if (invitation.expiresAt.getTime() <= Date.now()) throw new DomainError(410, 'INVITATION_EXPIRED', 'This invitation has expired: ask for a new one');

      const users = manager.getRepository(User);
      let user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email: invitation.email }).setLock('pessimistic_write').getOne();
      if (user) {
        // An existing account joins one more tenant: it proves itself with its own password.
        if (!(await verifyPassword(user.passwordHash, input.password))) {
          throw new DomainError(401, 'INVALID_CREDENTIALS', 'This email already has an account: accept with its current password');
        }
        const already = await manager.getRepository(Membership).findOneBy({ tenantId: invitation.tenantId, userId: user.id });
        if (already) throw new DomainError(409, 'ALREADY_MEMBER', 'You are already a member of this tenant');
      } else {
        user = await users.save({ email: invitation.email, name: input.name, passwordHash: await hashPassword(input.password), isPlatformAdmin: false });
      }
      const membership = await manager.getRepository(Membership).save({ tenantId: invitation.tenantId, userId: user.id, role: invitation.role });
      if (invitation.projectId && (invitation.role === 'holder' || invitation.role === 'coach')) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ProjectMember)
          .values({ tenantId: invitation.tenantId, projectId: invitation.projectId, userId: user.id, role: invitation.role })
          .orIgnore()
          .execute();
      }
      await manager.getRepository(Invitation).update({ id: invitation.id }, { acceptedAt: new Date(), acceptedUserId: user.id });
      const actor: Actor = { userId: user.id, tenantId: invitation.tenantId, role: invitation.role, membershipId: membership.id };
      await this.audit.record(manager, actor, {
        action: 'invitation.accept',
        entity: 'membership',
        entityId: membership.id,
        after: { userId: user.id, role: invitation.role, projectId: invitation.projectId },
      });
      return { user: { id: user.id, email: user.email, name: user.name } };
    });
  }
}
