import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@filiere/platform/auth';
import { currentRequestId, Page, PageQuery, paginate } from '@filiere/platform/http';
import { AuditChanges, AuditEvent } from './audit-event.entity';

const REDACTED_FIELDS = new Set(['passwordHash', 'password', 'tokenHash', 'token']);

/** The fields whose value differs between two versions of a record (secrets redacted). */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChanges {
  const changes: AuditChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'updatedAt' || key === 'createdAt') continue;
    const from = before?.[key];
    const to = after?.[key];
    if (JSON.stringify(normalize(from)) === JSON.stringify(normalize(to))) continue;
    changes[key] = REDACTED_FIELDS.has(key) ? { from: from === undefined ? undefined : '[redacted]', to: '[redacted]' } : { from: normalize(from), to: normalize(to) };
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  tenantId?: string | null;
  before?: object | null;
  after?: object | null;
  changes?: AuditChanges;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an event inside the caller's transaction, so the audit and the change commit together. */
  async record(manager: EntityManager, actor: Actor | null, entry: AuditEntry): Promise<void> {
    const changes = entry.changes ?? diffFields((entry.before ?? null) as Record<string, unknown> | null, (entry.after ?? null) as Record<string, unknown> | null);
    await manager.getRepository(AuditEvent).insert({
      tenantId: entry.tenantId !== undefined ? entry.tenantId : (actor?.tenantId ?? null),
      actorUserId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      // TypeORM types jsonb columns as deep partials of the entity; the value is plain JSON.
      changes: changes as never,
      requestId: currentRequestId() ?? null,
    });
  }

  async list(tenantId: string | null, filter: { entity?: string; id?: string }, page: PageQuery): Promise<Page<AuditEvent>> {
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('a');
    if (tenantId === null) qb.where('a.tenantId IS NULL');
    else qb.where('a.tenantId = :tenantId', { tenantId });
    if (filter.entity) qb.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.id) qb.andWhere('a.entityId = :id', { id: filter.id });
    return paginate(qb, 'a', page);
  }
}
