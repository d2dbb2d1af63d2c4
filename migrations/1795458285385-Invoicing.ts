import { MigrationInterface, QueryRunner } from 'typeorm';

export class Invoicing1795458285385 implements MigrationInterface {
  name = 'Invoicing1795458285385';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "billing_settings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "legal_name" character varying(200) NOT NULL, "siret" character(14) NOT NULL, "vat_number" character varying(13) NOT NULL, "address_line" character varying(300) NOT NULL, "postal_code" character varying(10) NOT NULL, "city" character varying(100) NOT NULL, "iban" character varying(34) NOT NULL, "bic" character varying(11), "payment_terms_days" integer NOT NULL DEFAULT '30', "late_penalty_rate" character varying(200) NOT NULL, "customer_account" character varying(10) NOT NULL DEFAULT '411000', "sales_account" character varying(10) NOT NULL DEFAULT '706000', "vat_account" character varying(10) NOT NULL DEFAULT '445710', "bank_account" character varying(10) NOT NULL DEFAULT '512000', CONSTRAINT "chk_billing_settings_terms" CHECK ("payment_terms_days" BETWEEN 0 AND 60), CONSTRAINT "PK_50de306c9059fe5297a3483516a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_billing_settings_tenant" ON "billing_settings"  ("tenant_id") `);
    await queryRunner.query(`CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "number" character varying(20), "issue_date" date, "due_date" date, "service_period_start" date NOT NULL, "service_period_end" date NOT NULL, "lines" jsonb NOT NULL, "total_excl_vat_cents" bigint NOT NULL, "total_vat_cents" bigint NOT NULL, "total_incl_vat_cents" bigint NOT NULL, "paid_cents" bigint NOT NULL DEFAULT '0', "credited_cents" bigint NOT NULL DEFAULT '0', "customer" jsonb NOT NULL, "seller" jsonb, "issued_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_user_id" uuid NOT NULL, CONSTRAINT "chk_invoices_amounts" CHECK ("paid_cents" >= 0 AND "credited_cents" >= 0 AND "paid_cents" + "credited_cents" <= "total_incl_vat_cents"), CONSTRAINT "chk_invoices_status" CHECK ("status" IN ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')), CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_invoices_due" ON "invoices"  ("status", "due_date") `);
    await queryRunner.query(`CREATE INDEX "idx_invoices_created" ON "invoices"  ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_invoices_project" ON "invoices"  ("tenant_id", "project_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_invoices_number" ON "invoices"  ("tenant_id", "number") WHERE "number" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "credit_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "number" character varying(20) NOT NULL, "issue_date" date NOT NULL, "reason" character varying(500) NOT NULL, "lines" jsonb NOT NULL, "total_excl_vat_cents" bigint NOT NULL, "total_vat_cents" bigint NOT NULL, "total_incl_vat_cents" bigint NOT NULL, "created_by_user_id" uuid NOT NULL, CONSTRAINT "PK_4933888a20b5469e119ad74b9e9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_credit_notes_invoice" ON "credit_notes"  ("tenant_id", "invoice_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_credit_notes_number" ON "credit_notes"  ("tenant_id", "number") `);
    await queryRunner.query(`CREATE TABLE "invoice_payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "amount_cents" bigint NOT NULL, "paid_at" date NOT NULL, "method" character varying(16) NOT NULL, "reference" character varying(100), "recorded_by_user_id" uuid NOT NULL, CONSTRAINT "chk_invoice_payments_method" CHECK ("method" IN ('transfer', 'card', 'check', 'cash', 'direct_debit', 'other')), CONSTRAINT "chk_invoice_payments_amount" CHECK ("amount_cents" > 0), CONSTRAINT "PK_e19c9ebfa432289f510de7b4e99" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_invoice_payments_paid" ON "invoice_payments"  ("tenant_id", "paid_at") `);
    await queryRunner.query(`CREATE INDEX "idx_invoice_payments_invoice" ON "invoice_payments"  ("tenant_id", "invoice_id") `);
    await queryRunner.query(`CREATE TABLE "invoice_sequences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "chk_invoice_sequences_kind" CHECK ("kind" IN ('invoice', 'credit_note')), CONSTRAINT "PK_8ebfedcc9310ba1fa101a990b77" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_invoice_sequences" ON "invoice_sequences"  ("tenant_id", "kind", "year") `);
    await queryRunner.query(`CREATE TABLE "invoice_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "stage" integer NOT NULL, CONSTRAINT "PK_d863821fb8afd85c53de7a7c31f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_invoice_reminders" ON "invoice_reminders"  ("tenant_id", "invoice_id", "stage") `);
    await queryRunner.query(`ALTER TABLE "billing_settings" ADD CONSTRAINT "FK_d79ca97139b63ba51cdb569ae10" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "FK_440f531f452dcc4389d201b9d4b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_project" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "credit_notes" ADD CONSTRAINT "FK_07fabaca2cbf06c08c6c877d032" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "credit_notes" ADD CONSTRAINT "fk_credit_notes_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoice_payments" ADD CONSTRAINT "FK_f0904eb7e38a384e38de09565b0" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoice_payments" ADD CONSTRAINT "fk_invoice_payments_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoice_sequences" ADD CONSTRAINT "FK_4df64aff5e1fdab86c64f7fb978" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoice_reminders" ADD CONSTRAINT "FK_e5b9fd26e8c1d7e0a9e54439140" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invoice_reminders" ADD CONSTRAINT "fk_invoice_reminders_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invoice_reminders" DROP CONSTRAINT "fk_invoice_reminders_invoice"`);
    await queryRunner.query(`ALTER TABLE "invoice_reminders" DROP CONSTRAINT "FK_e5b9fd26e8c1d7e0a9e54439140"`);
    await queryRunner.query(`ALTER TABLE "invoice_sequences" DROP CONSTRAINT "FK_4df64aff5e1fdab86c64f7fb978"`);
    await queryRunner.query(`ALTER TABLE "invoice_payments" DROP CONSTRAINT "fk_invoice_payments_invoice"`);
    await queryRunner.query(`ALTER TABLE "invoice_payments" DROP CONSTRAINT "FK_f0904eb7e38a384e38de09565b0"`);
    await queryRunner.query(`ALTER TABLE "credit_notes" DROP CONSTRAINT "fk_credit_notes_invoice"`);
    await queryRunner.query(`ALTER TABLE "credit_notes" DROP CONSTRAINT "FK_07fabaca2cbf06c08c6c877d032"`);
    await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_project"`);
    await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_440f531f452dcc4389d201b9d4b"`);
    await queryRunner.query(`ALTER TABLE "billing_settings" DROP CONSTRAINT "FK_d79ca97139b63ba51cdb569ae10"`);
    await queryRunner.query(`DROP INDEX "public"."uq_invoice_reminders"`);
    await queryRunner.query(`DROP TABLE "invoice_reminders"`);
    await queryRunner.query(`DROP INDEX "public"."uq_invoice_sequences"`);
    await queryRunner.query(`DROP TABLE "invoice_sequences"`);
    await queryRunner.query(`DROP INDEX "public"."idx_invoice_payments_invoice"`);
    await queryRunner.query(`DROP INDEX "public"."idx_invoice_payments_paid"`);
    await queryRunner.query(`DROP TABLE "invoice_payments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_credit_notes_number"`);
    await queryRunner.query(`DROP INDEX "public"."idx_credit_notes_invoice"`);
    await queryRunner.query(`DROP TABLE "credit_notes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_invoices_number"`);
    await queryRunner.query(`DROP INDEX "public"."idx_invoices_project"`);
    await queryRunner.query(`DROP INDEX "public"."idx_invoices_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_invoices_due"`);
    await queryRunner.query(`DROP TABLE "invoices"`);
    await queryRunner.query(`DROP INDEX "public"."uq_billing_settings_tenant"`);
    await queryRunner.query(`DROP TABLE "billing_settings"`);
  }
}
