import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentTenantActor, Roles, TENANT_ROLES, TenantActor, type TenantRole } from '@filiere/platform/auth';
import { ApiPageResponse, mapPage, Page, PageQuery, paginate } from '@filiere/platform/http';
import { Membership } from '../entities';

export class UsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TENANT_ROLES })
  @IsOptional()
  @IsIn(TENANT_ROLES)
  role?: TenantRole;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: TENANT_ROLES }) role: TenantRole;
  @ApiProperty({ type: String, format: 'date-time' }) memberSince: string;
}

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: TenantActor, query: UsersQuery): Promise<Page<MemberView>> {
    const { role, ...page } = query;
    const qb = this.dataSource.getRepository(Membership).createQueryBuilder('m').innerJoinAndSelect('m.user', 'u').where('m.tenantId = :tenantId', { tenantId: actor.tenantId });
    if (role) qb.andWhere('m.role = :role', { role });
    return mapPage(await paginate(qb, 'm', page), (m) => ({
      id: m.userId,
      email: m.user?.email ?? '',
      name: m.user?.name ?? '',
      role: m.role,
      memberSince: m.createdAt.toISOString(),
    }));
  }
}

@ApiTags('people')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin', 'advisor')
  @ApiPageResponse(MemberView)
  list(@CurrentTenantActor() actor: TenantActor, @Query() query: UsersQuery): Promise<Page<MemberView>> {
    return this.users.list(actor, query);
  }
}
