import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import { BillingSettingsDto, CreateInvoiceDto, CreditNoteDto, ExportQuery, InvoicesQuery, PaymentDto, UpdateInvoiceDto } from './invoicing.dto';
import { InvoicingService } from './invoicing.service';
import { BillingSettingsView, CreditNoteView, InvoiceView } from './invoicing.views';

const pdfFile = ({ filename, pdf }: { filename: string; pdf: Buffer }): StreamableFile => new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${filename}"` });

@ApiTags('invoicing')
@Controller()
export class InvoicingController {
  constructor(private readonly invoicing: InvoicingService) {}

  @Get('billing-settings')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: BillingSettingsView, description: 'The CCI’s legal details printed on its invoices, and its accounting accounts; 404 until set' })
  getSettings(@CurrentTenantActor() actor: TenantActor): Promise<BillingSettingsView> {
    return this.invoicing.getSettings(actor);
  }

  @Put('billing-settings')
  @Roles('admin')
  @ApiOkResponse({ type: BillingSettingsView, description: 'SIRET (Luhn), VAT number (the SIREN’s) and IBAN (mod 97) are checked' })
  putSettings(@CurrentTenantActor() actor: TenantActor, @Body() dto: BillingSettingsDto): Promise<BillingSettingsView> {
    return this.invoicing.putSettings(actor, dto);
  }

  @Post('projects/:id/invoices')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: InvoiceView, description: 'A draft; without lines, the cohort fee at 20 % VAT' })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Body() dto: CreateInvoiceDto): Promise<InvoiceView> {
    return this.invoicing.createDraft(actor, projectId, dto);
  }

  @Get('invoices')
  @Roles('admin', 'advisor', 'holder')
  @ApiPageResponse(InvoiceView, 'Holders: the issued invoices of their own projects')
  list(@CurrentTenantActor() actor: TenantActor, @Query() query: InvoicesQuery): Promise<Page<InvoiceView>> {
    return this.invoicing.list(actor, query);
  }

  @Get('invoices/export.csv')
  @Roles('admin', 'advisor')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Sales journal and payments of the period (`;`, UTF-8 BOM, French headers)' })
  async exportCsv(@CurrentTenantActor() actor: TenantActor, @Query() query: ExportQuery): Promise<StreamableFile> {
    const { filename, csv } = await this.invoicing.exportCsv(actor, query);
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  @Get('invoices/:id')
  @Roles('admin', 'advisor', 'holder')
  @ApiOkResponse({ type: InvoiceView, description: 'With payments, credit notes, balance and `overdue`' })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<InvoiceView> {
    return this.invoicing.get(actor, id);
  }

  @Patch('invoices/:id')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: InvoiceView, description: 'Drafts only; 409 INVOICE_IMMUTABLE once issued' })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateInvoiceDto): Promise<InvoiceView> {
    return this.invoicing.update(actor, id, dto);
  }

  @Delete('invoices/:id')
  @Roles('admin', 'advisor')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Drafts only; 409 INVOICE_IMMUTABLE once issued' })
  remove(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.invoicing.remove(actor, id);
  }

  @Post('invoices/:id/issue')
  @Roles('admin', 'advisor')
  @HttpCode(200)
  @ApiOkResponse({ type: InvoiceView, description: 'Assigns the next legal number (FA-YYYY-NNNNN), issue and due dates' })
  issue(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<InvoiceView> {
    return this.invoicing.issue(actor, id);
  }

  @Get('invoices/:id/pdf')
  @Roles('admin', 'advisor', 'holder')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Factur-X (EN 16931) PDF/A-3 with factur-x.xml embedded' })
  async pdf(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return pdfFile(await this.invoicing.invoicePdf(actor, id));
  }

  @Post('invoices/:id/payments')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: InvoiceView, description: 'The invoice with the payment; 422 PAYMENT_EXCEEDS_BALANCE beyond the balance' })
  addPayment(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: PaymentDto): Promise<InvoiceView> {
    return this.invoicing.addPayment(actor, id, dto);
  }

  @Post('invoices/:id/credit-notes')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: CreditNoteView, description: 'A numbered credit note (AV-YYYY-NNNNN) for all or part of the balance' })
  createCreditNote(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: CreditNoteDto): Promise<CreditNoteView> {
    return this.invoicing.createCreditNote(actor, id, dto);
  }

  @Get('credit-notes/:id/pdf')
  @Roles('admin', 'advisor', 'holder')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Factur-X (EN 16931, type 381) PDF of the credit note' })
  async creditNotePdf(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return pdfFile(await this.invoicing.creditNotePdf(actor, id));
  }
}
