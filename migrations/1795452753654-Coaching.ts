import { MigrationInterface, QueryRunner } from 'typeorm';

export class Coaching1795452753654 implements MigrationInterface {
  name = 'Coaching1795452753654';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "coaching_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "author_user_id" uuid NOT NULL, "date" date NOT NULL, "duration_minutes" integer NOT NULL, "mode" character varying(8) NOT NULL, "topics" jsonb NOT NULL DEFAULT '[]', "notes" text NOT NULL DEFAULT '', "private_notes" text, "next_steps" jsonb NOT NULL DEFAULT '[]', "attendees" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "chk_coaching_sessions_duration" CHECK ("duration_minutes" > 0 AND "duration_minutes" <= 1440), CONSTRAINT "chk_coaching_sessions_mode" CHECK ("mode" IN ('onsite', 'remote', 'phone')), CONSTRAINT "PK_07f10cfa70c0d8ae79f65b94cd8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_coaching_sessions_author" ON "coaching_sessions"  ("tenant_id", "author_user_id") `);
    await queryRunner.query(`CREATE INDEX "idx_coaching_sessions_project_created" ON "coaching_sessions"  ("tenant_id", "project_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "coaching_topics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "key" character varying(80) NOT NULL, "label" character varying(60) NOT NULL, "use_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_af294b69abf3f33106c018a7f3d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coaching_topics_tenant_key" ON "coaching_topics"  ("tenant_id", "key") `);
    await queryRunner.query(`CREATE TABLE "workshops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "cohort_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "location" character varying(300) NOT NULL, "criteria" jsonb NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'open', "closed_at" TIMESTAMP(3) WITH TIME ZONE, "closed_by_user_id" uuid, CONSTRAINT "chk_workshops_dates" CHECK ("ends_at" > "starts_at"), CONSTRAINT "chk_workshops_status" CHECK ("status" IN ('open', 'closed')), CONSTRAINT "PK_6d0e82a124f5b53df91c8989848" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_workshops_cohort_created" ON "workshops"  ("tenant_id", "cohort_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "workshop_projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "workshop_id" uuid NOT NULL, "project_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_75aa56ad3bc220d3e482028c5cb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_workshop_projects_project" ON "workshop_projects"  ("tenant_id", "project_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_workshop_projects" ON "workshop_projects"  ("tenant_id", "workshop_id", "project_id") `);
    await queryRunner.query(`CREATE TABLE "workshop_partners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "workshop_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_16aea1c537dddc0fa8b6a75e72a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_workshop_partners_user" ON "workshop_partners"  ("tenant_id", "user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_workshop_partners" ON "workshop_partners"  ("tenant_id", "workshop_id", "user_id") `);
    await queryRunner.query(`CREATE TABLE "workshop_evaluations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "workshop_id" uuid NOT NULL, "project_id" uuid NOT NULL, "partner_user_id" uuid NOT NULL, "scores" jsonb NOT NULL, "comment" text, CONSTRAINT "PK_c5abbf8a4268545ce6e8e382934" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_workshop_evaluations_project" ON "workshop_evaluations"  ("tenant_id", "project_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_workshop_evaluations" ON "workshop_evaluations"  ("tenant_id", "workshop_id", "project_id", "partner_user_id") `);
    await queryRunner.query(`CREATE TABLE "workshop_awards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "workshop_id" uuid NOT NULL, "project_id" uuid NOT NULL, "prize" character varying(200) NOT NULL, "awarded_by" character varying(200) NOT NULL, "recorded_by_user_id" uuid NOT NULL, CONSTRAINT "PK_f199defcd418e5b2a746140f0a3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_workshop_awards_project" ON "workshop_awards"  ("tenant_id", "project_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_workshop_awards" ON "workshop_awards"  ("tenant_id", "workshop_id", "project_id", "prize") `);
    await queryRunner.query(`ALTER TABLE "cohorts" ADD "coaching_hours_per_project" integer`);
    await queryRunner.query(`ALTER TABLE "cohorts" ADD CONSTRAINT "chk_cohorts_coaching_hours" CHECK ("coaching_hours_per_project" IS NULL OR "coaching_hours_per_project" >= 0)`);
    await queryRunner.query(`ALTER TABLE "coaching_sessions" ADD CONSTRAINT "FK_8201d31932c9be77d0bafb34879" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coaching_sessions" ADD CONSTRAINT "fk_coaching_sessions_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coaching_sessions" ADD CONSTRAINT "fk_coaching_sessions_author" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coaching_topics" ADD CONSTRAINT "FK_5762ef67376cbc0a33c8849a449" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshops" ADD CONSTRAINT "FK_f307f33b0b05cb5df03a602633c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshops" ADD CONSTRAINT "fk_workshops_cohort" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_projects" ADD CONSTRAINT "FK_e58a32af202c278059ffa44b857" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_projects" ADD CONSTRAINT "fk_workshop_projects_workshop" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_projects" ADD CONSTRAINT "fk_workshop_projects_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_partners" ADD CONSTRAINT "FK_b01fb498f933a9b05d160ba7f7a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_partners" ADD CONSTRAINT "fk_workshop_partners_workshop" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_partners" ADD CONSTRAINT "fk_workshop_partners_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" ADD CONSTRAINT "FK_b18365357ec46c593bf721efdb2" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" ADD CONSTRAINT "fk_workshop_evaluations_workshop" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" ADD CONSTRAINT "fk_workshop_evaluations_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" ADD CONSTRAINT "fk_workshop_evaluations_partner" FOREIGN KEY ("partner_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" ADD CONSTRAINT "FK_c411dd942101a29634114659eeb" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" ADD CONSTRAINT "fk_workshop_awards_workshop" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" ADD CONSTRAINT "fk_workshop_awards_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" ADD CONSTRAINT "fk_workshop_awards_recorded_by" FOREIGN KEY ("recorded_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workshop_awards" DROP CONSTRAINT "fk_workshop_awards_recorded_by"`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" DROP CONSTRAINT "fk_workshop_awards_project"`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" DROP CONSTRAINT "fk_workshop_awards_workshop"`);
    await queryRunner.query(`ALTER TABLE "workshop_awards" DROP CONSTRAINT "FK_c411dd942101a29634114659eeb"`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" DROP CONSTRAINT "fk_workshop_evaluations_partner"`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" DROP CONSTRAINT "fk_workshop_evaluations_project"`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" DROP CONSTRAINT "fk_workshop_evaluations_workshop"`);
    await queryRunner.query(`ALTER TABLE "workshop_evaluations" DROP CONSTRAINT "FK_b18365357ec46c593bf721efdb2"`);
    await queryRunner.query(`ALTER TABLE "workshop_partners" DROP CONSTRAINT "fk_workshop_partners_user"`);
    await queryRunner.query(`ALTER TABLE "workshop_partners" DROP CONSTRAINT "fk_workshop_partners_workshop"`);
    await queryRunner.query(`ALTER TABLE "workshop_partners" DROP CONSTRAINT "FK_b01fb498f933a9b05d160ba7f7a"`);
    await queryRunner.query(`ALTER TABLE "workshop_projects" DROP CONSTRAINT "fk_workshop_projects_project"`);
    await queryRunner.query(`ALTER TABLE "workshop_projects" DROP CONSTRAINT "fk_workshop_projects_workshop"`);
    await queryRunner.query(`ALTER TABLE "workshop_projects" DROP CONSTRAINT "FK_e58a32af202c278059ffa44b857"`);
    await queryRunner.query(`ALTER TABLE "workshops" DROP CONSTRAINT "fk_workshops_cohort"`);
    await queryRunner.query(`ALTER TABLE "workshops" DROP CONSTRAINT "FK_f307f33b0b05cb5df03a602633c"`);
    await queryRunner.query(`ALTER TABLE "coaching_topics" DROP CONSTRAINT "FK_5762ef67376cbc0a33c8849a449"`);
    await queryRunner.query(`ALTER TABLE "coaching_sessions" DROP CONSTRAINT "fk_coaching_sessions_author"`);
    await queryRunner.query(`ALTER TABLE "coaching_sessions" DROP CONSTRAINT "fk_coaching_sessions_project"`);
    await queryRunner.query(`ALTER TABLE "coaching_sessions" DROP CONSTRAINT "FK_8201d31932c9be77d0bafb34879"`);
    await queryRunner.query(`ALTER TABLE "cohorts" DROP CONSTRAINT "chk_cohorts_coaching_hours"`);
    await queryRunner.query(`ALTER TABLE "cohorts" DROP COLUMN "coaching_hours_per_project"`);
    await queryRunner.query(`DROP INDEX "public"."uq_workshop_awards"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workshop_awards_project"`);
    await queryRunner.query(`DROP TABLE "workshop_awards"`);
    await queryRunner.query(`DROP INDEX "public"."uq_workshop_evaluations"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workshop_evaluations_project"`);
    await queryRunner.query(`DROP TABLE "workshop_evaluations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_workshop_partners"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workshop_partners_user"`);
    await queryRunner.query(`DROP TABLE "workshop_partners"`);
    await queryRunner.query(`DROP INDEX "public"."uq_workshop_projects"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workshop_projects_project"`);
    await queryRunner.query(`DROP TABLE "workshop_projects"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workshops_cohort_created"`);
    await queryRunner.query(`DROP TABLE "workshops"`);
    await queryRunner.query(`DROP INDEX "public"."uq_coaching_topics_tenant_key"`);
    await queryRunner.query(`DROP TABLE "coaching_topics"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coaching_sessions_project_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coaching_sessions_author"`);
    await queryRunner.query(`DROP TABLE "coaching_sessions"`);
  }
}
