import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { Actor, ALL_TENANT_ROLES, CurrentActor, CurrentTenantActor, Roles, TenantActor } from '@filiere/platform/auth';
import { Page, PageQuery, UuidPipe } from '@filiere/platform/http';
import { JobRunView, JobsService } from '@filiere/platform/queue';
import { NOTIFICATION_TYPES, type NotificationType } from './notification.entity';
import { NotificationsService, NotificationView } from './notifications.service';

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;
}

export class PreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_TYPES })
  @IsIn(NOTIFICATION_TYPES.filter((t) => t !== 'invitation'))
  type: NotificationType;

  @ApiProperty()
  @IsBoolean()
  email: boolean;
}

export class PreferencesDto {
  @ApiProperty({ type: [PreferenceDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PreferenceDto)
  preferences: PreferenceDto[];
}

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly jobs: JobsService,
  ) {}

  @Get('notifications')
  @Roles(...ALL_TENANT_ROLES)
  @ApiOkResponse({ description: '{ items, nextCursor, unreadCount } — unread first, newest first' })
  async list(@CurrentTenantActor() actor: TenantActor, @Query() query: NotificationsQuery): Promise<Page<NotificationView> & { unreadCount: number }> {
    const page = await this.notifications.list(actor, query);
    return { ...page, unreadCount: await this.notifications.unreadCount(actor) };
  }

  @Post('notifications/read-all')
  @Roles(...ALL_TENANT_ROLES)
  @HttpCode(200)
  async readAll(@CurrentTenantActor() actor: TenantActor): Promise<{ updated: number }> {
    return { updated: await this.notifications.markAllRead(actor) };
  }

  @Post('notifications/:id/read')
  @Roles(...ALL_TENANT_ROLES)
  @HttpCode(204)
  @ApiNoContentResponse()
  read(@CurrentTenantActor() actor: TenantActor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.notifications.markRead(actor, id);
  }

  @Get('notifications/preferences')
  @Roles(...ALL_TENANT_ROLES)
  preferences(@CurrentTenantActor() actor: TenantActor): Promise<{ type: NotificationType; label: string; email: boolean }[]> {
    return this.notifications.preferences(actor);
  }

  @Put('notifications/preferences')
  @Roles(...ALL_TENANT_ROLES)
  setPreferences(@CurrentTenantActor() actor: TenantActor, @Body() dto: PreferencesDto): Promise<{ type: NotificationType; label: string; email: boolean }[]> {
    return this.notifications.setPreferences(actor, dto.preferences);
  }

  /** A long job's run record: status, progress, attempts, error (tenant's own; platform admin all). */
  @Get('jobs/:id')
  @Roles('platform_admin', 'admin', 'advisor', 'coach')
  @ApiOkResponse({ type: JobRunView })
  job(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<JobRunView> {
    return this.jobs.get(id, actor.role === 'platform_admin' ? null : actor.tenantId);
  }
}
