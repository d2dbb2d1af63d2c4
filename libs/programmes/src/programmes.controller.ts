import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@filiere/platform/auth';
import { ApiPageResponse, Page, PageQuery, UuidPipe } from '@filiere/platform/http';
import { CopyProgrammeDto, CreateProgrammeDto, ProgrammeView, UpdateProgrammeDto } from './programmes.dto';
import { ProgrammesService } from './programmes.service';

@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @Roles('admin', 'advisor', 'coach', 'platform_admin')
  @ApiPageResponse(ProgrammeView, 'The national methodology and the tenant\'s own')
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<Page<ProgrammeView>> {
    return this.programmes.list(actor, page);
  }

  @Post()
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: ProgrammeView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgrammeDto): Promise<ProgrammeView> {
    return this.programmes.create(actor, dto);
  }

  @Get(':id')
  @Roles('admin', 'advisor', 'coach', 'platform_admin')
  @ApiOkResponse({ type: ProgrammeView })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ProgrammeView> {
    return this.programmes.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'advisor', 'platform_admin')
  @ApiOkResponse({ type: ProgrammeView })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateProgrammeDto): Promise<ProgrammeView> {
    return this.programmes.update(actor, id, dto);
  }

  @Post(':id/copy')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: ProgrammeView, description: 'Copies a programme (e.g. the national methodology) into the tenant' })
  copy(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: CopyProgrammeDto): Promise<ProgrammeView> {
    return this.programmes.copy(actor, id, dto.name);
  }
}
