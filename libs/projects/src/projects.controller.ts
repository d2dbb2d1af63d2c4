import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotModifiedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import { DashboardService } from './dashboard.service';
import { MilestonesService } from './milestones.service';
import {
  AssignCoachDto,
  CreatedProjectView,
  CreateProjectDto,
  DashboardView,
  MilestoneView,
  ProjectsQuery,
  ProjectView,
  UpdateMilestoneDto,
  UpdateProjectDto,
} from './projects.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@Controller()
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly milestones: MilestonesService,
    private readonly dashboard: DashboardService,
  ) {}

  @Get('cohorts/:id/projects')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(ProjectView, 'What the reader may see: all for staff, assigned for coaches, own for holders')
  list(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) cohortId: string, @Query() query: ProjectsQuery): Promise<Page<ProjectView>> {
    return this.projects.list(actor, cohortId, query);
  }

  @Get('projects')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(ProjectView, 'Every cohort: all for staff, assigned for coaches, own for holders (the web app\'s "my projects")')
  listVisible(@CurrentTenantActor() actor: TenantActor, @Query() query: ProjectsQuery): Promise<Page<ProjectView>> {
    return this.projects.list(actor, null, query);
  }

  @Post('cohorts/:id/projects')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: CreatedProjectView, description: 'The project with its milestones generated from the programme template' })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) cohortId: string, @Body() dto: CreateProjectDto): Promise<CreatedProjectView> {
    return this.projects.create(actor, cohortId, dto);
  }

  @Get('cohorts/:id/dashboard')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: DashboardView, headers: { ETag: { description: 'Entity tag of this dashboard: send it back in If-None-Match to get 304 while it has not changed', schema: { type: 'string' } } } })
  @ApiNotModifiedResponse({ description: 'If-None-Match holds the current entity tag: nothing changed' })
  async getDashboard(
    @CurrentTenantActor() actor: TenantActor,
    @Param('id', UuidPipe) cohortId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const { json, etag } = await this.dashboard.forCohort(actor, cohortId);
    void reply.header('etag', etag).header('cache-control', 'private, no-cache').type('application/json; charset=utf-8');
    // fresh: If-None-Match (weak comparison, `*`, lists) against the tag, unless the request says no-cache.
    if (fresh(req.headers, { etag })) {
      void reply.status(304);
      return undefined;
    }
    return json;
  }

  @Get('projects/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: ProjectView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<ProjectView> {
    return this.projects.get(actor, id);
  }

  @Patch('projects/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: ProjectView })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateProjectDto): Promise<ProjectView> {
    return this.projects.update(actor, id, dto);
  }

  @Post('projects/:id/coaches')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: ProjectView })
  assignCoach(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: AssignCoachDto): Promise<ProjectView> {
    return this.projects.assignCoach(actor, id, dto.userId);
  }

  @Delete('projects/:id/coaches/:userId')
  @Roles('admin', 'advisor')
  @HttpCode(204)
  @ApiNoContentResponse()
  unassignCoach(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Param('userId', UuidPipe) userId: string): Promise<void> {
    return this.projects.unassignCoach(actor, id, userId);
  }

  @Get('projects/:id/milestones')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(MilestoneView, 'In retro-planning order')
  listMilestones(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<Page<MilestoneView>> {
    return this.milestones.list(actor, id);
  }

  @Patch('milestones/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: MilestoneView })
  updateMilestone(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateMilestoneDto): Promise<MilestoneView> {
    return this.milestones.update(actor, id, dto);
  }
}
