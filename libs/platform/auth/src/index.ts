export * from './actor';
export * from './access.decorators';
export * from './access.guard';
export * from './jwt.strategy';
export * from './auth-platform.module';
