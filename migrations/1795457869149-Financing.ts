import { MigrationInterface, QueryRunner } from 'typeorm';

export class Financing1795457869149 implements MigrationInterface {
  name = 'Financing1795457869149';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "financing_schemes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid, "name" character varying(200) NOT NULL, "funder" character varying(200) NOT NULL, "kind" character varying(24) NOT NULL, "perimeter_scope" character varying(16) NOT NULL, "perimeter_codes" text array NOT NULL DEFAULT '{}', "sizes" text array NOT NULL DEFAULT '{}', "naf_include" text array NOT NULL DEFAULT '{}', "naf_exclude" text array NOT NULL DEFAULT '{}', "min_company_age_years" integer, "stages" text array NOT NULL DEFAULT '{}', "expense_types" text array NOT NULL DEFAULT '{}', "amount_min_cents" bigint, "amount_max_cents" bigint, "max_rate_percent" numeric(5,2), "de_minimis" boolean NOT NULL DEFAULT false, "opens_on" date, "predeposit_on" date, "closes_on" date, "recurrence" character varying(16) NOT NULL DEFAULT 'permanent', "closed_manually" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'open', "source_url" character varying(2048) NOT NULL DEFAULT '', "last_verified_at" date, "description" text NOT NULL DEFAULT '', CONSTRAINT "chk_financing_schemes_status" CHECK ("status" IN ('upcoming', 'open', 'closed')), CONSTRAINT "chk_financing_schemes_recurrence" CHECK ("recurrence" IN ('permanent', 'annual', 'one_off')), CONSTRAINT "chk_financing_schemes_scope" CHECK ("perimeter_scope" IN ('national', 'regions', 'departements')), CONSTRAINT "chk_financing_schemes_kind" CHECK ("kind" IN ('subvention', 'pret', 'avance_remboursable', 'garantie', 'credit_impot', 'fonds_propres', 'accompagnement')), CONSTRAINT "PK_ca1931a94125b6fa2aa7f213b3b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_financing_schemes_tenant" ON "financing_schemes"  ("tenant_id", "name") `);
    await queryRunner.query(`CREATE TABLE "project_financing_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "company_created_on" date, "company_category" character varying(3), "stage" character varying(16), "expense_types" text array NOT NULL DEFAULT '{}', "de_minimis_prior_cents" bigint, "matches_computed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "uq_project_financing_profiles" UNIQUE ("tenant_id", "project_id"), CONSTRAINT "chk_project_financing_profiles_stage" CHECK ("stage" IS NULL OR "stage" IN ('reflexion', 'realisation', 'valorisation')), CONSTRAINT "chk_project_financing_profiles_category" CHECK ("company_category" IS NULL OR "company_category" IN ('PME', 'ETI', 'GE')), CONSTRAINT "PK_03700dd865caa300b3e99c10f57" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "financing_matches" ("project_id" uuid NOT NULL, "scheme_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "eligible" boolean NOT NULL, "score" smallint NOT NULL, "unknown_count" smallint NOT NULL, "computed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_48d71b0af067ed3a514b3116a1c" PRIMARY KEY ("project_id", "scheme_id", "tenant_id"))`);
    await queryRunner.query(`CREATE INDEX "idx_financing_matches_scheme" ON "financing_matches"  ("scheme_id") `);
    await queryRunner.query(`CREATE TABLE "financing_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "lines" jsonb NOT NULL DEFAULT '[]', "note" text NOT NULL DEFAULT '', CONSTRAINT "uq_financing_plans_project" UNIQUE ("tenant_id", "project_id"), CONSTRAINT "PK_26ebb3aa117fc63303765683ee5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_calendar_feeds_user" UNIQUE ("tenant_id", "user_id"), CONSTRAINT "PK_045067d8bb57f971f3c5426ea71" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "financing_schemes" ADD CONSTRAINT "fk_financing_schemes_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_financing_profiles" ADD CONSTRAINT "FK_a1ba3c53284866a0fd5e879239b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_financing_profiles" ADD CONSTRAINT "fk_project_financing_profiles_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "financing_matches" ADD CONSTRAINT "fk_financing_matches_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "financing_matches" ADD CONSTRAINT "fk_financing_matches_scheme" FOREIGN KEY ("scheme_id") REFERENCES "financing_schemes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "financing_plans" ADD CONSTRAINT "FK_d824430b1f89d7591936c89aac5" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "financing_plans" ADD CONSTRAINT "fk_financing_plans_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "fk_calendar_feeds_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "fk_calendar_feeds_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "fk_calendar_feeds_user"`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "fk_calendar_feeds_tenant"`);
    await queryRunner.query(`ALTER TABLE "financing_plans" DROP CONSTRAINT "fk_financing_plans_project"`);
    await queryRunner.query(`ALTER TABLE "financing_plans" DROP CONSTRAINT "FK_d824430b1f89d7591936c89aac5"`);
    await queryRunner.query(`ALTER TABLE "financing_matches" DROP CONSTRAINT "fk_financing_matches_scheme"`);
    await queryRunner.query(`ALTER TABLE "financing_matches" DROP CONSTRAINT "fk_financing_matches_project"`);
    await queryRunner.query(`ALTER TABLE "project_financing_profiles" DROP CONSTRAINT "fk_project_financing_profiles_project"`);
    await queryRunner.query(`ALTER TABLE "project_financing_profiles" DROP CONSTRAINT "FK_a1ba3c53284866a0fd5e879239b"`);
    await queryRunner.query(`ALTER TABLE "financing_schemes" DROP CONSTRAINT "fk_financing_schemes_tenant"`);
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
    await queryRunner.query(`DROP TABLE "financing_plans"`);
    await queryRunner.query(`DROP INDEX "public"."idx_financing_matches_scheme"`);
    await queryRunner.query(`DROP TABLE "financing_matches"`);
    await queryRunner.query(`DROP TABLE "project_financing_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."idx_financing_schemes_tenant"`);
    await queryRunner.query(`DROP TABLE "financing_schemes"`);
  }
}
