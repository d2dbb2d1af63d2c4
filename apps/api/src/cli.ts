import 'reflect-metadata';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, getConfig } from '@filiere/platform/config';
import { buildDataSourceOptions, ensureDatabase, runMigrations, schemaDrift } from '@filiere/platform/database';
import { runDemoSeed } from '@filiere/demo';
import { SCHEMA } from '@filiere/migrations';
import { writeOpenApiDocument } from './openapi';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

/**
 * Operations commands:
 *   migrate                 create the database if missing, apply pending migrations (advisory-locked)
 *   migration:check         fail when entities and migrations disagree (CI)
 *   migration:generate Name write migrations/<timestamp>-<Name>.ts from the difference
 *   seed                    demo data (idempotent), honours DEMO_SEED=false
 *   openapi [file]          write the OpenAPI document (default tmp/openapi.json) without listening
 */
async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  const config = getConfig();
  const options = buildDataSourceOptions(config.databaseUrl, SCHEMA, { applicationName: 'filiere-cli' });
  switch (command) {
    case 'migrate': {
      if (await ensureDatabase(config.databaseUrl)) out(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
      const { applied } = await runMigrations(options);
      out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database schema is up to date');
      return;
    }
    case 'migration:check': {
      const drift = await schemaDrift(options);
      if (drift.length) {
        out('Entities and migrations disagree. Missing from the migrations:');
        drift.forEach((q) => out(`  ${q};`));
        out('Run: npm run migration:generate -- <Name>');
        process.exitCode = 1;
      } else {
        out('Entities and migrations agree');
      }
      return;
    }
    case 'migration:generate': {
      if (!arg || !/^[A-Z][A-Za-z0-9]+$/.test(arg)) throw new Error('Usage: migration:generate <PascalCaseName>');
      const ds = new DataSource(options);
      await ds.initialize();
      const sql = await ds.driver.createSchemaBuilder().log();
      await ds.destroy();
      if (!sql.upQueries.length) {
        out('No changes: nothing to generate');
        return;
      }
      const ts = Date.now();
      const className = `${arg}${ts}`;
      const literal = (s: string): string => (/[`$\\]/.test(s) ? JSON.stringify(s) : `\`${s}\``);
      const q = (s: string): string => `    await queryRunner.query(${literal(s)});`;
      const file = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((x) => q(x.query)).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((x) => q(x.query)).join('\n')}
  }
}
`;
      const root = join(__dirname, '..', '..', '..');
      const name = `${ts}-${arg}`;
      writeFileSync(join(root, 'migrations', `${name}.ts`), file);
      const listPath = join(root, 'migrations', 'list.ts');
      let list = readFileSync(listPath, 'utf8');
      list = `import { ${className} } from './${name}';\n${list}`.replace(/export const MIGRATIONS = \[(.*)\];/s, (_, inner: string) => {
        const items = inner.split(',').map((s) => s.trim()).filter(Boolean);
        return `export const MIGRATIONS = [${[...items, className].join(', ')}];`;
      });
      writeFileSync(listPath, list);
      out(`Wrote migrations/${name}.ts (${sql.upQueries.length} statements) and registered it in migrations/list.ts`);
      return;
    }
    case 'seed': {
      if (!config.demoSeed) {
        out('DEMO_SEED=false: no demo data');
        return;
      }
      await runDemoSeed();
      return;
    }
    case 'openapi': {
      // The OpenAPI document without a listening server (the app is built, needs PostgreSQL and Redis).
      await ensureDatabase(config.databaseUrl);
      const path = await writeOpenApiDocument(arg ?? join('tmp', 'openapi.json'));
      out(`Wrote ${path}`);
      return;
    }
    default:
      throw new Error(`Unknown command "${command ?? ''}". Commands: migrate, migration:check, migration:generate <Name>, seed, openapi [file]`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
