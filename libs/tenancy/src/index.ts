export * from './entities';
export * from './tenancy.module';
export * from './auth/passwords';
export * from './auth/auth.service';
export * from './invitations/invitations.service';
export * from './tenants/tenants.service';
export * from './platform-admin.bootstrap';
