import { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkerPlatform1795452397556 implements MigrationInterface {
  name = 'WorkerPlatform1795452397556';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid, "email" character varying(254) NOT NULL, "type" character varying(32) NOT NULL, "title" character varying(300) NOT NULL, "body" text NOT NULL, "link" character varying(2048), "data" jsonb NOT NULL DEFAULT '{}', "read_at" TIMESTAMP(3) WITH TIME ZONE, "email_status" character varying(16) NOT NULL DEFAULT 'pending', "emailed_at" TIMESTAMP(3) WITH TIME ZONE, "dedup_key" character varying(200), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_notifications_email_status" CHECK ("email_status" IN ('pending', 'sent', 'skipped', 'failed')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_dedup" ON "notifications"  ("tenant_id", "dedup_key") WHERE "dedup_key" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_notifications_user" ON "notifications"  ("tenant_id", "user_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "notification_preferences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "email" boolean NOT NULL, CONSTRAINT "PK_e94e2b543f2f218ee68e4f4fad2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_preferences" ON "notification_preferences"  ("tenant_id", "user_id", "type") `);
    await queryRunner.query(`CREATE TABLE "job_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid, "name" character varying(64) NOT NULL, "queue" character varying(32) NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" integer NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL, "error" text, "result" jsonb, "dedup_key" character varying(200), "created_by_user_id" uuid, "dispatched_at" TIMESTAMP(3) WITH TIME ZONE, "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_job_runs_progress" CHECK ("progress" BETWEEN 0 AND 100), CONSTRAINT "chk_job_runs_status" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed')), CONSTRAINT "PK_4d0012c04fcfc287550b76be7e9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_job_runs_tenant_created" ON "job_runs"  ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_job_runs_dedup_open" ON "job_runs"  ("dedup_key") WHERE "dedup_key" IS NOT NULL AND "finished_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "idx_job_runs_undispatched" ON "job_runs"  ("created_at") WHERE "dispatched_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "fk_notification_preferences_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "fk_notification_preferences_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Wakes the outbox relay when a job request commits (NOTIFY is delivered at commit).
    await queryRunner.query(`CREATE FUNCTION job_runs_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('job_outbox', ''); RETURN NULL; END $$`);
    await queryRunner.query(`CREATE TRIGGER job_runs_outbox_notify AFTER INSERT ON job_runs FOR EACH STATEMENT EXECUTE FUNCTION job_runs_notify()`);
    await queryRunner.query(`ALTER TABLE "job_runs" ADD CONSTRAINT "fk_job_runs_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER job_runs_outbox_notify ON job_runs`);
    await queryRunner.query(`DROP FUNCTION job_runs_notify()`);
    await queryRunner.query(`ALTER TABLE "job_runs" DROP CONSTRAINT "fk_job_runs_tenant"`);
    await queryRunner.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "fk_notification_preferences_user"`);
    await queryRunner.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "fk_notification_preferences_tenant"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."idx_job_runs_undispatched"`);
    await queryRunner.query(`DROP INDEX "public"."uq_job_runs_dedup_open"`);
    await queryRunner.query(`DROP INDEX "public"."idx_job_runs_tenant_created"`);
    await queryRunner.query(`DROP TABLE "job_runs"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_preferences"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_dedup"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
