import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { MultipartInterceptor, Page, UuidPipe } from '@filiere/platform/http';
import { AcademicTeamsService, MAX_DOCUMENT_BYTES, type UploadedDocument } from './academic-teams.service';
import {
  CreateExpertiseTagDto,
  CreateOrganisationDto,
  ExpertiseTagsView,
  ExpertiseTagView,
  ExpertProfileView,
  ExpertSettingsDto,
  ExpertSettingsView,
  ExpertsQuery,
  LoadQuery,
  LoadView,
  OrganisationsQuery,
  OrganisationView,
  PutExpertProfileDto,
  SuggestionsQuery,
  SuggestionsView,
  UpdateOrganisationDto,
} from './experts.dto';
import { ExpertsService } from './experts.service';
import {
  AcademicMemberDto,
  AcademicTeamsQuery,
  AcademicTeamView,
  AttendanceDto,
  CreateAcademicTeamDto,
  CreateTrainingDto,
  InviteProjectsDto,
  RegisterDto,
  RegistrationView,
  TrainingsQuery,
  TrainingView,
  UpdateAcademicTeamDto,
} from './programme-activities.dto';
import { TrainingsService } from './trainings.service';

@ApiTags('experts')
@Controller()
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @Get('organisations')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ description: '{ items: OrganisationView[], nextCursor }' })
  listOrganisations(@CurrentTenantActor() actor: TenantActor, @Query() query: OrganisationsQuery): Promise<Page<OrganisationView>> {
    return this.experts.listOrganisations(actor, query);
  }

  @Post('organisations')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: OrganisationView })
  createOrganisation(@CurrentTenantActor() actor: TenantActor, @Body() dto: CreateOrganisationDto): Promise<OrganisationView> {
    return this.experts.createOrganisation(actor, dto);
  }

  @Patch('organisations/:id')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: OrganisationView })
  updateOrganisation(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateOrganisationDto): Promise<OrganisationView> {
    return this.experts.updateOrganisation(actor, id, dto);
  }

  @Get('expertise-tags')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: ExpertiseTagsView, description: 'The programme’s fields first, then the tenant’s own tags' })
  listTags(@CurrentTenantActor() actor: TenantActor): Promise<ExpertiseTagsView> {
    return this.experts.listTags(actor);
  }

  @Post('expertise-tags')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: ExpertiseTagView })
  addTag(@CurrentTenantActor() actor: TenantActor, @Body() dto: CreateExpertiseTagDto): Promise<ExpertiseTagView> {
    return this.experts.addTag(actor, dto);
  }

  @Get('experts')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ description: '{ items: ExpertProfileView[], nextCursor } — every coach of the tenant, with or without a profile; ?tag= &organisationId=' })
  listProfiles(@CurrentTenantActor() actor: TenantActor, @Query() query: ExpertsQuery): Promise<Page<ExpertProfileView>> {
    return this.experts.listProfiles(actor, query);
  }

  @Get('experts/load')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: LoadView, description: 'Hours assigned and logged per coach in the month, over-capacity first' })
  load(@CurrentTenantActor() actor: TenantActor, @Query() query: LoadQuery): Promise<LoadView> {
    return this.experts.load(actor, query);
  }

  @Get('experts/settings')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: ExpertSettingsView })
  settings(@CurrentTenantActor() actor: TenantActor): Promise<ExpertSettingsView> {
    return this.experts.settings(actor);
  }

  @Put('experts/settings')
  @Roles('admin')
  @ApiOkResponse({ type: ExpertSettingsView })
  putSettings(@CurrentTenantActor() actor: TenantActor, @Body() dto: ExpertSettingsDto): Promise<ExpertSettingsView> {
    return this.experts.putSettings(actor, dto);
  }

  @Get('experts/:userId')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: ExpertProfileView, description: 'Coaches read their own profile only (404 otherwise)' })
  getProfile(@CurrentTenantActor() actor: TenantActor, @Param('userId', UuidPipe) userId: string): Promise<ExpertProfileView> {
    return this.experts.getProfile(actor, userId);
  }

  @Put('experts/:userId')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: ExpertProfileView, description: 'Creates or replaces the profile: the person, or an admin or advisor' })
  putProfile(@CurrentTenantActor() actor: TenantActor, @Param('userId', UuidPipe) userId: string, @Body() dto: PutExpertProfileDto): Promise<ExpertProfileView> {
    return this.experts.putProfile(actor, userId, dto);
  }

  @Get('projects/:id/coach-suggestions')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: SuggestionsView, description: 'Coaches not yet assigned, best first, each with its reasons in French; assigning stays POST /api/projects/:id/coaches' })
  suggestions(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Query() query: SuggestionsQuery): Promise<SuggestionsView> {
    return this.experts.suggestions(actor, projectId, query);
  }
}

@ApiTags('academic teams')
@Controller()
export class AcademicTeamsController {
  constructor(private readonly teams: AcademicTeamsService) {}

  @Get('projects/:id/academic-teams')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ description: '{ items: AcademicTeamView[], nextCursor }' })
  list(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Query() query: AcademicTeamsQuery): Promise<Page<AcademicTeamView>> {
    return this.teams.list(actor, projectId, query);
  }

  @Post('projects/:id/academic-teams')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: AcademicTeamView })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Body() dto: CreateAcademicTeamDto): Promise<AcademicTeamView> {
    return this.teams.create(actor, projectId, dto);
  }

  @Get('academic-teams/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: AcademicTeamView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<AcademicTeamView> {
    return this.teams.get(actor, id);
  }

  @Patch('academic-teams/:id')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: AcademicTeamView, description: 'Staff: everything; team members: submit; the teacher: assess' })
  update(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateAcademicTeamDto): Promise<AcademicTeamView> {
    return this.teams.update(actor, id, dto);
  }

  @Put('academic-teams/:id/document')
  @Roles('admin', 'advisor', 'coach')
  @UseInterceptors(MultipartInterceptor({ fields: [{ name: 'file', maxCount: 1 }], storage: { kind: 'memory' }, maxFileSize: MAX_DOCUMENT_BYTES, single: true }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOkResponse({ type: AcademicTeamView, description: 'Uploads the deliverable (PDF, DOCX, XLSX, PPTX, ODT, ≤ 10 MB; 413 beyond) and sets documentUrl to it' })
  uploadDocument(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @UploadedFile() file: UploadedDocument | undefined): Promise<AcademicTeamView> {
    return this.teams.uploadDocument(actor, id, file);
  }

  @Get('academic-teams/:id/document')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The uploaded deliverable file' })
  async downloadDocument(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const doc = await this.teams.downloadDocument(actor, id);
    const ascii = doc.filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'livrable';
    return new StreamableFile(doc.content, { type: doc.contentType, disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`, length: doc.content.length });
  }

  @Post('academic-teams/:id/members')
  @Roles('admin', 'advisor')
  @HttpCode(201)
  @ApiCreatedResponse({ type: AcademicTeamView })
  addMember(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: AcademicMemberDto): Promise<AcademicTeamView> {
    return this.teams.addMember(actor, id, dto);
  }
}

@ApiTags('trainings')
@Controller()
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  @Get('cohorts/:id/trainings')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ description: '{ items: TrainingView[], nextCursor } — staff: all; holders and coaches: those their projects are invited to' })
  list(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) cohortId: string, @Query() query: TrainingsQuery): Promise<Page<TrainingView>> {
    return this.trainings.list(actor, cohortId, query);
  }

  @Post('cohorts/:id/trainings')
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: TrainingView })
  create(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) cohortId: string, @Body() dto: CreateTrainingDto): Promise<TrainingView> {
    return this.trainings.create(actor, cohortId, dto);
  }

  @Get('trainings/:id')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: TrainingView })
  get(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<TrainingView> {
    return this.trainings.get(actor, id);
  }

  @Post('trainings/:id/invitations')
  @Roles('admin', 'advisor')
  @HttpCode(201)
  @ApiCreatedResponse({ type: TrainingView })
  invite(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: InviteProjectsDto): Promise<TrainingView> {
    return this.trainings.invite(actor, id, dto);
  }

  @Post('trainings/:id/registrations')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiCreatedResponse({ type: RegistrationView, description: '409 TRAINING_FULL when no seat is left' })
  register(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: RegisterDto): Promise<RegistrationView> {
    return this.trainings.register(actor, id, dto);
  }

  @Delete('trainings/:id/registrations/:registrationId')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @HttpCode(204)
  @ApiNoContentResponse()
  unregister(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Param('registrationId', UuidPipe) registrationId: string): Promise<void> {
    return this.trainings.unregister(actor, id, registrationId);
  }

  @Put('trainings/:id/attendance')
  @Roles('admin', 'advisor')
  @ApiOkResponse({ type: TrainingView })
  attendance(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string, @Body() dto: AttendanceDto): Promise<TrainingView> {
    return this.trainings.attendance(actor, id, dto);
  }
}
