import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@filiere/platform/auth';
import { ApiPageResponse, Page, PageQuery } from '@filiere/platform/http';
import { CreatedTenantView, CreateTenantDto, TenantView } from './tenants.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Roles('platform_admin')
  @ApiCreatedResponse({ type: CreatedTenantView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTenantDto): Promise<CreatedTenantView> {
    return this.tenants.create(actor, dto);
  }

  @Get()
  @Roles('platform_admin')
  @ApiPageResponse(TenantView)
  list(@Query() page: PageQuery): Promise<Page<TenantView>> {
    return this.tenants.list(page);
  }
}
