import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatched runs not finished yet, oldest update first: what `RunReconciler` reads each minute.
 * Only in-flight runs have an entry (a run gets it when relayed and loses it when finished).
 */
export class JobRunsOpenIndex1795490000000 implements MigrationInterface {
  name = 'JobRunsOpenIndex1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_job_runs_open" ON "job_runs" ("updated_at", "id") WHERE "finished_at" IS NULL AND "dispatched_at" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_job_runs_open"`);
  }
}
