import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `suppliers.pos` (the planar point of `lat`/`lon`, see libs/sourcing/src/geo-index.ts) becomes a
 * stored generated column as `naf_pos` did (NafPosGenerated): a SIRENE import writes `lat` and
 * `lon` only, and the backend that takes the COPY computes both planar points. As a generated
 * column cannot read another one, `naf_pos` is now computed from `lat` and `lon` as well: the same
 * doubles as before (`lon × k + tile × 100000` is what `pos + point(tile × 100000, 0)` added).
 *
 * Their expressions are kept in `typeorm_metadata` as TypeORM keeps them (see NafPosGenerated).
 */
const POS = 'point((lon) * 76.6276313662287, (lat) * 110.574)';
const NAF_POS =
  "CASE WHEN naf_code ~ '^[0-9]{2}[.][0-9]{2}[A-Z]$' THEN point((lon) * 76.6276313662287 + ((substr(naf_code, 1, 2) || substr(naf_code, 4, 2))::integer * 26 + ascii(substr(naf_code, 6, 1)) - 65)::double precision * 100000, (lat) * 110.574) END";
/** NafPosGenerated's `naf_pos`, from `pos`. */
const NAF_POS_FROM_POS =
  "CASE WHEN naf_code ~ '^[0-9]{2}[.][0-9]{2}[A-Z]$' THEN pos + point(((substr(naf_code, 1, 2) || substr(naf_code, 4, 2))::integer * 26 + ascii(substr(naf_code, 6, 1)) - 65)::double precision * 100000, 0) END";

const INDEXES = [
  `CREATE INDEX "idx_suppliers_pos" ON "suppliers" USING gist ("pos") WHERE "active" AND "pos" IS NOT NULL`,
  `CREATE INDEX "idx_suppliers_naf_tile" ON "suppliers" USING gist ("naf_pos") WHERE "active" AND "naf_pos" IS NOT NULL`,
];

async function generated(queryRunner: QueryRunner, expressions: [column: string, sql: string][]): Promise<void> {
  await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'suppliers' AND "name" IN ('pos', 'naf_pos')`);
  for (const [column, sql] of expressions) {
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'suppliers', 'GENERATED_COLUMN', $1, $2)`,
      [column, sql],
    );
  }
}

export class PosGenerated1795530000000 implements MigrationInterface {
  name = 'PosGenerated1795530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_naf_tile"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_pos"`);
    await queryRunner.query(`ALTER TABLE "suppliers" DROP COLUMN "naf_pos", DROP COLUMN "pos"`);
    await queryRunner.query(`ALTER TABLE "suppliers" ADD "pos" point GENERATED ALWAYS AS (${POS}) STORED, ADD "naf_pos" point GENERATED ALWAYS AS (${NAF_POS}) STORED`);
    await generated(queryRunner, [['pos', POS], ['naf_pos', NAF_POS]]);
    for (const ddl of INDEXES) await queryRunner.query(ddl);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_naf_tile"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_pos"`);
    await queryRunner.query(`ALTER TABLE "suppliers" DROP COLUMN "naf_pos", DROP COLUMN "pos"`);
    await queryRunner.query(`ALTER TABLE "suppliers" ADD "pos" point`);
    await queryRunner.query(`UPDATE "suppliers" SET "pos" = ${POS}`);
    await queryRunner.query(`ALTER TABLE "suppliers" ADD "naf_pos" point GENERATED ALWAYS AS (${NAF_POS_FROM_POS}) STORED`);
    await generated(queryRunner, [['naf_pos', NAF_POS_FROM_POS]]);
    for (const ddl of INDEXES) await queryRunner.query(ddl);
  }
}
