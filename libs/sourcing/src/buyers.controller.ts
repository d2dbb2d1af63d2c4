import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { MultipartInterceptor, Page, PageQuery, UuidPipe } from '@filiere/platform/http';
import { BuyerView, CreateBuyerDto, CreatePurchaseCategoryDto, LocalBuyerView, PurchaseCategoryView, PurchaseLedgerAnalysisView, UpdateBuyerDto } from './buyers.dto';
import { BuyersService, LedgerUpload } from './buyers.service';

/** Purchase ledgers are read in memory: a few thousand lines, far below this. */
export const LEDGER_MAX_BYTES = 20 * 1024 * 1024;

@ApiTags('sourcing')
@Controller()
export class BuyersController {
  constructor(private readonly buyers: BuyersService) {}

  @Get('buyers')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ description: '{ items: BuyerView[], nextCursor }' })
  list(@CurrentTenantActor() actor: TenantActor, @Query() page: PageQuery): Promise<Page<BuyerView>> {
    return this.buyers.list(actor, page);
  }

  @Post('buyers')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: BuyerView, description: 'Name, NAF and commune prefilled from the supplier directory when the SIRET is there' })
  create(@CurrentTenantActor() actor: TenantActor, @Body() dto: CreateBuyerDto): Promise<BuyerView> {
    return this.buyers.create(actor, dto);
  }

  @Get('buyers/:id')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: BuyerView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<BuyerView> {
    return this.buyers.get(actor, id);
  }

  @Patch('buyers/:id')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: BuyerView })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateBuyerDto): Promise<BuyerView> {
    return this.buyers.update(actor, id, dto);
  }

  @Delete('buyers/:id')
  @Roles('admin', 'advisor')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.buyers.remove(actor, id);
  }

  @Post('buyers/:id/purchase-categories')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: PurchaseCategoryView })
  addCategory(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: CreatePurchaseCategoryDto): Promise<PurchaseCategoryView> {
    return this.buyers.addCategory(actor, id, dto);
  }

  @Delete('buyers/:id/purchase-categories/:categoryId')
  @Roles('admin', 'advisor')
  @HttpCode(204)
  @ApiNoContentResponse()
  removeCategory(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Param('categoryId', UuidPipe) categoryId: string): Promise<void> {
    return this.buyers.removeCategory(actor, id, categoryId);
  }

  @Post('buyers/:id/purchase-ledger')
  @Roles('admin', 'advisor')
  @UseInterceptors(MultipartInterceptor({ fields: [{ name: 'file', maxCount: 1 }], storage: { kind: 'memory' }, maxFileSize: LEDGER_MAX_BYTES, single: true }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'Purchase ledger CSV (; or ,): siret / pays, montant, catégorie, libellé' } } } })
  @ApiCreatedResponse({ type: PurchaseLedgerAnalysisView, description: 'The local-purchase index of the ledger' })
  analyseLedger(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @UploadedFile() file: LedgerUpload | undefined): Promise<PurchaseLedgerAnalysisView> {
    return this.buyers.analyseLedger(actor, id, file);
  }

  @Get('buyers/:id/purchase-ledger-analyses')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ description: '{ items: PurchaseLedgerAnalysisView[], nextCursor }, newest first' })
  listAnalyses(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Query() page: PageQuery): Promise<Page<PurchaseLedgerAnalysisView>> {
    return this.buyers.listAnalyses(actor, id, page);
  }

  @Get('projects/:id/local-buyers')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ description: '{ items: LocalBuyerView[], nextCursor: null }: closest activity first, then nearest' })
  localBuyers(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<{ items: LocalBuyerView[]; nextCursor: null }> {
    return this.buyers.localBuyers(actor, id);
  }
}
