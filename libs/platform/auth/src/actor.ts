export const TENANT_ROLES = ['admin', 'advisor', 'coach', 'holder', 'partner'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export type Role = TenantRole | 'platform_admin';

/** Who is calling: taken only from the verified access token, never from the URL or body. */
export interface Actor {
  userId: string;
  tenantId: string | null;
  role: Role;
  membershipId: string | null;
}

/** An actor acting inside a tenant (every role but the platform admin). */
export interface TenantActor extends Actor {
  tenantId: string;
  role: TenantRole;
  membershipId: string;
}

export interface AccessTokenPayload {
  sub: string;
  tid: string | null;
  role: Role;
  mid: string | null;
}

export function isTenantActor(actor: Actor): actor is TenantActor {
  return actor.tenantId !== null && actor.role !== 'platform_admin' && actor.membershipId !== null;
}

/** Role groups used by route rules. */
export const STAFF_ROLES: TenantRole[] = ['admin', 'advisor'];
export const ALL_TENANT_ROLES: TenantRole[] = [...TENANT_ROLES];
