export * from './jobs.module';
export * from './mailer';
export * from './worker-root.module';
