import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DomainError } from '@filiere/platform/errors';
import { Actor, isTenantActor, Role, TenantActor } from './actor';

export const ACCESS_RULE = 'filiere:access-rule';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/** The route needs no token. Every route must carry either this or {@link Roles}. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** The route is open to these roles (then the service checks the resource itself). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid access token' }),
    ApiForbiddenResponse({ description: `Only for: ${roles.join(', ')}` }),
  );

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ user?: Actor }>();
  if (!req.user) throw new DomainError(401, 'UNAUTHENTICATED', 'Authentication required');
  return req.user;
});

/** Like {@link CurrentActor} for routes open only to tenant roles. */
export const CurrentTenantActor = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantActor => {
  const req = ctx.switchToHttp().getRequest<{ user?: Actor }>();
  if (!req.user) throw new DomainError(401, 'UNAUTHENTICATED', 'Authentication required');
  if (!isTenantActor(req.user)) throw new DomainError(403, 'FORBIDDEN', 'This route works inside a tenant');
  return req.user;
});
