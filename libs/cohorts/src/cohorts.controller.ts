import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import { CohortsQuery, CohortView, CreateCohortDto, UpdateCohortDto } from './cohorts.dto';
import { CohortsService } from './cohorts.service';

@ApiTags('cohorts')
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get()
  @Roles('admin', 'advisor', 'coach', 'partner')
  @ApiPageResponse(CohortView, 'Coaches see cohorts of their projects, partners those they are invited to')
  list(@CurrentTenantActor() actor: TenantActor, @Query() query: CohortsQuery): Promise<Page<CohortView>> {
    return this.cohorts.list(actor, query);
  }

  @Post()
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: CohortView })
  create(@CurrentTenantActor() actor: TenantActor, @Body() dto: CreateCohortDto): Promise<CohortView> {
    return this.cohorts.create(actor, dto);
  }

  @Get(':id')
  @Roles('admin', 'advisor', 'coach', 'partner')
  @ApiOkResponse({ type: CohortView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<CohortView> {
    return this.cohorts.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: CohortView })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateCohortDto): Promise<CohortView> {
    return this.cohorts.update(actor, id, dto);
  }
}
