import { MigrationInterface, QueryRunner } from 'typeorm';

export class Experts1795457859494 implements MigrationInterface {
  name = 'Experts1795457859494';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "expert_organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(16) NOT NULL, "commune_code" character varying(5), "website" character varying(2048), CONSTRAINT "chk_expert_organisations_kind" CHECK ("kind" IN ('cci', 'consulting', 'school', 'other')), CONSTRAINT "PK_6536c387ba55aa03029a0dbc171" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_expert_organisations_tenant_name" ON "expert_organisations"  ("tenant_id", "name") `);
    await queryRunner.query(`CREATE TABLE "expertise_tags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "key" character varying(80) NOT NULL, "label" character varying(60) NOT NULL, CONSTRAINT "PK_bf2be92425c7dd75615ac42d9b2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_expertise_tags_tenant_key" ON "expertise_tags"  ("tenant_id", "key") `);
    await queryRunner.query(`CREATE TABLE "expert_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "organisation_id" uuid, "tags" jsonb NOT NULL DEFAULT '[]', "naf_divisions" jsonb NOT NULL DEFAULT '[]', "home_commune_code" character varying(5), "capacity_hours_per_month" integer NOT NULL DEFAULT '0', "languages" jsonb NOT NULL DEFAULT '[]', "bio" text NOT NULL DEFAULT '', CONSTRAINT "chk_expert_profiles_capacity" CHECK ("capacity_hours_per_month" >= 0 AND "capacity_hours_per_month" <= 400), CONSTRAINT "PK_eaea6cc660ab80e349dc43400be" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_expert_profiles_organisation" ON "expert_profiles"  ("tenant_id", "organisation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_expert_profiles_tenant_user" ON "expert_profiles"  ("tenant_id", "user_id") `);
    await queryRunner.query(`CREATE TABLE "academic_teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "school_organisation_id" uuid, "title" character varying(200) NOT NULL, "due_date" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'planned', "document_url" character varying(2048), "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "assessment" text, "grade" numeric(4,2), "assessed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "chk_academic_teams_grade" CHECK ("grade" IS NULL OR ("grade" >= 0 AND "grade" <= 20)), CONSTRAINT "chk_academic_teams_status" CHECK ("status" IN ('planned', 'in_progress', 'submitted', 'assessed')), CONSTRAINT "PK_8eecc25bc6ff4b4b30a04f7a481" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_academic_teams_project" ON "academic_teams"  ("tenant_id", "project_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "academic_team_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "team_id" uuid NOT NULL, "user_id" uuid, "name" character varying(160) NOT NULL, "role" character varying(16) NOT NULL, CONSTRAINT "chk_academic_team_members_role" CHECK ("role" IN ('teacher', 'student')), CONSTRAINT "PK_4e854345ff420936e5ba9c4884e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_academic_team_members_user" ON "academic_team_members"  ("tenant_id", "team_id", "user_id") WHERE "user_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_academic_team_members_team" ON "academic_team_members"  ("tenant_id", "team_id") `);
    await queryRunner.query(`CREATE TABLE "trainings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "cohort_id" uuid NOT NULL, "topic" character varying(200) NOT NULL, "trainer_name" character varying(160) NOT NULL, "trainer_user_id" uuid, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "duration_minutes" integer NOT NULL, "mode" character varying(8) NOT NULL, "location" character varying(300) NOT NULL, "capacity" integer NOT NULL, CONSTRAINT "chk_trainings_duration" CHECK ("duration_minutes" > 0), CONSTRAINT "chk_trainings_capacity" CHECK ("capacity" > 0), CONSTRAINT "chk_trainings_mode" CHECK ("mode" IN ('onsite', 'online')), CONSTRAINT "PK_b67237502b175163e47dc85018d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_trainings_cohort_created" ON "trainings"  ("tenant_id", "cohort_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "training_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "training_id" uuid NOT NULL, "project_id" uuid NOT NULL, CONSTRAINT "PK_b031b7b69922aee9a778a839ed1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_training_invitations_project" ON "training_invitations"  ("tenant_id", "project_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_training_invitations" ON "training_invitations"  ("tenant_id", "training_id", "project_id") `);
    await queryRunner.query(`CREATE TABLE "training_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "training_id" uuid NOT NULL, "project_id" uuid NOT NULL, "user_id" uuid, "name" character varying(160) NOT NULL, "registered_by_user_id" uuid NOT NULL, "attended" boolean, "attendance_recorded_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_58764f3b673fec58dab004b4d42" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_training_registrations_user" ON "training_registrations"  ("tenant_id", "training_id", "user_id") WHERE "user_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_training_registrations_project" ON "training_registrations"  ("tenant_id", "project_id") `);
    await queryRunner.query(`CREATE INDEX "idx_training_registrations_training" ON "training_registrations"  ("tenant_id", "training_id") `);
    await queryRunner.query(`ALTER TABLE "expert_organisations" ADD CONSTRAINT "FK_204c1df74e8f53ab60b0a1e74bc" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "expertise_tags" ADD CONSTRAINT "FK_a142d74f073d7e46bb5dff3f183" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" ADD CONSTRAINT "FK_45c6f1c2061ef33163a1aec3b42" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" ADD CONSTRAINT "fk_expert_profiles_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" ADD CONSTRAINT "fk_expert_profiles_organisation" FOREIGN KEY ("organisation_id") REFERENCES "expert_organisations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "academic_teams" ADD CONSTRAINT "FK_858aa77418afd46eb8a9ebda369" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "academic_teams" ADD CONSTRAINT "fk_academic_teams_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "academic_teams" ADD CONSTRAINT "fk_academic_teams_school" FOREIGN KEY ("school_organisation_id") REFERENCES "expert_organisations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "academic_team_members" ADD CONSTRAINT "FK_99e23589c7c1079c778e5583bfd" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "academic_team_members" ADD CONSTRAINT "fk_academic_team_members_team" FOREIGN KEY ("team_id") REFERENCES "academic_teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "academic_team_members" ADD CONSTRAINT "fk_academic_team_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "trainings" ADD CONSTRAINT "FK_03534838c8b2a401abe3611016a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "trainings" ADD CONSTRAINT "fk_trainings_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "trainings" ADD CONSTRAINT "fk_trainings_trainer" FOREIGN KEY ("trainer_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_invitations" ADD CONSTRAINT "FK_31481e3cab4bc13f299246c520c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_invitations" ADD CONSTRAINT "fk_training_invitations_training" FOREIGN KEY ("training_id") REFERENCES "trainings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_invitations" ADD CONSTRAINT "fk_training_invitations_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_registrations" ADD CONSTRAINT "FK_67fd1a5522c7e316026a18a522c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_registrations" ADD CONSTRAINT "fk_training_registrations_training" FOREIGN KEY ("training_id") REFERENCES "trainings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_registrations" ADD CONSTRAINT "fk_training_registrations_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_registrations" ADD CONSTRAINT "fk_training_registrations_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "training_registrations" DROP CONSTRAINT "fk_training_registrations_user"`);
    await queryRunner.query(`ALTER TABLE "training_registrations" DROP CONSTRAINT "fk_training_registrations_project"`);
    await queryRunner.query(`ALTER TABLE "training_registrations" DROP CONSTRAINT "fk_training_registrations_training"`);
    await queryRunner.query(`ALTER TABLE "training_registrations" DROP CONSTRAINT "FK_67fd1a5522c7e316026a18a522c"`);
    await queryRunner.query(`ALTER TABLE "training_invitations" DROP CONSTRAINT "fk_training_invitations_project"`);
    await queryRunner.query(`ALTER TABLE "training_invitations" DROP CONSTRAINT "fk_training_invitations_training"`);
    await queryRunner.query(`ALTER TABLE "training_invitations" DROP CONSTRAINT "FK_31481e3cab4bc13f299246c520c"`);
    await queryRunner.query(`ALTER TABLE "trainings" DROP CONSTRAINT "fk_trainings_trainer"`);
    await queryRunner.query(`ALTER TABLE "trainings" DROP CONSTRAINT "fk_trainings_cohort"`);
    await queryRunner.query(`ALTER TABLE "trainings" DROP CONSTRAINT "FK_03534838c8b2a401abe3611016a"`);
    await queryRunner.query(`ALTER TABLE "academic_team_members" DROP CONSTRAINT "fk_academic_team_members_user"`);
    await queryRunner.query(`ALTER TABLE "academic_team_members" DROP CONSTRAINT "fk_academic_team_members_team"`);
    await queryRunner.query(`ALTER TABLE "academic_team_members" DROP CONSTRAINT "FK_99e23589c7c1079c778e5583bfd"`);
    await queryRunner.query(`ALTER TABLE "academic_teams" DROP CONSTRAINT "fk_academic_teams_school"`);
    await queryRunner.query(`ALTER TABLE "academic_teams" DROP CONSTRAINT "fk_academic_teams_project"`);
    await queryRunner.query(`ALTER TABLE "academic_teams" DROP CONSTRAINT "FK_858aa77418afd46eb8a9ebda369"`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" DROP CONSTRAINT "fk_expert_profiles_organisation"`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" DROP CONSTRAINT "fk_expert_profiles_user"`);
    await queryRunner.query(`ALTER TABLE "expert_profiles" DROP CONSTRAINT "FK_45c6f1c2061ef33163a1aec3b42"`);
    await queryRunner.query(`ALTER TABLE "expertise_tags" DROP CONSTRAINT "FK_a142d74f073d7e46bb5dff3f183"`);
    await queryRunner.query(`ALTER TABLE "expert_organisations" DROP CONSTRAINT "FK_204c1df74e8f53ab60b0a1e74bc"`);
    await queryRunner.query(`DROP INDEX "public"."idx_training_registrations_training"`);
    await queryRunner.query(`DROP INDEX "public"."idx_training_registrations_project"`);
    await queryRunner.query(`DROP INDEX "public"."uq_training_registrations_user"`);
    await queryRunner.query(`DROP TABLE "training_registrations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_training_invitations"`);
    await queryRunner.query(`DROP INDEX "public"."idx_training_invitations_project"`);
    await queryRunner.query(`DROP TABLE "training_invitations"`);
    await queryRunner.query(`DROP INDEX "public"."idx_trainings_cohort_created"`);
    await queryRunner.query(`DROP TABLE "trainings"`);
    await queryRunner.query(`DROP INDEX "public"."idx_academic_team_members_team"`);
    await queryRunner.query(`DROP INDEX "public"."uq_academic_team_members_user"`);
    await queryRunner.query(`DROP TABLE "academic_team_members"`);
    await queryRunner.query(`DROP INDEX "public"."idx_academic_teams_project"`);
    await queryRunner.query(`DROP TABLE "academic_teams"`);
    await queryRunner.query(`DROP INDEX "public"."uq_expert_profiles_tenant_user"`);
    await queryRunner.query(`DROP INDEX "public"."idx_expert_profiles_organisation"`);
    await queryRunner.query(`DROP TABLE "expert_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."uq_expertise_tags_tenant_key"`);
    await queryRunner.query(`DROP TABLE "expertise_tags"`);
    await queryRunner.query(`DROP INDEX "public"."uq_expert_organisations_tenant_name"`);
    await queryRunner.query(`DROP TABLE "expert_organisations"`);
  }
}
