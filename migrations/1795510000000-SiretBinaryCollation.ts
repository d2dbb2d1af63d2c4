import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SIRET and SIREN are digit strings: compared byte by byte (COLLATE "C") they sort and match as
 * in any locale, and PostgreSQL's sorts use abbreviated keys and memcmp for them instead of the
 * locale's comparison. The directory's B-tree builds on them (primary key, SIREN, NAF + SIRET) take
 * about half the time, which a first SIRENE load of millions of rows waits for.
 *
 * Every SIRET column joined with the directory changes with it, so that their indexes still serve
 * those joins (an index is used for a comparison in its own collation only).
 *
 * The SIREN index goes: no query reads by SIREN alone, and in the C collation the primary key
 * serves a lookup of a company's establishments as a range (`siret BETWEEN siren || '00000' AND
 * siren || '99999'`). One B-tree less to build at each first load and to update at each re-import.
 */
const COLUMNS: [table: string, column: string, type: string][] = [
  ['suppliers', 'siret', 'character(14)'],
  ['suppliers', 'siren', 'character(9)'],
  ['supplier_annotations', 'siret', 'character(14)'],
  ['sourcing_candidates', 'siret', 'character(14)'],
  ['buyers', 'siret', 'character(14)'],
];

export class SiretBinaryCollation1795510000000 implements MigrationInterface {
  name = 'SiretBinaryCollation1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The foreign key from the annotations to the directory is dropped while both sides change.
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_siren"`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" DROP CONSTRAINT "fk_supplier_annotations_supplier"`);
    for (const [table, column, type] of COLUMNS) await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE ${type} COLLATE "C"`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" ADD CONSTRAINT "fk_supplier_annotations_supplier" FOREIGN KEY ("siret") REFERENCES "suppliers"("siret") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supplier_annotations" DROP CONSTRAINT "fk_supplier_annotations_supplier"`);
    for (const [table, column, type] of COLUMNS) await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE ${type} COLLATE "default"`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" ADD CONSTRAINT "fk_supplier_annotations_supplier" FOREIGN KEY ("siret") REFERENCES "suppliers"("siret") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "idx_suppliers_siren" ON "suppliers" ("siren") `);
  }
}
