import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { Actor, CurrentActor, Roles } from '@filiere/platform/auth';
import { Page, PageQuery } from '@filiere/platform/http';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'project' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,64}$/, { message: 'entity must be a lower-case entity name such as project' })
  entity?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  id?: string;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Admins read their tenant's trail; the platform admin reads platform-level events. */
  @Get()
  @Roles('admin', 'platform_admin')
  @ApiOkResponse({ description: '{ items: AuditEvent[], nextCursor }' })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQuery): Promise<Page<AuditEvent>> {
    const { entity, id, ...page } = query;
    return this.audit.list(actor.tenantId, { entity, id }, page);
  }
}
