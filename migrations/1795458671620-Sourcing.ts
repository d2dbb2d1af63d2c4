import { MigrationInterface, QueryRunner } from 'typeorm';

export class Sourcing1795458671620 implements MigrationInterface {
  name = 'Sourcing1795458671620';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Trigram text search and accent folding.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE TABLE "suppliers" ("siret" character(14) NOT NULL, "siren" character(9) NOT NULL, "name" character varying(250), "enseigne" character varying(250), "naf_nomenclature" character varying(8), "naf_code" character varying(6) COLLATE "C", "commune_code" character varying(5), "departement_code" character varying(3), "region_code" character varying(3), "epci_code" character varying(9), "postal_code" character varying(5), "size_band" character varying(2), "company_category" character varying(3), "head_office" boolean NOT NULL DEFAULT false, "employer" boolean, "created_on" date, "active" boolean NOT NULL DEFAULT true, "partial" boolean NOT NULL DEFAULT false, "lat" double precision, "lon" double precision, "geo_precision" character varying(10), "pos" point, "naf_pos" point, "search_text" text NOT NULL DEFAULT '', "last_import_id" uuid, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bda1c369fd9a866d41679e96034" PRIMARY KEY ("siret"))`);
    await queryRunner.query(`CREATE INDEX "idx_suppliers_siren" ON "suppliers"  ("siren") `);
    // Hand-written (synchronize: false in the entity): index kinds TypeORM cannot describe.
    await queryRunner.query(`CREATE INDEX "idx_suppliers_naf_tile" ON "suppliers" USING gist ("naf_pos") WHERE "active" AND "naf_pos" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_suppliers_pos" ON "suppliers" USING gist ("pos") WHERE "active" AND "pos" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_suppliers_search_trgm" ON "suppliers" USING gin ("search_text" gin_trgm_ops) WHERE "active"`);
    await queryRunner.query(`CREATE INDEX "idx_suppliers_naf" ON "suppliers" ("naf_code", "siret") WHERE "active"`);
    await queryRunner.query(`CREATE TABLE "supplier_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid, "created_by_user_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" integer NOT NULL DEFAULT '0', "files" jsonb NOT NULL DEFAULT '{}', "rows_read" integer NOT NULL DEFAULT '0', "rows_kept" integer NOT NULL DEFAULT '0', "rows_closed" integer NOT NULL DEFAULT '0', "rows_rejected" integer NOT NULL DEFAULT '0', "rejected_samples" jsonb NOT NULL DEFAULT '[]', "error" text, "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_supplier_imports_status" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed')), CONSTRAINT "PK_7ab1d0ec3e2ce5a5d3f7ba99e10" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_supplier_imports_created" ON "supplier_imports"  ("created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "supplier_annotations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "siret" character(14) NOT NULL, "capabilities" jsonb NOT NULL DEFAULT '[]', "certifications" jsonb NOT NULL DEFAULT '[]', "notes" text NOT NULL DEFAULT '', "contact_name" character varying(200), "contact_email" character varying(200), "contact_phone" character varying(40), "updated_by_user_id" uuid, CONSTRAINT "PK_64972251ab54855c602649467b0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supplier_annotations_tenant_siret" ON "supplier_annotations"  ("tenant_id", "siret") `);
    await queryRunner.query(`CREATE TABLE "sourcing_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "direction" character varying(16) NOT NULL, "label" character varying(200) NOT NULL, "naf_codes" jsonb NOT NULL DEFAULT '[]', "keywords" jsonb NOT NULL DEFAULT '[]', "radius_km" integer NOT NULL, "size_bands" jsonb NOT NULL DEFAULT '[]', "status" character varying(16) NOT NULL DEFAULT 'queued', "progress" integer NOT NULL DEFAULT '0', "candidate_count" integer NOT NULL DEFAULT '0', "error" text, "job_run_id" uuid, "created_by_user_id" uuid NOT NULL, "computed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "chk_sourcing_requests_status" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed')), CONSTRAINT "chk_sourcing_requests_direction" CHECK ("direction" IN ('upstream', 'downstream')), CONSTRAINT "PK_cae1759532a4276a92b65ba96b5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_sourcing_requests_project_created" ON "sourcing_requests"  ("tenant_id", "project_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "sourcing_candidates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "request_id" uuid NOT NULL, "project_id" uuid NOT NULL, "siret" character(14) NOT NULL, "name" character varying(250) NOT NULL, "naf_code" character varying(6), "commune_code" character varying(5), "buyer_id" uuid, "rank" integer NOT NULL, "score" integer NOT NULL, "reasons" jsonb NOT NULL DEFAULT '[]', "distance_km" double precision, "status" character varying(16) NOT NULL DEFAULT 'new', "note" text NOT NULL DEFAULT '', "status_changed_by_user_id" uuid, "status_changed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "chk_sourcing_candidates_status" CHECK ("status" IN ('new', 'shortlisted', 'contacted', 'interested', 'declined', 'qualified')), CONSTRAINT "PK_7b618a301ed26fc343a4ea8a362" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_sourcing_candidates_request_rank" ON "sourcing_candidates"  ("tenant_id", "request_id", "rank") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sourcing_candidates_request_siret" ON "sourcing_candidates"  ("tenant_id", "request_id", "siret") `);
    await queryRunner.query(`CREATE TABLE "buyers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "siret" character(14) NOT NULL, "name" character varying(200) NOT NULL, "naf_code" character varying(6), "commune_code" character varying(5) NOT NULL, "notes" text NOT NULL DEFAULT '', CONSTRAINT "PK_aff372821d05bac04a18ff8eb87" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_buyers_tenant_created" ON "buyers"  ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_buyers_tenant_siret" ON "buyers"  ("tenant_id", "siret") `);
    await queryRunner.query(`CREATE TABLE "buyer_purchase_categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "buyer_id" uuid NOT NULL, "naf_code" character varying(6), "label" character varying(200) NOT NULL, "annual_volume_cents" bigint, CONSTRAINT "PK_579773f6b4c73ad68204a7df586" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_buyer_purchase_categories_naf" ON "buyer_purchase_categories"  ("tenant_id", "naf_code") `);
    await queryRunner.query(`CREATE INDEX "idx_buyer_purchase_categories_buyer" ON "buyer_purchase_categories"  ("tenant_id", "buyer_id") `);
    await queryRunner.query(`CREATE TABLE "purchase_ledger_analyses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "buyer_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "result" jsonb NOT NULL, "created_by_user_id" uuid NOT NULL, CONSTRAINT "PK_7da59febcd96d38118e829010bd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_purchase_ledger_analyses_buyer" ON "purchase_ledger_analyses"  ("tenant_id", "buyer_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "supplier_imports" ADD CONSTRAINT "fk_supplier_imports_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" ADD CONSTRAINT "FK_47e63a5b743990c9997bd37a036" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" ADD CONSTRAINT "fk_supplier_annotations_supplier" FOREIGN KEY ("siret") REFERENCES "suppliers"("siret") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sourcing_requests" ADD CONSTRAINT "FK_20798f185330451e9bfbf678b36" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sourcing_requests" ADD CONSTRAINT "fk_sourcing_requests_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sourcing_candidates" ADD CONSTRAINT "FK_5c760c1d360e55186f8ce0489d5" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sourcing_candidates" ADD CONSTRAINT "fk_sourcing_candidates_request" FOREIGN KEY ("request_id") REFERENCES "sourcing_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "buyers" ADD CONSTRAINT "FK_4896d6238fdc4fcb147b10def35" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "buyer_purchase_categories" ADD CONSTRAINT "FK_71a312a766470cbe9bdb2de70dd" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "buyer_purchase_categories" ADD CONSTRAINT "fk_buyer_purchase_categories_buyer" FOREIGN KEY ("buyer_id") REFERENCES "buyers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "purchase_ledger_analyses" ADD CONSTRAINT "FK_7992b7a8d4c3a2524a94c9688fa" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "purchase_ledger_analyses" ADD CONSTRAINT "fk_purchase_ledger_analyses_buyer" FOREIGN KEY ("buyer_id") REFERENCES "buyers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "purchase_ledger_analyses" DROP CONSTRAINT "fk_purchase_ledger_analyses_buyer"`);
    await queryRunner.query(`ALTER TABLE "purchase_ledger_analyses" DROP CONSTRAINT "FK_7992b7a8d4c3a2524a94c9688fa"`);
    await queryRunner.query(`ALTER TABLE "buyer_purchase_categories" DROP CONSTRAINT "fk_buyer_purchase_categories_buyer"`);
    await queryRunner.query(`ALTER TABLE "buyer_purchase_categories" DROP CONSTRAINT "FK_71a312a766470cbe9bdb2de70dd"`);
    await queryRunner.query(`ALTER TABLE "buyers" DROP CONSTRAINT "FK_4896d6238fdc4fcb147b10def35"`);
    await queryRunner.query(`ALTER TABLE "sourcing_candidates" DROP CONSTRAINT "fk_sourcing_candidates_request"`);
    await queryRunner.query(`ALTER TABLE "sourcing_candidates" DROP CONSTRAINT "FK_5c760c1d360e55186f8ce0489d5"`);
    await queryRunner.query(`ALTER TABLE "sourcing_requests" DROP CONSTRAINT "fk_sourcing_requests_project"`);
    await queryRunner.query(`ALTER TABLE "sourcing_requests" DROP CONSTRAINT "FK_20798f185330451e9bfbf678b36"`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" DROP CONSTRAINT "fk_supplier_annotations_supplier"`);
    await queryRunner.query(`ALTER TABLE "supplier_annotations" DROP CONSTRAINT "FK_47e63a5b743990c9997bd37a036"`);
    await queryRunner.query(`ALTER TABLE "supplier_imports" DROP CONSTRAINT "fk_supplier_imports_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."idx_purchase_ledger_analyses_buyer"`);
    await queryRunner.query(`DROP TABLE "purchase_ledger_analyses"`);
    await queryRunner.query(`DROP INDEX "public"."idx_buyer_purchase_categories_buyer"`);
    await queryRunner.query(`DROP INDEX "public"."idx_buyer_purchase_categories_naf"`);
    await queryRunner.query(`DROP TABLE "buyer_purchase_categories"`);
    await queryRunner.query(`DROP INDEX "public"."uq_buyers_tenant_siret"`);
    await queryRunner.query(`DROP INDEX "public"."idx_buyers_tenant_created"`);
    await queryRunner.query(`DROP TABLE "buyers"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sourcing_candidates_request_siret"`);
    await queryRunner.query(`DROP INDEX "public"."idx_sourcing_candidates_request_rank"`);
    await queryRunner.query(`DROP TABLE "sourcing_candidates"`);
    await queryRunner.query(`DROP INDEX "public"."idx_sourcing_requests_project_created"`);
    await queryRunner.query(`DROP TABLE "sourcing_requests"`);
    await queryRunner.query(`DROP INDEX "public"."uq_supplier_annotations_tenant_siret"`);
    await queryRunner.query(`DROP TABLE "supplier_annotations"`);
    await queryRunner.query(`DROP INDEX "public"."idx_supplier_imports_created"`);
    await queryRunner.query(`DROP TABLE "supplier_imports"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_siren"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_naf_tile"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_pos"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_search_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_suppliers_naf"`);
    await queryRunner.query(`DROP TABLE "suppliers"`);
  }
}
