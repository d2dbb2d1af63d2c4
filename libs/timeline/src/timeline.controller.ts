import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import { TimelineItemView, TimelineQuery } from './timeline.dto';
import { TimelineService } from './timeline.service';

@ApiTags('projects')
@Controller()
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get('projects/:id/timeline')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiPageResponse(TimelineItemView, 'Newest first: milestone and project changes, sessions (never their notes), workshop results published, prizes')
  forProject(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Query() query: TimelineQuery): Promise<Page<TimelineItemView>> {
    return this.timeline.forProject(actor, projectId, query);
  }
}
