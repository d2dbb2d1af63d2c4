import { Body, Controller, Get, Param, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, UuidPipe } from '@filiere/platform/http';
import { ExportsService } from './exports.service';
import { ObservatoryService } from './observatory.service';
import { OnePagerService } from './one-pager.service';
import { ReportsService } from './reports.service';
import { CohortReportView, NetworkReportView, ObservatoryReportView } from './reports.views';
import { CreateTagDto, ExportCsvQuery, NetworkQuery, ObservatoryQuery, ObservatoryView, TagsQuery, TagView, UpdateObservatoryDto, UpdateTagDto } from './reporting.dto';

@ApiTags('reporting')
@Controller()
export class ReportingController {
  constructor(
    private readonly observatory: ObservatoryService,
    private readonly reports: ReportsService,
    private readonly exports: ExportsService,
    private readonly onePager: OnePagerService,
  ) {}

  @Get('observatory/tags')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(TagView, 'Motivations, success factors, obstacles (French defaults seeded on first use); the whole list, nextCursor null')
  listTags(@CurrentTenantActor() actor: TenantActor, @Query() query: TagsQuery): Promise<{ items: TagView[]; nextCursor: null }> {
    return this.observatory.listTags(actor, query.category);
  }

  @Post('observatory/tags')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: TagView })
  createTag(@CurrentTenantActor() actor: TenantActor, @Body() dto: CreateTagDto): Promise<TagView> {
    return this.observatory.createTag(actor, dto);
  }

  @Patch('observatory/tags/:id')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: TagView })
  updateTag(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateTagDto): Promise<TagView> {
    return this.observatory.updateTag(actor, id, dto);
  }

  @Get('projects/:id/observatory')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: ObservatoryView })
  getObservatory(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<ObservatoryView> {
    return this.observatory.get(actor, id);
  }

  @Put('projects/:id/observatory')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: ObservatoryView })
  putObservatory(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateObservatoryDto): Promise<ObservatoryView> {
    return this.observatory.update(actor, id, dto);
  }

  @Get('reports/cohorts/:id')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: CohortReportView, description: 'Milestones, coaching, workshops, fees, sourcing, financing and outcomes of the cohort' })
  cohortReport(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<CohortReportView> {
    return this.reports.cohortReport(actor, id);
  }

  @Get('reports/observatory')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: ObservatoryReportView, description: 'Counts by relocalisation type, tags, outcomes and funnel of the tenant’s projects (cohorts started in `year`)' })
  observatoryReport(@CurrentTenantActor() actor: TenantActor, @Query() query: ObservatoryQuery): Promise<ObservatoryReportView> {
    return this.reports.observatoryReport(actor, query.year ?? null, query.cohortId?.toLowerCase() ?? null);
  }

  @Get('reports/network')
  @Roles('platform_admin')
  @ApiOkResponse({ type: NetworkReportView, description: 'The network roll-up per région, aggregates only; cells of fewer than 3 projects are `suppressed`' })
  network(@Query() query: NetworkQuery): Promise<NetworkReportView> {
    return this.reports.networkReport(query.year ?? null);
  }

  @Get('platform/observatory')
  @Roles('platform_admin')
  @ApiOkResponse({ type: NetworkReportView, description: 'Same as GET /api/reports/network (the name API.md gives it)' })
  platformObservatory(@Query() query: NetworkQuery): Promise<NetworkReportView> {
    return this.reports.networkReport(query.year ?? null);
  }

  @Get('cohorts/:id/export.xlsx')
  @Roles('admin', 'advisor')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'Sheets Projets, Jalons, Séances, Résultats ateliers, Factures, Résultats: French headers, typed cells, frozen header, filters' })
  async exportXlsx(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { filename, stream } = await this.exports.xlsx(actor, id);
    return new StreamableFile(stream, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', disposition: `attachment; filename="${filename}"` });
  }

  @Get('cohorts/:id/export.csv')
  @Roles('admin', 'advisor')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One table of the workbook (`?table=`) for Excel: `;`, UTF-8 with BOM, French headers' })
  async exportCsv(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Query() query: ExportCsvQuery): Promise<StreamableFile> {
    const { filename, csv } = await this.exports.csv(actor, id, query.table);
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  @Get('projects/:id/one-pager.pdf')
  @Roles('admin', 'advisor', 'coach', 'holder', 'partner')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'French one-page PDF: company, product, progress, workshop score, financing found, outcomes. Partners: projects of their workshops only (404 otherwise)' })
  async onePagerPdf(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { filename, pdf } = await this.onePager.pdf(actor, id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"` });
  }
}
