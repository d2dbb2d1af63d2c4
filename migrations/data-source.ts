// The data source the TypeORM CLI uses (npx typeorm-ts-node-commonjs -d migrations/data-source.ts ...).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@filiere/platform/database';
import { SCHEMA } from './schema';

export default new DataSource(buildDataSourceOptions(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/filiere', SCHEMA));
