export * from './health';
export * from './health.controller';
