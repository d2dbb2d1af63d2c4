import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessService } from '@filiere/access';
import { AuditService } from '@filiere/platform/audit';
import { TenantActor, TenantRole } from '@filiere/platform/auth';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { notFound } from '@filiere/platform/errors';
import { todayInParis } from '@filiere/programmes';
import { deadlinesOf } from './financing.service';
import { CalendarEvent, renderCalendar } from './ical';

/**
 * Personal iCal feeds. The secret URL is `<feed id><HMAC(feed id, version)>`: nothing secret is
 * stored, rotating bumps the version (the old URL stops working at once). The feed shows what the
 * user sees now (a user who left the tenant gets 404): for all but partners, the financing
 * deadlines, open milestones and coaching sessions of their projects; for everyone, the workshops
 * they see (partners: those they are invited to).
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private token(id: string, version: number): string {
    const mac = createHmac('sha256', this.config.jwt.accessSecret).update(`calendar:${id}:${version}`).digest('base64url');
    return `${id.replace(/-/g, '')}${mac}`;
  }

  private url(id: string, version: number): string {
    return `${this.config.publicUrl}/api/calendar/${this.token(id, version)}.ics`;
  }

  async getUrl(actor: TenantActor): Promise<{ url: string }> {
    const [feed] = await this.dataSource.query<{ id: string; version: number }[]>(
      `INSERT INTO calendar_feeds (tenant_id, user_id) VALUES ($1, $2)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id RETURNING id, version`,
      [actor.tenantId, actor.userId],
    );
    if (!feed) throw new Error('calendar feed upsert returned nothing');
    return { url: this.url(feed.id, feed.version) };
  }

  async rotate(actor: TenantActor): Promise<{ url: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [feed] = await manager.query<{ id: string; version: number }[]>(
        `INSERT INTO calendar_feeds (tenant_id, user_id, version) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET version = calendar_feeds.version + 1, updated_at = now() RETURNING id, version`,
        [actor.tenantId, actor.userId],
      );
      if (!feed) throw new Error('calendar feed upsert returned nothing');
      await this.audit.record(manager, actor, { action: 'calendar_feed.rotate', entity: 'calendar_feed', entityId: feed.id, changes: { version: { from: feed.version - 1, to: feed.version } } });
      return { url: this.url(feed.id, feed.version) };
    });
  }

  async feed(token: string): Promise<string> {
    const match = /^([0-9a-f]{32})([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match?.[1]) throw notFound('Calendar');
    const hex = match[1];
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const [feed] = await this.dataSource.query<{ id: string; version: number; tenant_id: string; user_id: string; role: TenantRole | null; membership_id: string | null; tenant_name: string }[]>(
      `SELECT f.id, f.version, f.tenant_id, f.user_id, m.role, m.id AS membership_id, t.name AS tenant_name
       FROM calendar_feeds f JOIN tenants t ON t.id = f.tenant_id
       LEFT JOIN memberships m ON m.tenant_id = f.tenant_id AND m.user_id = f.user_id WHERE f.id = $1`,
      [id],
    );
    const expected = feed ? Buffer.from(this.token(feed.id, feed.version)) : Buffer.alloc(0);
    const given = Buffer.from(token);
    if (!feed || !feed.role || !feed.membership_id || expected.length !== given.length || !timingSafeEqual(expected, given)) throw notFound('Calendar');
    const actor: TenantActor = { userId: feed.user_id, tenantId: feed.tenant_id, role: feed.role, membershipId: feed.membership_id };
    return renderCalendar(`Filière — ${feed.tenant_name}`, await this.events(actor));
  }

  private async events(actor: TenantActor): Promise<CalendarEvent[]> {
    const workshops = await this.workshopEvents(actor);
    if (actor.role === 'partner') return workshops; // partners see neither financing, milestones nor sessions
    return [...(await this.projectEvents(actor)), ...workshops];
  }

  /** The workshops the actor sees (same rule as the API), from their first to their last day in Paris. */
  private async workshopEvents(actor: TenantActor): Promise<CalendarEvent[]> {
    const scope = this.access.workshopScope(actor, 'w');
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['w.id AS id', 'w.title AS title', 'w.location AS location', 'w.cohort_id AS "cohortId"'])
      .addSelect(`to_char(w.starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`, 'start')
      .addSelect(`to_char(w.ends_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`, 'end')
      .from('workshops', 'w')
      .where(scope.sql, scope.params)
      .orderBy('w.starts_at')
      .limit(500)
      .getRawMany<{ id: string; title: string; location: string; cohortId: string; start: string; end: string }>();
    const host = new URL(this.config.publicUrl).host;
    return rows.map((w) => ({ uid: `workshop-${w.id}@${host}`, date: w.start, endDate: w.end, summary: `Ateliers intensifs : ${w.title}`, description: w.location, url: `${this.config.publicUrl}/workshops/${w.id}` }));
  }

  private async projectEvents(actor: TenantActor): Promise<CalendarEvent[]> {
    const scope = this.access.projectScope(actor, 'p');
    const projects = await this.dataSource
      .createQueryBuilder()
      .select(['p.id AS id', 'p.title AS title'])
      .from('projects', 'p')
      .where(scope.sql, scope.params)
      .getRawMany<{ id: string; title: string }>();
    const titles = new Map(projects.map((p) => [p.id, p.title]));
    const today = todayInParis();
    const events: CalendarEvent[] = [];
    const host = new URL(this.config.publicUrl).host;
    for (const d of await deadlinesOf(this.dataSource.manager, actor.tenantId, [...titles.keys()], today)) {
      const what = d.kind === 'predeposit' ? 'Pré-dépôt' : 'Clôture';
      events.push({
        uid: `financing-${d.projectId}-${d.schemeId}-${d.kind}@${host}`,
        date: d.date,
        summary: `${what} : ${d.schemeName} (${titles.get(d.projectId) ?? ''})`,
        description: `${d.schemeName} — ${d.funder}. ${d.eligible ? 'Projet éligible.' : 'Éligibilité à confirmer : des informations manquent.'}`,
        url: `${this.config.publicUrl}/projects/${d.projectId}`,
      });
    }
    if (titles.size) {
      const milestones = await this.dataSource.query<{ id: string; project_id: string; title: string; due: string }[]>(
        `SELECT id, project_id, title, to_char(due_date, 'YYYY-MM-DD') AS due FROM milestones
         WHERE tenant_id = $1 AND project_id = ANY($2::uuid[]) AND status <> 'done' AND due_date >= $3::date - 30 ORDER BY due_date LIMIT 2000`,
        [actor.tenantId, [...titles.keys()], today],
      );
      for (const m of milestones) {
        events.push({ uid: `milestone-${m.id}@${host}`, date: m.due, summary: `Jalon : ${m.title} (${titles.get(m.project_id) ?? ''})`, url: `${this.config.publicUrl}/projects/${m.project_id}` });
      }
      // Coaching sessions of the last year and to come (date, duration, mode: never the notes).
      const sessions = await this.dataSource.query<{ id: string; project_id: string; day: string; duration_minutes: number; mode: string }[]>(
        `SELECT id, project_id, to_char(date, 'YYYY-MM-DD') AS day, duration_minutes, mode FROM coaching_sessions
         WHERE tenant_id = $1 AND project_id = ANY($2::uuid[]) AND date >= $3::date - 365 ORDER BY date LIMIT 2000`,
        [actor.tenantId, [...titles.keys()], today],
      );
      const modes: Record<string, string> = { onsite: 'sur site', remote: 'à distance', phone: 'téléphone' };
      for (const c of sessions) {
        events.push({ uid: `session-${c.id}@${host}`, date: c.day, summary: `Séance d’accompagnement : ${titles.get(c.project_id) ?? ''}`, description: `${c.duration_minutes} min, ${modes[c.mode] ?? c.mode}`, url: `${this.config.publicUrl}/projects/${c.project_id}` });
      }
    }
    return events;
  }
}
