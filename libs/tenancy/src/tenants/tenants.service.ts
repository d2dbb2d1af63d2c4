import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, invalidField } from '@filiere/platform/errors';
import { mapPage, Page, PageQuery, paginate } from '@filiere/platform/http';
import { findRegion } from '@filiere/reference-data';
import { Tenant } from '../entities';
import { InvitationsService } from '../invitations/invitations.service';
import { CreatedTenantView, CreateTenantDto, TenantView } from './tenants.dto';

export function tenantView(t: Tenant): TenantView {
  return { id: t.id, name: t.name, slug: t.slug, regionCode: t.regionCode, regionName: findRegion(t.regionCode)?.name ?? t.regionCode, createdAt: t.createdAt.toISOString() };
}

@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateTenantDto): Promise<CreatedTenantView> {
    if (!findRegion(dto.regionCode)) throw invalidField('regionCode', `unknown INSEE region code "${dto.regionCode}"`);
    return this.dataSource.transaction(async (manager) => {
      const taken = await manager.getRepository(Tenant).findOneBy({ slug: dto.slug });
      if (taken) throw new DomainError(409, 'TENANT_SLUG_TAKEN', `A tenant already uses the slug "${dto.slug}"`);
      const tenant = await manager.getRepository(Tenant).save({ name: dto.name, slug: dto.slug, regionCode: dto.regionCode, settings: {} });
      await this.audit.record(manager, actor, { tenantId: null, action: 'tenant.create', entity: 'tenant', entityId: tenant.id, after: { name: dto.name, slug: dto.slug, regionCode: dto.regionCode } });
      const invitation = await this.invitations.create(manager, actor, tenant.id, { email: dto.adminEmail, role: 'admin' });
      return { tenant: tenantView(tenant), invitation };
    });
  }

  async list(page: PageQuery): Promise<Page<TenantView>> {
    return mapPage(await paginate(this.dataSource.getRepository(Tenant).createQueryBuilder('t'), 't', page), tenantView);
  }
}
