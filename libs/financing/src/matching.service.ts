import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationsService } from '@filiere/notifications';
import { todayInParis } from '@filiere/programmes';
import { perimeterCovers } from './eligibility';
import { MatchableProject, matchProject, PROJECT_ROW_SQL, ProjectRow, projectFromRow, SCHEME_ROW_SQL, SchemeIndex, SchemeRow, schemeFromRow } from './matcher';

/** Projects re-matched per transaction: one multi-row upsert each. */
export const MATCH_BATCH_SIZE = 500;
/** Projects whose holders and advisors hear of newly eligible schemes. */
const NOTIFIED_STATUSES = new Set(['applied', 'selected', 'active']);

export interface RematchResult {
  projects: number;
  /** Pairs evaluated (schemes whose perimeter may cover the projects). */
  evaluated: number;
  /** Pairs stored: eligible, or nothing unmet but something unknown. */
  matches: number;
  /** Rows inserted, rewritten or deleted (the others were unchanged). */
  written: number;
  eligible: number;
  newlyEligible: number;
  notified: number;
}

const UPSERT_SQL = `INSERT INTO financing_matches (project_id, scheme_id, tenant_id, eligible, score, unknown_count, computed_at)
SELECT p, s, t, e, sc, k, $7 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bool[], $5::int2[], $6::int2[]) AS x(p, s, t, e, sc, k)
ON CONFLICT (project_id, scheme_id, tenant_id) DO UPDATE SET eligible = EXCLUDED.eligible, score = EXCLUDED.score, unknown_count = EXCLUDED.unknown_count, computed_at = EXCLUDED.computed_at`;

const DELETE_SQL = `DELETE FROM financing_matches fm USING unnest($1::uuid[], $2::uuid[]) AS k(p, s) WHERE fm.project_id = k.p AND fm.scheme_id = k.s`;

const STAMP_SQL = `INSERT INTO project_financing_profiles (tenant_id, project_id, matches_computed_at)
SELECT t, p, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(t, p)
ON CONFLICT (tenant_id, project_id) DO UPDATE SET matches_computed_at = EXCLUDED.matches_computed_at`;

/**
 * Computes and stores financing matches in bulk: the catalogue is loaded once (and cached while
 * unchanged), projects are read in keyset batches, each batch is written with one multi-row
 * upsert (unchanged rows are not rewritten) and one delete of what no longer applies, in a
 * transaction that also creates the "newly eligible" notifications.
 */
@Injectable()
export class MatchingService {
  private cached: { stamp: string; index: SchemeIndex } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  /** The whole catalogue (every tenant's schemes and the national ones), indexed. */
  async schemeIndex(): Promise<SchemeIndex> {
    const [stampRow] = await this.dataSource.query<{ stamp: string }[]>(`SELECT count(*)::text || '|' || coalesce(max(updated_at)::text, '') AS stamp FROM financing_schemes`);
    const stamp = stampRow?.stamp ?? '';
    if (this.cached?.stamp !== stamp) {
      const rows = await this.dataSource.query<SchemeRow[]>(SCHEME_ROW_SQL);
      this.cached = { stamp, index: new SchemeIndex(rows.map(schemeFromRow)) };
    }
    return this.cached.index;
  }

  /** Re-matches these projects (any tenant). */
  async rematchProjects(projectIds: string[], today = todayInParis()): Promise<RematchResult> {
    const index = await this.schemeIndex();
    const total: RematchResult = { projects: 0, evaluated: 0, matches: 0, written: 0, eligible: 0, newlyEligible: 0, notified: 0 };
    for (let i = 0; i < projectIds.length; i += MATCH_BATCH_SIZE) {
      const rows = await this.dataSource.query<ProjectRow[]>(`${PROJECT_ROW_SQL} WHERE p.id = ANY($1::uuid[])`, [projectIds.slice(i, i + MATCH_BATCH_SIZE)]);
      add(total, await this.writeBatch(rows.map(projectFromRow), index, today));
    }
    return total;
  }

  /** Re-matches every project of the installation (nightly, benchmark). */
  async rematchAll(today = todayInParis(), onProgress?: (done: number, total: number) => Promise<void>): Promise<RematchResult> {
    const index = await this.schemeIndex();
    const [count] = await this.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM projects');
    const total: RematchResult = { projects: 0, evaluated: 0, matches: 0, written: 0, eligible: 0, newlyEligible: 0, notified: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<ProjectRow[]>(`${PROJECT_ROW_SQL} WHERE p.id > $1 ORDER BY p.id LIMIT $2`, [after, MATCH_BATCH_SIZE]);
      if (!rows.length) break;
      after = rows[rows.length - 1]?.id ?? after;
      add(total, await this.writeBatch(rows.map(projectFromRow), index, today));
      if (onProgress) await onProgress(total.projects, count?.n ?? total.projects);
    }
    return total;
  }

  /**
   * The projects a change of this scheme may concern: those of its tenant (every tenant for a
   * national scheme) that its perimeter covers now (or whose commune is unknown), plus those
   * that had a match with it (the perimeter may have shrunk).
   */
  async affectedProjects(schemeId: string): Promise<string[]> {
    const [scheme] = await this.dataSource.query<SchemeRow[]>(`${SCHEME_ROW_SQL} WHERE id = $1`, [schemeId]);
    const previous = await this.dataSource.query<{ project_id: string }[]>('SELECT project_id FROM financing_matches WHERE scheme_id = $1', [schemeId]);
    const ids = new Set(previous.map((r) => r.project_id));
    if (scheme) {
      const s = schemeFromRow(scheme);
      const candidates = await this.dataSource.query<{ id: string; commune: string }[]>(
        `SELECT id, company_commune_code AS commune FROM projects ${s.tenantId ? 'WHERE tenant_id = $1' : ''}`,
        s.tenantId ? [s.tenantId] : [],
      );
      for (const p of candidates) if (perimeterCovers(s, p.commune) !== false) ids.add(p.id);
    }
    return [...ids].sort();
  }

  /** Scheme statuses follow the dates; returns the schemes whose status changed. */
  async refreshStatuses(today = todayInParis()): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `UPDATE financing_schemes SET status = x.status, updated_at = now() FROM (
         SELECT id, CASE WHEN closed_manually OR closes_on < $1::date THEN 'closed' WHEN opens_on > $1::date THEN 'upcoming' ELSE 'open' END AS status FROM financing_schemes
       ) x WHERE x.id = financing_schemes.id AND x.status <> financing_schemes.status RETURNING financing_schemes.id`,
      [today],
    );
    return (Array.isArray(rows[0]) ? (rows[0] as { id: string }[]) : rows).map((r) => r.id);
  }

  private async writeBatch(projects: MatchableProject[], index: SchemeIndex, today: string): Promise<RematchResult> {
    const ids = projects.map((p) => p.id);
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      // What is stored: only rows whose result changed are rewritten.
      const stored = await manager.query<{ project_id: string; scheme_id: string; eligible: boolean; score: number; unknown_count: number }[]>(
        'SELECT project_id, scheme_id, eligible, score, unknown_count FROM financing_matches WHERE project_id = ANY($1::uuid[])',
        [ids],
      );
      const before = new Map(stored.map((r) => [`${r.project_id}|${r.scheme_id}`, r]));
      const cols: [string[], string[], string[], boolean[], number[], number[]] = [[], [], [], [], [], []];
      const fresh = new Map<string, string[]>();
      let evaluated = 0;
      let matches = 0;
      let eligible = 0;
      for (const project of projects) {
        for (const m of matchProject(project, index, today)) {
          evaluated++;
          if (m.unmet.length) continue; // not stored: left in `before`, a stored row is deleted below
          matches++;
          const key = `${project.id}|${m.schemeId}`;
          const old = before.get(key);
          before.delete(key);
          if (m.eligible) {
            eligible++;
            if (!old?.eligible) fresh.set(project.id, [...(fresh.get(project.id) ?? []), m.schemeId]);
          }
          if (old && old.eligible === m.eligible && old.score === m.score && old.unknown_count === m.unknown.length) continue;
          cols[0].push(project.id);
          cols[1].push(m.schemeId);
          cols[2].push(project.tenantId);
          cols[3].push(m.eligible);
          cols[4].push(m.score);
          cols[5].push(m.unknown.length);
        }
      }
      // Left in `before`: schemes that no longer concern the project (a criterion unmet now, perimeter changed, project moved).
      if (before.size) {
        const stale = [...before.values()];
        await manager.query(DELETE_SQL, [stale.map((r) => r.project_id), stale.map((r) => r.scheme_id)]);
      }
      if (cols[0].length) await manager.query(UPSERT_SQL, [...cols, now]);
      await manager.query(STAMP_SQL, [projects.map((p) => p.tenantId), ids, now]);
      const notified = fresh.size ? await this.notifyNewlyEligible(manager, fresh, index) : 0;
      return { projects: projects.length, evaluated, matches, written: cols[0].length + before.size, eligible, newlyEligible: [...fresh.values()].reduce((n, l) => n + l.length, 0), notified };
    });
  }

  /** One notification per project and person (its holders, the tenant's advisors) listing the schemes that became eligible. */
  private async notifyNewlyEligible(manager: EntityManager, fresh: Map<string, string[]>, index: SchemeIndex): Promise<number> {
    const names = new Map(index.schemes.map((s) => [s.id, s.name]));
    const about = await manager.query<{ id: string; tenant_id: string; title: string; status: string; recipients: string[] }[]>(
      `SELECT p.id, p.tenant_id, p.title, p.status,
              ARRAY(SELECT pm.user_id FROM project_members pm WHERE pm.tenant_id = p.tenant_id AND pm.project_id = p.id AND pm.role = 'holder'
                    UNION SELECT m.user_id FROM memberships m WHERE m.tenant_id = p.tenant_id AND m.role = 'advisor') AS recipients
       FROM projects p WHERE p.id = ANY($1::uuid[])`,
      [[...fresh.keys()]],
    );
    let created = 0;
    for (const p of about) {
      if (!NOTIFIED_STATUSES.has(p.status)) continue;
      const schemeIds = [...(fresh.get(p.id) ?? [])].sort();
      const digest = createHash('sha256').update(schemeIds.join(',')).digest('hex').slice(0, 16);
      for (const userId of p.recipients) {
        const id = await this.notifications.notify(manager, {
          tenantId: p.tenant_id,
          userId,
          dedupKey: `financing_eligible:${p.id}:${digest}:${userId}`,
          data: { type: 'financing_eligible', projectTitle: p.title, schemes: schemeIds.map((s) => names.get(s) ?? s), link: this.notifications.link(`/projects/${p.id}`) },
        });
        if (id) created += 1;
      }
    }
    return created;
  }
}

function add(total: RematchResult, r: RematchResult): void {
  total.projects += r.projects;
  total.evaluated += r.evaluated;
  total.matches += r.matches;
  total.written += r.written;
  total.eligible += r.eligible;
  total.newlyEligible += r.newlyEligible;
  total.notified += r.notified;
}

