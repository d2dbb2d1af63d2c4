import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import type { ProjectResult } from './results';
import { AwardDto, AwardView, CreateWorkshopDto, EvaluationDto, EvaluationView, ResultRowView, WorkshopsQuery, WorkshopView } from './workshops.dto';
import { WorkshopsService } from './workshops.service';

@ApiTags('workshops')
@Controller()
export class WorkshopsController {
  constructor(private readonly workshops: WorkshopsService) {}

  @Get('cohorts/:id/workshops')
  @Roles('admin', 'advisor', 'coach', 'holder', 'partner')
  @ApiPageResponse(WorkshopView, 'What the reader may see: all for staff, those of their projects for coaches and holders, invited ones for partners')
  list(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) cohortId: string, @Query() query: WorkshopsQuery): Promise<Page<WorkshopView>> {
    return this.workshops.list(actor, cohortId, query);
  }

  @Post('cohorts/:id/workshops')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: WorkshopView })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) cohortId: string, @Body() dto: CreateWorkshopDto): Promise<WorkshopView> {
    return this.workshops.create(actor, cohortId, dto);
  }

  @Get('workshops/:id')
  @Roles('admin', 'advisor', 'coach', 'holder', 'partner')
  @ApiOkResponse({ type: WorkshopView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<WorkshopView> {
    return this.workshops.get(actor, id);
  }

  @Put('workshops/:id/evaluations/:projectId')
  @Roles('partner')
  @ApiOkResponse({ type: EvaluationView, description: 'Creates or replaces this partner’s evaluation of the project; 409 WORKSHOP_CLOSED once closed' })
  putEvaluation(
    @CurrentTenantActor() actor: TenantActor,
    @Param('id', UuidPipe) id: string,
    @Param('projectId', UuidPipe) projectId: string,
    @Body() dto: EvaluationDto,
  ): Promise<EvaluationView> {
    return this.workshops.putEvaluation(actor, id, projectId, dto);
  }

  @Get('workshops/:id/evaluations')
  @Roles('admin', 'advisor', 'partner')
  @ApiOkResponse({ type: [EvaluationView], description: 'All evaluations for admins and advisors, their own for a partner' })
  listEvaluations(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<EvaluationView[]> {
    return this.workshops.listEvaluations(actor, id);
  }

  @Post('workshops/:id/close')
  @Roles('admin', 'advisor')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkshopView, description: 'Freezes the evaluations and publishes the results' })
  close(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<WorkshopView> {
    return this.workshops.close(actor, id);
  }

  @Get('workshops/:id/results')
  @Roles('admin', 'advisor', 'partner', 'holder', 'coach')
  @ApiOkResponse({ type: [ResultRowView], description: 'Scores on 0–100; holders and coaches once the workshop is closed (else 409 RESULTS_NOT_PUBLISHED)' })
  results(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<ProjectResult[]> {
    return this.workshops.results(actor, id);
  }

  @Get('workshops/:id/results.csv')
  @Roles('admin', 'advisor', 'partner', 'holder', 'coach')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The results for Excel: French headers, `;` separator, UTF-8 with BOM' })
  async resultsCsv(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { filename, csv } = await this.workshops.resultsCsv(actor, id);
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  @Post('workshops/:id/awards')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: AwardView })
  addAward(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: AwardDto): Promise<AwardView> {
    return this.workshops.addAward(actor, id, dto);
  }
}
