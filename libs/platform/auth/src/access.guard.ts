import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@filiere/platform/errors';
import { Actor } from './actor';
import { ACCESS_RULE, AccessRule } from './access.decorators';

/**
 * Global guard, deny by default: a route without an explicit rule is refused, a public
 * route passes, any other needs a valid access token and one of the listed roles.
 * The per-resource check (is this coach assigned?) happens in the services and answers 404.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new DomainError(403, 'NO_ACCESS_RULE', 'This route has no access rule');
    if (rule.kind === 'public') return true;
    await (super.canActivate(context) as Promise<boolean>);
    const actor = context.switchToHttp().getRequest<{ user: Actor }>().user;
    if (!rule.roles.includes(actor.role)) {
      throw new DomainError(403, 'FORBIDDEN', `Your role (${actor.role}) may not do this`);
    }
    return true;
  }

  override handleRequest<TUser = Actor>(err: unknown, user: TUser | false, info: unknown): TUser {
    if (err || !user) {
      const expired = info instanceof Error && info.name === 'TokenExpiredError';
      const missing = info instanceof Error && info.message === 'No auth token';
      throw new DomainError(
        401,
        expired ? 'TOKEN_EXPIRED' : missing ? 'UNAUTHENTICATED' : 'INVALID_TOKEN',
        expired ? 'Access token expired, refresh it' : missing ? 'Authentication required' : 'Invalid access token',
      );
    }
    return user;
  }
}
