export * from './tenant.entity';
export * from './user.entity';
export * from './membership.entity';
export * from './refresh-token.entity';
export * from './invitation.entity';
