import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reporting1795469062302 implements MigrationInterface {
  name = 'Reporting1795469062302';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "observatory_tags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "category" character varying(16) NOT NULL, "key" character varying(80) NOT NULL, "label" character varying(80) NOT NULL, "archived" boolean NOT NULL DEFAULT false, CONSTRAINT "uq_observatory_tags_key" UNIQUE ("tenant_id", "category", "key"), CONSTRAINT "chk_observatory_tags_category" CHECK ("category" IN ('motivation', 'success_factor', 'obstacle')), CONSTRAINT "PK_dcc8dff61b3f3d9450bc590f6c7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "project_observatory" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "motivations" text array NOT NULL DEFAULT '{}', "success_factors" text array NOT NULL DEFAULT '{}', "obstacles" text array NOT NULL DEFAULT '{}', "planned_jobs" integer, "planned_investment_cents" bigint, "planned_import_substitution_cents" bigint, "planned_production_start_on" date, "achieved_jobs" integer, "achieved_investment_cents" bigint, "achieved_import_substitution_cents" bigint, "production_started_on" date, CONSTRAINT "uq_project_observatory_project" UNIQUE ("tenant_id", "project_id"), CONSTRAINT "chk_project_observatory_outcomes" CHECK (COALESCE("planned_jobs", 0) >= 0 AND COALESCE("achieved_jobs", 0) >= 0 AND COALESCE("planned_investment_cents", 0) >= 0 AND COALESCE("achieved_investment_cents", 0) >= 0 AND COALESCE("planned_import_substitution_cents", 0) >= 0 AND COALESCE("achieved_import_substitution_cents", 0) >= 0), CONSTRAINT "PK_ef0c0972738ac134009a34a1e9f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "follow_up_forms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "stage" smallint NOT NULL, "token_hash" character(64) NOT NULL, "due_on" date NOT NULL, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "answered_at" TIMESTAMP(3) WITH TIME ZONE, "answers" jsonb, CONSTRAINT "uq_follow_up_forms_stage" UNIQUE ("tenant_id", "project_id", "stage"), CONSTRAINT "chk_follow_up_forms_stage" CHECK ("stage" IN (6, 12, 24)), CONSTRAINT "PK_9336d5bd41b784f5cb2deeb1618" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_follow_up_forms_token" ON "follow_up_forms"  ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "cohorts" ADD "closed_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "observatory_tags" ADD CONSTRAINT "FK_5df4d9f2bb607b84839a68b4354" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_observatory" ADD CONSTRAINT "FK_b01e130a2d7835423671c1e49e3" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_observatory" ADD CONSTRAINT "fk_project_observatory_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up_forms" ADD CONSTRAINT "FK_aed394c30b0a53876e9acd39de7" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up_forms" ADD CONSTRAINT "fk_follow_up_forms_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "follow_up_forms" DROP CONSTRAINT "fk_follow_up_forms_project"`);
    await queryRunner.query(`ALTER TABLE "follow_up_forms" DROP CONSTRAINT "FK_aed394c30b0a53876e9acd39de7"`);
    await queryRunner.query(`ALTER TABLE "project_observatory" DROP CONSTRAINT "fk_project_observatory_project"`);
    await queryRunner.query(`ALTER TABLE "project_observatory" DROP CONSTRAINT "FK_b01e130a2d7835423671c1e49e3"`);
    await queryRunner.query(`ALTER TABLE "observatory_tags" DROP CONSTRAINT "FK_5df4d9f2bb607b84839a68b4354"`);
    await queryRunner.query(`ALTER TABLE "cohorts" DROP COLUMN "closed_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_follow_up_forms_token"`);
    await queryRunner.query(`DROP TABLE "follow_up_forms"`);
    await queryRunner.query(`DROP TABLE "project_observatory"`);
    await queryRunner.query(`DROP TABLE "observatory_tags"`);
  }
}
