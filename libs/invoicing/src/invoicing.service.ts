import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { conflict, notFound, unprocessable, validationFailed } from '@filiere/platform/errors';
import { Page, paginate } from '@filiere/platform/http';
import { todayInParis, addDays } from '@filiere/programmes';
import { findCommune, vatNumberFromSiren } from '@filiere/reference-data';
import { accountingCsv, JournalRow } from './accounting-csv';
import type { BillingDocument } from './document';
import { facturXPdf } from './facturx';
import { BillingSettings, CreditNote, Invoice, InvoicePayment, PartySnapshot, SellerSnapshot } from './invoice.entities';
import { renderPdf } from './invoice-pdf';
import { BillingSettingsDto, CreateInvoiceDto, CreditNoteDto, ExportQuery, InvoicesQuery, PaymentDto, UpdateInvoiceDto } from './invoicing.dto';
import { balanceOf, BillingSettingsView, CreditNoteView, creditNoteView, InvoiceView, invoiceView } from './invoicing.views';
import { computeLine, ComputedLine, creditLines, totalsOf } from './money';
import { nextNumber } from './numbering';
import { sellerIdentifierErrors } from './validation';

export const DEFAULT_LATE_PENALTY_RATE = 'taux d’intérêt appliqué par la BCE à son opération de refinancement la plus récente, majoré de 10 points';
const FEE_VAT_RATE = 20;

const settingsView = (s: BillingSettings): BillingSettingsView => {
  const { tenantId: _t, createdAt: _c, updatedAt, ...rest } = s;
  return { ...rest, updatedAt: updatedAt.toISOString() };
};

const sellerSnapshot = (s: BillingSettings): SellerSnapshot => ({
  name: s.legalName,
  siret: s.siret,
  siren: s.siret.slice(0, 9),
  vatNumber: s.vatNumber,
  addressLine: s.addressLine,
  postalCode: s.postalCode,
  city: s.city,
  countryCode: 'FR',
  iban: s.iban,
  bic: s.bic,
  paymentTermsDays: s.paymentTermsDays,
  latePenaltyRate: s.latePenaltyRate,
});

interface ProjectRow {
  id: string;
  title: string;
  company_siret: string;
  company_name: string;
  company_commune_code: string;
  fee_cents: string;
  cohort_name: string;
  start_date: string;
  end_date: string;
}

/**
 * Fees and invoicing: drafts from the cohort fee, legal numbering at issue, payments, credit
 * notes, Factur-X PDFs and the accounting export. Admins and advisors write; holders read the
 * issued invoices of their own projects; coaches and partners see none.
 */
@Injectable()
export class InvoicingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  // ---- billing settings ----------------------------------------------------------------------

  async getSettings(actor: TenantActor): Promise<BillingSettingsView> {
    const s = await this.dataSource.getRepository(BillingSettings).findOne({ where: { tenantId: actor.tenantId } });
    if (!s) throw notFound('Billing settings');
    return settingsView(s);
  }

  async putSettings(actor: TenantActor, dto: BillingSettingsDto): Promise<BillingSettingsView> {
    const iban = dto.iban.replace(/\s+/g, '').toUpperCase();
    const vatNumber = dto.vatNumber.replace(/\s+/g, '').toUpperCase();
    const errors = sellerIdentifierErrors({ siret: dto.siret, vatNumber, iban });
    if (errors.length) throw validationFailed(errors);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(BillingSettings);
      const existing = await repo.findOne({ where: { tenantId: actor.tenantId }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? settingsView(existing) : null;
      const values = {
        legalName: dto.legalName,
        siret: dto.siret,
        vatNumber,
        addressLine: dto.addressLine,
        postalCode: dto.postalCode,
        city: dto.city,
        iban,
        bic: dto.bic ?? null,
        paymentTermsDays: dto.paymentTermsDays ?? existing?.paymentTermsDays ?? 30,
        latePenaltyRate: dto.latePenaltyRate ?? existing?.latePenaltyRate ?? DEFAULT_LATE_PENALTY_RATE,
        customerAccount: dto.customerAccount ?? existing?.customerAccount ?? '411000',
        salesAccount: dto.salesAccount ?? existing?.salesAccount ?? '706000',
        vatAccount: dto.vatAccount ?? existing?.vatAccount ?? '445710',
        bankAccount: dto.bankAccount ?? existing?.bankAccount ?? '512000',
      };
      const saved = await repo.save(existing ? Object.assign(existing, values) : repo.create({ tenantId: actor.tenantId, ...values }));
      const after = settingsView(saved);
      await this.audit.record(manager, actor, { action: existing ? 'billing_settings.update' : 'billing_settings.create', entity: 'billing_settings', entityId: saved.id, before, after });
      return after;
    });
  }

  // ---- invoices --------------------------------------------------------------------------------

  async list(actor: TenantActor, query: InvoicesQuery): Promise<Page<InvoiceView>> {
    const { status, projectId, ...page } = query;
    const qb = this.dataSource.getRepository(Invoice).createQueryBuilder('i').where('i.tenant_id = :tenantId', { tenantId: actor.tenantId });
    if (actor.role === 'holder') {
      qb.andWhere(`i.status <> 'draft'`).andWhere(`EXISTS (SELECT 1 FROM project_members hm WHERE hm.tenant_id = i.tenant_id AND hm.project_id = i.project_id AND hm.user_id = :holderId AND hm.role = 'holder')`, { holderId: actor.userId });
    }
    if (status) qb.andWhere('i.status = :status', { status });
    if (projectId) qb.andWhere('i.project_id = :projectId', { projectId });
    const result = await paginate(qb, 'i', page);
    const views = await this.views(this.dataSource.manager, result.items);
    return { items: views, nextCursor: result.nextCursor };
  }

  async get(actor: TenantActor, id: string): Promise<InvoiceView> {
    const invoice = await this.require(this.dataSource.manager, actor, id);
    return (await this.views(this.dataSource.manager, [invoice]))[0];
  }

  async createDraft(actor: TenantActor, projectId: string, dto: CreateInvoiceDto): Promise<InvoiceView> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.loadProject(manager, actor.tenantId, projectId);
      const lines = dto.lines
        ? dto.lines.map((l) => computeLine({ label: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRate: l.vatRate }))
        : [computeLine({ label: `Frais de participation à l’Accélérateur relocalisation — ${project.cohort_name}`, quantity: 1, unitPriceCents: Number(project.fee_cents), vatRate: FEE_VAT_RATE })];
      const totals = this.checkTotals(lines);
      const invoice = await manager.getRepository(Invoice).save({
        tenantId: actor.tenantId,
        projectId,
        status: 'draft' as const,
        number: null,
        issueDate: null,
        dueDate: null,
        servicePeriodStart: project.start_date,
        servicePeriodEnd: project.end_date,
        lines,
        ...totals,
        paidCents: 0,
        creditedCents: 0,
        customer: this.customerOf(project, dto.customerAddress),
        seller: null,
        issuedAt: null,
        createdByUserId: actor.userId,
      });
      const view = invoiceView(invoice, todayInParis(), [], []);
      await this.audit.record(manager, actor, { action: 'invoice.create', entity: 'invoice', entityId: invoice.id, after: view });
      return view;
    });
  }

  async update(actor: TenantActor, id: string, dto: UpdateInvoiceDto): Promise<InvoiceView> {
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.require(manager, actor, id, true);
      if (invoice.status !== 'draft') throw conflict('INVOICE_IMMUTABLE', 'An issued invoice cannot be changed: issue a credit note instead');
      const before = invoiceView(invoice, todayInParis(), [], []);
      if (dto.lines) {
        invoice.lines = dto.lines.map((l) => computeLine({ label: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRate: l.vatRate }));
        Object.assign(invoice, this.checkTotals(invoice.lines));
      }
      if (dto.customerAddress) {
        invoice.customer = { ...invoice.customer, addressLine: dto.customerAddress.addressLine, postalCode: dto.customerAddress.postalCode, city: dto.customerAddress.city };
      }
      const saved = await manager.getRepository(Invoice).save(invoice);
      const after = invoiceView(saved, todayInParis(), [], []);
      await this.audit.record(manager, actor, { action: 'invoice.update', entity: 'invoice', entityId: id, before, after });
      return after;
    });
  }

  async remove(actor: TenantActor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invoice = await this.require(manager, actor, id, true);
      if (invoice.status !== 'draft') throw conflict('INVOICE_IMMUTABLE', 'An issued invoice cannot be deleted: issue a credit note instead');
      await manager.getRepository(Invoice).delete({ id, tenantId: actor.tenantId });
      await this.audit.record(manager, actor, { action: 'invoice.delete', entity: 'invoice', entityId: id, before: invoiceView(invoice, todayInParis(), [], []) });
    });
  }

  /** Assigns the next legal number, the issue and due dates and the seller's details, in one transaction. */
  async issue(actor: TenantActor, id: string): Promise<InvoiceView> {
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.require(manager, actor, id, true);
      if (invoice.status !== 'draft') throw conflict('INVOICE_ALREADY_ISSUED', `This invoice is already issued (${invoice.number ?? ''})`);
      const settings = await manager.getRepository(BillingSettings).findOne({ where: { tenantId: actor.tenantId } });
      if (!settings) throw conflict('BILLING_SETTINGS_MISSING', 'Set the billing settings (PUT /api/billing-settings) before issuing invoices');
      const today = todayInParis();
      const before = invoiceView(invoice, today, [], []);
      invoice.number = await nextNumber(manager, actor.tenantId, 'invoice', Number(today.slice(0, 4)));
      invoice.status = 'issued';
      invoice.issueDate = today;
      invoice.dueDate = addDays(today, settings.paymentTermsDays);
      invoice.seller = sellerSnapshot(settings);
      invoice.issuedAt = new Date();
      const saved = await manager.getRepository(Invoice).save(invoice);
      const after = invoiceView(saved, today, [], []);
      await this.audit.record(manager, actor, { action: 'invoice.issue', entity: 'invoice', entityId: id, before, after });
      return after;
    });
  }

  async addPayment(actor: TenantActor, id: string, dto: PaymentDto): Promise<InvoiceView> {
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.require(manager, actor, id, true);
      if (invoice.status !== 'issued' && invoice.status !== 'partially_paid') throw conflict('INVOICE_NOT_PAYABLE', `A ${invoice.status} invoice takes no payment`);
      const today = todayInParis();
      if (dto.paidAt > today) throw unprocessable('PAYMENT_IN_FUTURE', 'paidAt cannot be in the future', [{ field: 'paidAt', message: 'is after today' }]);
      const balance = balanceOf(invoice);
      if (dto.amountCents > balance) throw unprocessable('PAYMENT_EXCEEDS_BALANCE', `The payment (${dto.amountCents} cents) exceeds the balance (${balance} cents)`, [{ field: 'amountCents', message: `at most ${balance}` }]);
      const payment = await manager.getRepository(InvoicePayment).save({
        tenantId: actor.tenantId,
        invoiceId: id,
        amountCents: dto.amountCents,
        paidAt: dto.paidAt,
        method: dto.method,
        reference: dto.reference ?? null,
        recordedByUserId: actor.userId,
      });
      invoice.paidCents += dto.amountCents;
      invoice.status = balanceOf(invoice) === 0 ? 'paid' : 'partially_paid';
      await manager.getRepository(Invoice).save(invoice);
      await this.audit.record(manager, actor, { action: 'invoice.payment', entity: 'invoice', entityId: id, after: { paymentId: payment.id, amountCents: dto.amountCents, paidAt: dto.paidAt, method: dto.method, status: invoice.status } });
      return (await this.views(manager, [invoice]))[0];
    });
  }

  /** An avoir for all or part of the outstanding balance, numbered in its own sequence. */
  async createCreditNote(actor: TenantActor, id: string, dto: CreditNoteDto): Promise<CreditNoteView> {
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.require(manager, actor, id, true);
      if (invoice.status !== 'issued' && invoice.status !== 'partially_paid') throw conflict('INVOICE_NOT_CREDITABLE', `A ${invoice.status} invoice cannot be credited`);
      const balance = balanceOf(invoice);
      const amount = dto.amountCents ?? balance;
      if (amount > balance) throw unprocessable('CREDIT_EXCEEDS_BALANCE', `The credit note (${amount} cents) exceeds the outstanding balance (${balance} cents)`, [{ field: 'amountCents', message: `at most ${balance}` }]);
      const lines: ComputedLine[] = amount === invoice.totalInclVatCents ? invoice.lines : creditLines(invoice.lines, amount, invoice.totalInclVatCents);
      const today = todayInParis();
      const number = await nextNumber(manager, actor.tenantId, 'credit_note', Number(today.slice(0, 4)));
      const note = await manager.getRepository(CreditNote).save({
        tenantId: actor.tenantId,
        invoiceId: id,
        number,
        issueDate: today,
        reason: dto.reason,
        lines,
        ...totalsOf(lines),
        createdByUserId: actor.userId,
      });
      invoice.creditedCents += amount;
      if (balanceOf(invoice) === 0) invoice.status = invoice.paidCents > 0 ? 'paid' : 'cancelled';
      await manager.getRepository(Invoice).save(invoice);
      const view = creditNoteView(note);
      await this.audit.record(manager, actor, { action: 'credit_note.create', entity: 'credit_note', entityId: note.id, after: { ...view, invoiceStatus: invoice.status } });
      return view;
    });
  }

  // ---- documents ---------------------------------------------------------------------------------

  async invoicePdf(actor: TenantActor, id: string): Promise<{ filename: string; pdf: Buffer }> {
    const invoice = await this.require(this.dataSource.manager, actor, id);
    if (!invoice.number || !invoice.issueDate) throw conflict('INVOICE_NOT_ISSUED', 'A draft has no legal PDF: issue it first');
    const doc = await this.documentOf(invoice, { kind: 'invoice', number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate, invoiceReference: null, reason: null });
    return { filename: `${invoice.number}.pdf`, pdf: await facturXPdf(doc, await renderPdf(doc)) };
  }

  async creditNotePdf(actor: TenantActor, creditNoteId: string): Promise<{ filename: string; pdf: Buffer }> {
    const note = await this.dataSource.getRepository(CreditNote).findOne({ where: { id: creditNoteId, tenantId: actor.tenantId } });
    if (!note) throw notFound('Credit note');
    const invoice = await this.require(this.dataSource.manager, actor, note.invoiceId).catch(() => {
      throw notFound('Credit note');
    });
    if (!invoice.number || !invoice.issueDate) throw notFound('Credit note');
    const doc = await this.documentOf(invoice, {
      kind: 'credit_note',
      number: note.number,
      issueDate: note.issueDate,
      dueDate: null,
      invoiceReference: { number: invoice.number, issueDate: invoice.issueDate },
      reason: note.reason,
      lines: note.lines,
      totalExclVatCents: note.totalExclVatCents,
      totalVatCents: note.totalVatCents,
      totalInclVatCents: note.totalInclVatCents,
    });
    return { filename: `${note.number}.pdf`, pdf: await facturXPdf(doc, await renderPdf(doc)) };
  }

  /** The printable document of an issued invoice, or of a credit note on it (`own` overrides lines and totals). */
  private async documentOf(invoice: Invoice, own: Pick<BillingDocument, 'kind' | 'number' | 'issueDate' | 'dueDate' | 'invoiceReference' | 'reason'> & Partial<BillingDocument>): Promise<BillingDocument> {
    if (!invoice.seller) throw conflict('INVOICE_NOT_ISSUED', 'A draft has no legal PDF: issue it first');
    return {
      servicePeriodStart: invoice.servicePeriodStart,
      servicePeriodEnd: invoice.servicePeriodEnd,
      seller: invoice.seller,
      customer: invoice.customer,
      lines: invoice.lines,
      totalExclVatCents: invoice.totalExclVatCents,
      totalVatCents: invoice.totalVatCents,
      totalInclVatCents: invoice.totalInclVatCents,
      buyerReference: await this.projectTitle(invoice.tenantId, invoice.projectId),
      ...own,
    };
  }

  /** Sales journal (invoices and credit notes issued in the period) then the period's payments. */
  async exportCsv(actor: TenantActor, query: ExportQuery): Promise<{ filename: string; csv: string }> {
    if (query.to < query.from) throw unprocessable('INVALID_DATE_RANGE', 'to must not be before from', [{ field: 'to', message: 'before from' }]);
    const settings = await this.dataSource.getRepository(BillingSettings).findOne({ where: { tenantId: actor.tenantId } });
    const accounts = { customer: settings?.customerAccount ?? '411000', bank: settings?.bankAccount ?? '512000' };
    const params = [actor.tenantId, query.from, query.to];
    const sales = await this.dataSource.query<{ date: string; number: string; customer: string; excl: string; vat: string; incl: string; kind: string; ref: string | null }[]>(
      `SELECT to_char(issue_date, 'YYYY-MM-DD') AS date, number, customer->>'name' AS customer, total_excl_vat_cents AS excl, total_vat_cents AS vat, total_incl_vat_cents AS incl, 'invoice' AS kind, NULL AS ref
         FROM invoices WHERE tenant_id = $1 AND number IS NOT NULL AND issue_date BETWEEN $2 AND $3
       UNION ALL
       SELECT to_char(c.issue_date, 'YYYY-MM-DD'), c.number, i.customer->>'name', c.total_excl_vat_cents, c.total_vat_cents, c.total_incl_vat_cents, 'credit_note', i.number
         FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id AND i.tenant_id = c.tenant_id WHERE c.tenant_id = $1 AND c.issue_date BETWEEN $2 AND $3
       ORDER BY date, number`,
      params,
    );
    const payments = await this.dataSource.query<{ date: string; number: string; customer: string; amount: string; method: string; reference: string | null }[]>(
      `SELECT to_char(p.paid_at, 'YYYY-MM-DD') AS date, i.number, i.customer->>'name' AS customer, p.amount_cents AS amount, p.method, p.reference
         FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id AND i.tenant_id = p.tenant_id
        WHERE p.tenant_id = $1 AND p.paid_at BETWEEN $2 AND $3 ORDER BY p.paid_at, i.number, p.created_at`,
      params,
    );
    const sign = (kind: string) => (kind === 'credit_note' ? -1 : 1);
    const rows: JournalRow[] = [
      ...sales.map((s) => ({
        journal: 'VT' as const,
        date: s.date,
        number: s.number,
        customer: s.customer,
        account: accounts.customer,
        label: s.kind === 'invoice' ? `Facture ${s.number}` : `Avoir ${s.number} sur facture ${s.ref ?? ''}`,
        exclVatCents: sign(s.kind) * Number(s.excl),
        vatCents: sign(s.kind) * Number(s.vat),
        inclVatCents: sign(s.kind) * Number(s.incl),
      })),
      ...payments.map((p) => ({
        journal: 'BQ' as const,
        date: p.date,
        number: p.number,
        customer: p.customer,
        account: accounts.bank,
        label: `Règlement ${p.number} (${METHOD_FR[p.method] ?? p.method}${p.reference ? ` ${p.reference}` : ''})`,
        exclVatCents: null,
        vatCents: null,
        inclVatCents: Number(p.amount),
      })),
    ];
    return { filename: `journal-ventes-${query.from}-${query.to}.csv`, csv: accountingCsv(rows) };
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** The invoice if the actor may see it (holders: non-draft invoices of their projects), else 404. */
  private async require(manager: EntityManager, actor: TenantActor, id: string, lock = false): Promise<Invoice> {
    const invoice = await manager.getRepository(Invoice).findOne({ where: { id, tenantId: actor.tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!invoice) throw notFound('Invoice');
    if (actor.role === 'holder') {
      if (invoice.status === 'draft') throw notFound('Invoice');
      const rows = await manager.query<unknown[]>(`SELECT 1 FROM project_members WHERE tenant_id = $1 AND project_id = $2 AND user_id = $3 AND role = 'holder'`, [actor.tenantId, invoice.projectId, actor.userId]);
      if (!rows.length) throw notFound('Invoice');
    }
    return invoice;
  }

  private async views(manager: EntityManager, invoices: Invoice[]): Promise<InvoiceView[]> {
    if (!invoices.length) return [];
    const ids = invoices.map((i) => i.id);
    const tenantId = invoices[0]?.tenantId;
    const [payments, notes] = await Promise.all([
      manager.getRepository(InvoicePayment).find({ where: { tenantId, invoiceId: In(ids) }, order: { paidAt: 'ASC', createdAt: 'ASC' } }),
      manager.getRepository(CreditNote).find({ where: { tenantId, invoiceId: In(ids) }, order: { createdAt: 'ASC' } }),
    ]);
    const today = todayInParis();
    return invoices.map((i) =>
      invoiceView(
        i,
        today,
        payments.filter((p) => p.invoiceId === i.id),
        notes.filter((n) => n.invoiceId === i.id),
      ),
    );
  }

  private checkTotals(lines: ComputedLine[]) {
    const totals = totalsOf(lines);
    if (totals.totalInclVatCents <= 0) throw unprocessable('EMPTY_INVOICE', 'An invoice must have a positive total', [{ field: 'lines', message: 'total is zero' }]);
    return totals;
  }

  private async loadProject(manager: EntityManager, tenantId: string, projectId: string): Promise<ProjectRow> {
    const rows = await manager.query<ProjectRow[]>(
      `SELECT p.id, p.title, p.company_siret, p.company_name, p.company_commune_code, c.fee_cents, c.name AS cohort_name,
              to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date
         FROM projects p JOIN cohorts c ON c.id = p.cohort_id AND c.tenant_id = p.tenant_id
        WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, projectId],
    );
    const row = rows[0];
    if (!row) throw notFound('Project');
    return row;
  }

  private customerOf(project: ProjectRow, address: CreateInvoiceDto['customerAddress']): PartySnapshot {
    const siren = project.company_siret.slice(0, 9);
    const commune = findCommune(project.company_commune_code);
    return {
      name: project.company_name,
      siret: project.company_siret,
      siren,
      vatNumber: vatNumberFromSiren(siren),
      addressLine: address?.addressLine ?? '',
      postalCode: address?.postalCode ?? commune?.postcodes[0] ?? '',
      city: address?.city ?? commune?.name ?? '',
      countryCode: 'FR',
    };
  }

  private async projectTitle(tenantId: string, projectId: string): Promise<string> {
    const rows = await this.dataSource.query<{ title: string }[]>('SELECT title FROM projects WHERE tenant_id = $1 AND id = $2', [tenantId, projectId]);
    return rows[0]?.title ?? 'Accélérateur relocalisation';
  }
}

const METHOD_FR: Record<string, string> = { transfer: 'virement', card: 'carte', check: 'chèque', cash: 'espèces', direct_debit: 'prélèvement', other: 'autre' };

