import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, CurrentTenantActor, Public, Roles, TenantActor } from '@filiere/platform/auth';
import { ApiItemsResponse, ApiPageResponse, Page, UuidPipe } from '@filiere/platform/http';
import { JobQueuedView } from '@filiere/platform/queue';
import { CalendarService } from './calendar.service';
import { catalogueCsv } from './catalogue-csv';
import { ImportSchemesDto, PlanDto, ProfileDto, SchemeDto, SchemesQuery, UpdateSchemeDto } from './financing.dto';
import { FinancingService } from './financing.service';
import { DeadlineView, MatchesView, PlanView, ProfileView } from './financing.views';
import { SchemeView } from './scheme-view';

const READERS = ['platform_admin', 'admin', 'advisor', 'coach', 'holder'] as const;

@ApiTags('financing')
@Controller()
export class FinancingController {
  constructor(
    private readonly financing: FinancingService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('financing-schemes')
  @Roles(...READERS)
  @ApiPageResponse(SchemeView, 'National schemes and the tenant’s own; filters status, kind, owner, q')
  list(@CurrentActor() actor: Actor, @Query() query: SchemesQuery): Promise<Page<SchemeView>> {
    return this.financing.listSchemes(actor, query);
  }

  @Post('financing-schemes')
  @Roles('platform_admin', 'admin')
  @ApiCreatedResponse({ type: SchemeView, description: 'The platform admin creates national schemes; a tenant admin the tenant’s regional or departmental ones' })
  create(@CurrentActor() actor: Actor, @Body() dto: SchemeDto): Promise<SchemeView> {
    return this.financing.createScheme(actor, dto);
  }

  @Get('financing-schemes/export.json')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Every scheme the reader sees, in the import format' })
  async exportJson(@CurrentActor() actor: Actor): Promise<{ schemes: SchemeView[] }> {
    return { schemes: await this.financing.exportSchemes(actor) };
  }

  @Get('financing-schemes/export.csv')
  @Roles(...READERS)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The catalogue for Excel: `;`, French headers, UTF-8 with BOM (re-importable)' })
  async exportCsv(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    const csv = catalogueCsv(await this.financing.exportSchemes(actor));
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="dispositifs-de-financement.csv"' });
  }

  @Post('financing-schemes/import')
  @Roles('platform_admin', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ created, updated, items }: all rows or none (400 with the rows’ errors)' })
  import(@CurrentActor() actor: Actor, @Body() dto: ImportSchemesDto): Promise<{ created: number; updated: number; items: SchemeView[] }> {
    return this.financing.importSchemes(actor, dto);
  }

  @Get('financing-schemes/:id')
  @Roles(...READERS)
  @ApiOkResponse({ type: SchemeView })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SchemeView> {
    return this.financing.getScheme(actor, id);
  }

  @Patch('financing-schemes/:id')
  @Roles('platform_admin', 'admin')
  @ApiOkResponse({ type: SchemeView, description: 'National schemes: platform admin only (403 NATIONAL_SCHEME_READ_ONLY for tenant admins)' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateSchemeDto): Promise<SchemeView> {
    return this.financing.updateScheme(actor, id, dto);
  }

  @Get('projects/:id/financing-profile')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: ProfileView })
  getProfile(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string): Promise<ProfileView> {
    return this.financing.getProfile(actor, projectId);
  }

  @Patch('projects/:id/financing-profile')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: ProfileView, description: 'Company creation date and SIRENE category, project stage, expense types, de minimis aid received: what eligibility needs beyond the project' })
  updateProfile(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Body() dto: ProfileDto): Promise<ProfileView> {
    return this.financing.updateProfile(actor, projectId, dto);
  }

  @Post('projects/:id/financing-matches')
  @Roles('admin', 'advisor', 'coach')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobQueuedView, description: 'The job re-computing the project’s matches (GET /api/jobs/:id)' })
  match(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string): Promise<{ id: string; status: string }> {
    return this.financing.triggerMatch(actor, projectId);
  }

  @Get('projects/:id/financing-matches')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: MatchesView, description: 'Eligible first' })
  matches(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string): Promise<MatchesView> {
    return this.financing.listMatches(actor, projectId);
  }

  @Get('projects/:id/financing-deadlines')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiItemsResponse(DeadlineView, 'Soonest first')
  deadlines(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string): Promise<{ items: DeadlineView[] }> {
    return this.financing.deadlines(actor, projectId);
  }

  @Get('projects/:id/financing-plan')
  @Roles('admin', 'advisor', 'coach', 'holder')
  @ApiOkResponse({ type: PlanView, description: 'Lines, totals, coverage, rate caps and warnings (an empty plan until set)' })
  getPlan(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string): Promise<PlanView> {
    return this.financing.getPlan(actor, projectId);
  }

  @Put('projects/:id/financing-plan')
  @Roles('admin', 'advisor', 'coach')
  @ApiOkResponse({ type: PlanView, description: 'Lines { schemeId, amountCents }: totals, coverage, rate caps and warnings (aid above investment, rate exceeded, de minimis)' })
  putPlan(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) projectId: string, @Body() dto: PlanDto): Promise<PlanView> {
    return this.financing.putPlan(actor, projectId, dto);
  }

  @Get('me/calendar')
  @Roles('admin', 'advisor', 'coach', 'holder', 'partner')
  @ApiOkResponse({ description: '{ url }: the personal iCal feed (secret URL)' })
  calendarUrl(@CurrentTenantActor() actor: TenantActor): Promise<{ url: string }> {
    return this.calendar.getUrl(actor);
  }

  @Delete('me/calendar')
  @Roles('admin', 'advisor', 'coach', 'holder', 'partner')
  @ApiOkResponse({ description: '{ url }: a new secret URL; the old one stops working' })
  rotateCalendar(@CurrentTenantActor() actor: TenantActor): Promise<{ url: string }> {
    return this.calendar.rotate(actor);
  }

  @Post('me/calendar-token')
  @Roles('admin', 'advisor', 'coach', 'holder', 'partner')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ url }: creates or rotates the personal feed token (same as DELETE /api/me/calendar)' })
  calendarToken(@CurrentTenantActor() actor: TenantActor): Promise<{ url: string }> {
    return this.calendar.rotate(actor);
  }

  @Get('calendar/:token.ics')
  @Public()
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCal (RFC 5545): financing deadlines, open milestones, coaching sessions of the projects the user sees, and their workshops' })
  async ics(@Param('token') token: string): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.calendar.feed(token), 'utf8'), { type: 'text/calendar; charset=utf-8', disposition: 'inline; filename="filiere.ics"' });
  }
}
