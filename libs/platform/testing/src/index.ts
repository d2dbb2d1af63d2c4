export * from './test-env';
export * from './test-database';
export * from './test-app';
export * from './fixtures';
export * from './smtp-sink';
export * from './routes';
