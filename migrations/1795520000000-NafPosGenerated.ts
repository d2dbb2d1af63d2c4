import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `suppliers.naf_pos` (the establishment's point shifted into the tile of its NAF sous-classe, see
 * libs/sourcing/src/geo-index.ts) becomes a stored generated column: PostgreSQL computes it from
 * `pos` and `naf_code` as each row is written. A SIRENE import no longer formats the shifted point
 * of every row (a fifth of the import process's work), and the backend that takes the COPY, which
 * waits on the parser half the time, computes it instead. The values are the same: the same double
 * product and sum as the import computed.
 *
 * TypeORM keeps a generated column's expression in `typeorm_metadata`, keyed by database name, and
 * compares it with the entity's (`NAF_POS_SQL`): the row is written here as TypeORM writes it.
 */
const NAF_POS =
  "CASE WHEN naf_code ~ '^[0-9]{2}[.][0-9]{2}[A-Z]$' THEN pos + point(((substr(naf_code, 1, 2) || substr(naf_code, 4, 2))::integer * 26 + ascii(substr(naf_code, 6, 1)) - 65)::double precision * 100000, 0) END";

export class NafPosGenerated1795520000000 implements MigrationInterface {
  name = 'NafPosGenerated1795520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_naf_tile"`);
    await queryRunner.query(`ALTER TABLE "suppliers" DROP COLUMN "naf_pos"`);
    await queryRunner.query(`ALTER TABLE "suppliers" ADD "naf_pos" point GENERATED ALWAYS AS (${NAF_POS}) STORED`);
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'suppliers', 'GENERATED_COLUMN', 'naf_pos', $1)`,
      [NAF_POS],
    );
    await queryRunner.query(`CREATE INDEX "idx_suppliers_naf_tile" ON "suppliers" USING gist ("naf_pos") WHERE "active" AND "naf_pos" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_naf_tile"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'suppliers' AND "name" = 'naf_pos'`);
    await queryRunner.query(`ALTER TABLE "suppliers" DROP COLUMN "naf_pos"`);
    await queryRunner.query(`ALTER TABLE "suppliers" ADD "naf_pos" point`);
    await queryRunner.query(`UPDATE "suppliers" SET "naf_pos" = ${NAF_POS}`);
    await queryRunner.query(`CREATE INDEX "idx_suppliers_naf_tile" ON "suppliers" USING gist ("naf_pos") WHERE "active" AND "naf_pos" IS NOT NULL`);
  }
}
