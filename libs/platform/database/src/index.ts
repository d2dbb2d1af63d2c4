export * from './snake-naming.strategy';
export * from './base.entity';
export * from './data-source-options';
export * from './migrate';
export * from './database.module';
export * from './sql';
