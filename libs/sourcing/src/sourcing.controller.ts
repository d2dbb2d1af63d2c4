import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { notFound } from '@filiere/platform/errors';
import { ApiPageResponse, MultipartInterceptor, Page, PageQuery, UuidPipe } from '@filiere/platform/http';
import {
  AnnotationDto,
  AnnotationView,
  CandidatesQuery,
  CandidateView,
  CreateSourcingRequestDto,
  ImportView,
  SourcingRequestView,
  SupplierDetailView,
  SupplierSearchQuery,
  SupplierView,
  UpdateCandidateDto,
} from './sourcing.dto';
import { SourcingService } from './sourcing.service';
import { SuppliersService, UploadedFiles as Uploads } from './suppliers.service';

const SIRET = /^\d{14}$/;

@ApiTags('sourcing')
@Controller()
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Post('suppliers/imports')
  @Roles('platform_admin', 'admin')
  @HttpCode(202)
  // Streamed to disk (SIRENE files are gigabytes), named by a random id, read by the worker.
  @UseInterceptors(MultipartInterceptor({ fields: [{ name: 'file', maxCount: 1 }, { name: 'geoFile', maxCount: 1 }, { name: 'unitesLegalesFile', maxCount: 1 }], storage: { kind: 'disk', prefix: 'sirene' } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'StockEtablissement CSV (plain or .gz)' },
        geoFile: { type: 'string', format: 'binary', description: 'Geolocated companion file (optional)' },
        unitesLegalesFile: { type: 'string', format: 'binary', description: 'StockUniteLegale CSV (optional)' },
      },
    },
  })
  @ApiAcceptedResponse({ description: '{ id, status: "queued" }: follow it at GET /api/suppliers/imports/:id' })
  startImport(@CurrentActor() actor: Actor, @UploadedFiles() files: Uploads | undefined): Promise<{ id: string; status: 'queued' }> {
    return this.suppliers.startImport(actor, files ?? {});
  }

  @Get('suppliers/imports')
  @Roles('platform_admin', 'admin')
  @ApiPageResponse(ImportView)
  listImports(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<Page<ImportView>> {
    return this.suppliers.listImports(actor, page);
  }

  @Get('suppliers/imports/:id')
  @Roles('platform_admin', 'admin')
  @ApiOkResponse({ type: ImportView })
  getImport(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ImportView> {
    return this.suppliers.getImport(actor, id);
  }

  @Get('suppliers')
  @Roles('admin', 'advisor', 'coach')
  @ApiPageResponse(SupplierView, 'Nearest first with `near`')
  search(@Query() query: SupplierSearchQuery): Promise<Page<SupplierView>> {
    return this.suppliers.search(query);
  }

  @Get('suppliers/:siret')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: SupplierDetailView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('siret') siret: string): Promise<SupplierDetailView> {
    if (!SIRET.test(siret)) throw notFound('Supplier');
    return this.suppliers.get(actor, siret);
  }

  @Put('suppliers/:siret/annotation')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: AnnotationView, description: "The tenant's capabilities, certifications, notes and contact for the company" })
  annotate(@CurrentTenantActor() actor: TenantActor, @Param('siret') siret: string, @Body() dto: AnnotationDto): Promise<AnnotationView> {
    if (!SIRET.test(siret)) throw notFound('Supplier');
    return this.suppliers.annotate(actor, siret, dto);
  }
}

@ApiTags('sourcing')
@Controller()
export class SourcingController {
  constructor(private readonly sourcing: SourcingService) {}

  @Post('projects/:id/sourcing-requests')
  @Roles('admin', 'advisor', 'coach')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SourcingRequestView, description: 'Queued; candidates appear when status is succeeded' })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Body() dto: CreateSourcingRequestDto): Promise<SourcingRequestView> {
    return this.sourcing.create(actor, projectId, dto);
  }

  @Get('projects/:id/sourcing-requests')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(SourcingRequestView)
  list(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Query() page: PageQuery): Promise<Page<SourcingRequestView>> {
    return this.sourcing.list(actor, projectId, page);
  }

  @Get('sourcing-requests/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: SourcingRequestView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<SourcingRequestView> {
    return this.sourcing.get(actor, id);
  }

  @Get('sourcing-requests/:id/candidates')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(CandidateView, 'In rank order')
  candidates(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Query() query: CandidatesQuery): Promise<Page<CandidateView>> {
    return this.sourcing.candidates(actor, id, query);
  }

  @Get('sourcing-requests/:id/candidates.csv')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'French CSV (;, UTF-8 BOM)' })
  async candidatesCsv(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const csv = await this.sourcing.candidatesCsv(actor, id);
    return new StreamableFile(Buffer.from(csv.body, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${csv.filename}"` });
  }

  @Patch('sourcing-candidates/:id')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: CandidateView })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateCandidateDto): Promise<CandidateView> {
    return this.sourcing.updateCandidate(actor, id, dto);
  }
}
