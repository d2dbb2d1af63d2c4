export * from './schema';
export * from './list';
