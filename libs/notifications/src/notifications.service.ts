import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { queryReturning } from '@filiere/platform/database';
import type { TenantActor } from '@filiere/platform/auth';
import { badRequest, notFound } from '@filiere/platform/errors';
import { Page } from '@filiere/platform/http';
import { JobsService } from '@filiere/platform/queue';
import { NOTIFICATION_TYPES, NotificationType } from './notification.entity';
import { NOTIFICATION_LABELS, NotificationData, renderNotification } from './templates';

export interface NotifyInput {
  tenantId: string;
  /** The recipient's account; null for an email-only notification (invitation). */
  userId: string | null;
  /** Needed when userId is null; otherwise taken from the account. */
  email?: string;
  data: NotificationData;
  /** A notification with the same key in the tenant is not created twice. */
  dedupKey?: string;
}

export interface NotificationView {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  link: string | null;
  read_at: Date | null;
  created_at: Date;
}

/**
 * Creates notifications and their email job in the caller's transaction, so that they exist
 * exactly when the change that causes them commits. Everyone's in-app list and preferences.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Absolute link into the product for a path like `/projects/<id>`. */
  link(path: string): string {
    return `${this.config.publicUrl}${path}`;
  }

  async notify(manager: EntityManager, input: NotifyInput): Promise<string | null> {
    const content = renderNotification(input.data);
    let email = input.email;
    if (!email && input.userId) {
      const rows = await manager.query<{ email: string }[]>('SELECT email FROM users WHERE id = $1', [input.userId]);
      email = rows[0]?.email;
    }
    if (!email) return null;
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO notifications (tenant_id, user_id, email, type, title, body, link, data, dedup_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       ON CONFLICT (tenant_id, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING RETURNING id`,
      [input.tenantId, input.userId, email, input.data.type, content.title.slice(0, 300), content.body, content.link, JSON.stringify(input.data), input.dedupKey ?? null],
    );
    const id = inserted[0]?.id;
    if (!id) return null;
    await this.jobs.enqueue(manager, 'notification.email', { notificationId: id }, { tenantId: input.tenantId });
    return id;
  }

  /** Unread first, then newest first. */
  async list(actor: TenantActor, query: { limit?: number; cursor?: string; unreadOnly?: boolean }): Promise<Page<NotificationView>> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [actor.tenantId, actor.userId, limit + 1];
    let cursorSql = '';
    if (query.cursor) {
      const c = decode(query.cursor);
      params.push(c.r, c.t, c.i);
      // Order: (read_at IS NOT NULL) ASC, created_at DESC, id DESC.
      cursorSql = `AND ((read_at IS NOT NULL)::int > $4 OR ((read_at IS NOT NULL)::int = $4 AND (created_at, id) < ($5::timestamptz, $6::uuid)))`;
    }
    const rows = await this.dataSource.query<Row[]>(
      `SELECT id, type, title, body, link, read_at, created_at FROM notifications
       WHERE tenant_id = $1 AND user_id = $2 ${query.unreadOnly ? 'AND read_at IS NULL' : ''} ${cursorSql}
       ORDER BY (read_at IS NOT NULL) ASC, created_at DESC, id DESC LIMIT $3`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({ id: r.id, type: r.type, title: r.title, body: r.body, link: r.link, read: r.read_at !== null, createdAt: r.created_at.toISOString() })),
      nextCursor: rows.length > limit && last ? encode({ r: last.read_at ? 1 : 0, t: last.created_at.toISOString(), i: last.id }) : null,
    };
  }

  async unreadCount(actor: TenantActor): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL', [actor.tenantId, actor.userId]);
    return rows[0]?.n ?? 0;
  }

  async markRead(actor: TenantActor, id: string): Promise<void> {
    const rows = await queryReturning<{ id: string }>(
      this.dataSource,
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND tenant_id = $2 AND user_id = $3 RETURNING id`,
      [id, actor.tenantId, actor.userId],
    );
    if (!rows.length) throw notFound('Notification');
  }

  async markAllRead(actor: TenantActor): Promise<number> {
    const rows = await queryReturning<{ id: string }>(this.dataSource, `UPDATE notifications SET read_at = now() WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL RETURNING id`, [actor.tenantId, actor.userId]);
    return rows.length;
  }

  async preferences(actor: TenantActor): Promise<{ type: NotificationType; label: string; email: boolean }[]> {
    const rows = await this.dataSource.query<{ type: NotificationType; email: boolean }[]>('SELECT type, email FROM notification_preferences WHERE tenant_id = $1 AND user_id = $2', [actor.tenantId, actor.userId]);
    const chosen = new Map(rows.map((r) => [r.type, r.email]));
    return NOTIFICATION_TYPES.filter((t) => t !== 'invitation').map((type) => ({ type, label: NOTIFICATION_LABELS[type], email: chosen.get(type) ?? true }));
  }

  async setPreferences(actor: TenantActor, prefs: { type: NotificationType; email: boolean }[]): Promise<{ type: NotificationType; label: string; email: boolean }[]> {
    await this.dataSource.transaction(async (m) => {
      for (const p of prefs) {
        await m.query(
          `INSERT INTO notification_preferences (tenant_id, user_id, type, email) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant_id, user_id, type) DO UPDATE SET email = EXCLUDED.email`,
          [actor.tenantId, actor.userId, p.type, p.email],
        );
      }
    });
    return this.preferences(actor);
  }
}

interface NotificationCursor {
  r: number;
  t: string;
  i: string;
}

function encode(c: NotificationCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(cursor: string): NotificationCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<NotificationCursor>;
    if ((c.r === 0 || c.r === 1) && typeof c.t === 'string' && !Number.isNaN(Date.parse(c.t)) && typeof c.i === 'string' && /^[0-9a-f-]{36}$/i.test(c.i)) return { r: c.r, t: c.t, i: c.i };
  } catch {
    // fall through
  }
  throw badRequest('INVALID_CURSOR', 'cursor is not one this API returned', [{ field: 'cursor', message: 'invalid cursor' }]);
}
