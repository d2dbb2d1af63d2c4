import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { buildDataSourceOptions, SchemaDefinition } from './data-source-options';

@Module({})
export class DatabaseModule {
  /** The application's one DataSource, with the schema (entities + migrations) the app assembles. */
  static forRoot(schema: SchemaDefinition, applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(config.databaseUrl, schema, { applicationName }),
            retryAttempts: 0,
          }),
        }),
      ],
    };
  }
}
