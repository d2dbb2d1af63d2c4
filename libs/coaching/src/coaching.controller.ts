import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import {
  CoachingBudgetView,
  ConvertNextStepsDto,
  ConvertNextStepsView,
  CreateSessionDto,
  SessionsQuery,
  SessionView,
  TopicsQuery,
  TopicsView,
  UpdateSessionDto,
} from './coaching.dto';
import { CoachingService } from './coaching.service';
import { TopicsService } from './topics.service';

@ApiTags('coaching')
@Controller()
export class CoachingController {
  constructor(
    private readonly sessions: CoachingService,
    private readonly topics: TopicsService,
  ) {}

  @Get('projects/:id/sessions')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(SessionView, 'In logging order; holders never get privateNotes')
  list(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Query() query: SessionsQuery): Promise<Page<SessionView>> {
    return this.sessions.list(actor, projectId, query);
  }

  @Post('projects/:id/sessions')
  @Roles('admin', 'advisor', 'coach')
  @ApiCreatedResponse({ type: SessionView })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Body() dto: CreateSessionDto): Promise<SessionView> {
    return this.sessions.create(actor, projectId, dto);
  }

  @Get('projects/:id/coaching-budget')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: CoachingBudgetView, description: 'Coaching time used against the cohort budget, per coach' })
  budget(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string): Promise<CoachingBudgetView> {
    return this.sessions.budget(actor, projectId);
  }

  @Get('sessions/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: SessionView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<SessionView> {
    return this.sessions.get(actor, id);
  }

  @Patch('sessions/:id')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: SessionView, description: 'Author only, for 7 days (then 409 SESSION_LOCKED)' })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateSessionDto): Promise<SessionView> {
    return this.sessions.update(actor, id, dto);
  }

  @Post('sessions/:id/next-steps/convert')
  @Roles('admin', 'advisor', 'coach')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ConvertNextStepsView, description: 'The milestones created on the project from the session’s next steps' })
  convert(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: ConvertNextStepsDto): Promise<ConvertNextStepsView> {
    return this.sessions.convertNextSteps(actor, id, dto);
  }

  @Get('coaching/topics')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: TopicsView, description: 'The tenant’s topics by use count (French defaults included)' })
  listTopics(@CurrentTenantActor() actor: TenantActor, @Query() query: TopicsQuery): Promise<TopicsView> {
    return this.topics.suggest(actor, query);
  }
}
