import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { notFound } from '@filiere/platform/errors';
import { AccessService } from '@filiere/access';
import { normalizeTopicKey } from '@filiere/coaching';
import { todayInParis } from '@filiere/programmes';
import type { ProjectKind } from '@filiere/projects';
import { findRegion } from '@filiere/reference-data';
import { computeWorkshopResults, ProjectResult, ScoredEvaluation, ScoringCriterion } from '@filiere/workshops';
import { TAG_CATEGORIES, TagCategory } from './observatory.entities';
import { Cell, MIN_CELL_SIZE, OBSERVATORY_TAG_DEFAULTS, RawCell, suppressCell, suppressGrid, toCell } from './observatory-rules';
import { COACHING_SQL, COHORT_SQL, FEES_SQL, FINANCING_SQL, MILESTONES_SQL, NETWORK_SQL, OBSERVATORY_FIGURES_SQL, OBSERVATORY_TAGS_SQL, OUTCOMES_SQL, SOURCING_SQL, WORKSHOPS_SQL } from './reports.sql';
import { ObservatoryService } from './observatory.service';

const n = (v: string | number | null): number => (v === null ? 0 : Number(v));
const nOrNull = (v: string | number | null): number | null => (v === null ? null : Number(v));
const pct = (part: number, whole: number): number | null => (whole ? Math.round((part * 1000) / whole) / 10 : null);

type Num = string | number | null;

interface FiguresRow {
  region: string;
  projects: number;
  kind_company: number;
  kind_activity: number;
  kind_value_chain: number;
  funnel_selected: number;
  funnel_active: number;
  funnel_completed: number;
  funnel_withdrawn: number;
  planned_jobs: Num;
  planned_jobs_n: number;
  achieved_jobs: Num;
  achieved_jobs_n: number;
  planned_investment: Num;
  planned_investment_n: number;
  achieved_investment: Num;
  achieved_investment_n: number;
  planned_import: Num;
  planned_import_n: number;
  achieved_import: Num;
  achieved_import_n: number;
  production_started: number;
}

interface TagRow {
  region: string;
  category: TagCategory;
  key: string;
  projects: number;
}

export const KIND_KEYS = ['company', 'activity', 'value_chain'] as const;
export const FUNNEL_KEYS = ['applied', 'selected', 'active', 'completed', 'withdrawn'] as const;
export const OUTCOME_KEYS = ['plannedJobs', 'achievedJobs', 'plannedInvestmentCents', 'achievedInvestmentCents', 'plannedImportSubstitutionCents', 'achievedImportSubstitutionCents', 'productionStarted'] as const;
type OutcomeKey = (typeof OUTCOME_KEYS)[number];

/** Every outcome of a group as raw cells (value, number of projects behind it). */
function outcomeCells(r: FiguresRow): Record<OutcomeKey, RawCell> {
  return {
    plannedJobs: { value: n(r.planned_jobs), projects: r.planned_jobs_n },
    achievedJobs: { value: n(r.achieved_jobs), projects: r.achieved_jobs_n },
    plannedInvestmentCents: { value: n(r.planned_investment), projects: r.planned_investment_n },
    achievedInvestmentCents: { value: n(r.achieved_investment), projects: r.achieved_investment_n },
    plannedImportSubstitutionCents: { value: n(r.planned_import), projects: r.planned_import_n },
    achievedImportSubstitutionCents: { value: n(r.achieved_import), projects: r.achieved_import_n },
    productionStarted: { value: r.production_started, projects: r.production_started },
  };
}

function funnelCells(r: FiguresRow): Record<(typeof FUNNEL_KEYS)[number], RawCell> {
  const c = (v: number): RawCell => ({ value: v, projects: v });
  return { applied: c(r.projects), selected: c(r.funnel_selected), active: c(r.funnel_active), completed: c(r.funnel_completed), withdrawn: c(r.funnel_withdrawn) };
}

function kindCells(r: FiguresRow): Record<(typeof KIND_KEYS)[number], RawCell> {
  const c = (v: number): RawCell => ({ value: v, projects: v });
  return { company: c(r.kind_company), activity: c(r.kind_activity), value_chain: c(r.kind_value_chain) };
}

const DEFAULT_LABELS = new Map(TAG_CATEGORIES.flatMap((cat) => OBSERVATORY_TAG_DEFAULTS[cat].map((label) => [`${cat}:${normalizeTopicKey(label)}`, label] as const)));

/** Reports: the cohort report, the tenant's observatory and the network roll-up. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly observatory: ObservatoryService,
  ) {}

  async cohortReport(actor: TenantActor, cohortId: string, today = todayInParis()) {
    await this.access.requireCohort(actor, cohortId);
    const args = [actor.tenantId, cohortId];
    const argsToday = [...args, today];
    const q = <T>(sql: string, params: unknown[]): Promise<T[]> => this.dataSource.query<T[]>(sql, params);
    const [[c], [m], [co], [fees], [src], [fin], outcomes, workshops] = await Promise.all([
      q<Record<string, Num> & { id: string; name: string; status: string; start_date: string; end_date: string; closed_at: Date | null }>(COHORT_SQL, args),
      q<Record<string, number>>(MILESTONES_SQL, argsToday),
      q<Record<string, number>>(COACHING_SQL, args),
      q<Record<string, Num>>(FEES_SQL, argsToday),
      q<Record<string, number>>(SOURCING_SQL, args),
      q<Record<string, number>>(FINANCING_SQL, args),
      q<Record<string, Num> & { project_id: string; title: string; status: string; kind: ProjectKind; planned_production: string | null; production_started: string | null }>(OUTCOMES_SQL, args),
      q<{ id: string; title: string; status: string; starts_at: Date; criteria: ScoringCriterion[]; projects: { projectId: string; title: string }[]; evaluations: ScoredEvaluation[]; awards: { projectId: string; prize: string; awardedBy: string }[]; partners: number }>(WORKSHOPS_SQL, args),
    ]);
    if (!c || !m || !co || !fees || !src || !fin) throw notFound('Cohort');
    const projects = n(c.projects);
    const counted = projects - n(c.withdrawn);
    const budgetHours = c.coaching_hours_per_project === null ? null : n(c.coaching_hours_per_project) * counted;
    const invoicedIncl = n(fees.invoiced_incl_vat);
    const paid = n(fees.paid);
    const credited = n(fees.credited);
    const sum = (key: string): number | null => {
      const values = outcomes.map((o) => o[key]).filter((v): v is string | number => v !== null && v !== undefined);
      return values.length ? values.reduce((a: number, v) => a + Number(v), 0) : null;
    };
    return {
      cohort: { id: c.id, name: c.name, status: c.status, startDate: c.start_date, endDate: c.end_date, closedAt: c.closed_at ? c.closed_at.toISOString() : null, feeCents: n(c.fee_cents) },
      today,
      projects: { total: projects, applied: n(c.applied), selected: n(c.selected), active: n(c.active), completed: n(c.completed), withdrawn: n(c.withdrawn) },
      milestones: { total: m.total, done: m.done, inProgress: m.in_progress, blocked: m.blocked, late: m.late, doneLate: m.done_late, projectsWithLate: m.projects_late, completionPercent: pct(n(m.done ?? 0), n(m.total ?? 0)) },
      coaching: { minutes: co.minutes, hours: Math.round(n(co.minutes ?? 0) / 6) / 10, sessions: co.sessions, projectsCoached: co.projects_coached, budgetHours, usedPercent: budgetHours ? pct(n(co.minutes ?? 0), budgetHours * 60) : null },
      workshops: workshops.map((w) => {
        const results: ProjectResult[] = computeWorkshopResults(w.criteria, w.projects, w.evaluations);
        return {
          id: w.id,
          title: w.title,
          status: w.status,
          startsAt: w.starts_at.toISOString(),
          presentingProjects: w.projects.length,
          partners: w.partners,
          evaluations: w.evaluations.length,
          results: results.map((r) => ({ projectId: r.projectId, title: r.title, weightedScore: r.weightedScore, rank: r.rank, evaluationCount: r.evaluationCount, calibratedScore: r.calibratedScore })),
          awards: w.awards,
        };
      }),
      fees: {
        invoices: n(fees.invoices),
        drafts: n(fees.drafts),
        invoicedExclVatCents: n(fees.invoiced_excl_vat),
        invoicedInclVatCents: invoicedIncl,
        paidCents: paid,
        creditedCents: credited,
        outstandingCents: invoicedIncl - paid - credited,
        overdue: n(fees.overdue),
      },
      sourcing: { requests: src.requests, upstream: src.upstream, downstream: src.downstream, candidates: src.candidates, shortlisted: src.shortlisted, contacted: src.contacted, interested: src.interested, qualified: src.qualified },
      financing: { eligibleMatches: fin.eligible_matches, projectsWithEligible: fin.projects_with_eligible, schemes: fin.schemes, possibleMatches: fin.possible_matches },
      outcomes: {
        planned: { jobs: sum('planned_jobs'), investmentCents: sum('planned_investment'), importSubstitutionCents: sum('planned_import'), productionStarts: outcomes.filter((o) => o.planned_production).length },
        achieved: { jobs: sum('achieved_jobs'), investmentCents: sum('achieved_investment'), importSubstitutionCents: sum('achieved_import'), productionStarted: outcomes.filter((o) => o.production_started).length },
        followUps: { answered: outcomes.reduce((a, o) => a + n(o.follow_ups_answered), 0), pending: outcomes.reduce((a, o) => a + n(o.follow_ups_pending), 0) },
        projects: outcomes.map((o) => ({
          projectId: o.project_id,
          title: o.title,
          status: o.status,
          kind: o.kind,
          planned: { jobs: nOrNull(o.planned_jobs), investmentCents: nOrNull(o.planned_investment), importSubstitutionCents: nOrNull(o.planned_import), productionStartOn: o.planned_production },
          achieved: { jobs: nOrNull(o.achieved_jobs), investmentCents: nOrNull(o.achieved_investment), importSubstitutionCents: nOrNull(o.achieved_import), productionStartOn: o.production_started },
          followUps: { answered: n(o.follow_ups_answered), pending: n(o.follow_ups_pending) },
        })),
      },
    };
  }

  /** The tenant's observatory (no suppression: the tenant sees its own projects). */
  async observatoryReport(actor: TenantActor, year: number | null, cohortId: string | null) {
    if (cohortId) await this.access.requireCohort(actor, cohortId);
    await this.observatory.ensureDefaultTags(this.dataSource.manager, actor.tenantId);
    const params = [actor.tenantId, year, cohortId];
    const [[row], tagRows, labels] = await Promise.all([
      this.dataSource.query<FiguresRow[]>(OBSERVATORY_FIGURES_SQL, params),
      this.dataSource.query<TagRow[]>(OBSERVATORY_TAGS_SQL, params),
      this.dataSource.query<{ category: TagCategory; key: string; label: string }[]>('SELECT category, key, label FROM observatory_tags WHERE tenant_id = $1', [actor.tenantId]),
    ]);
    if (!row) throw notFound('Observatory');
    const label = (cat: TagCategory, key: string): string => labels.find((l) => l.category === cat && l.key === key)?.label ?? key;
    const plain = <K extends string>(cells: Record<K, RawCell>): Record<K, number> => Object.fromEntries(Object.entries<RawCell>(cells).map(([k, c]) => [k, c.value])) as Record<K, number>;
    const outcomes = outcomeCells(row);
    const tags = (cat: TagCategory) => tagRows.filter((t) => t.category === cat).map((t) => ({ key: t.key, label: label(cat, t.key), projects: t.projects }));
    return {
      year,
      cohortId,
      projects: row.projects,
      byKind: plain(kindCells(row)),
      funnel: plain(funnelCells(row)),
      motivations: tags('motivation'),
      successFactors: tags('success_factor'),
      obstacles: tags('obstacle'),
      outcomes: { ...plain(outcomes), projectsWithAchievedJobs: outcomes.achievedJobs.projects },
    };
  }

  /**
   * The network roll-up: the same figures per région, across tenants, aggregated only. Cells of
   * 1 or 2 projects are suppressed, with complementary suppression so that no hidden cell can be
   * recomputed from a published total (see README, "Observatory and roll-up").
   */
  async networkReport(year: number | null) {
    const params = [null, year, null];
    const [[result], labels] = await Promise.all([
      this.dataSource.query<{ figures: (FiguresRow & { national: number })[]; tags: (TagRow & { national: number })[] }[]>(NETWORK_SQL, params),
      this.dataSource.query<{ category: TagCategory; key: string; label: string }[]>('SELECT category, key, min(label) AS label FROM observatory_tags GROUP BY category, key'),
    ]);
    const rows = (result?.figures ?? []).filter((r) => r.national === 0);
    const national = (result?.figures ?? []).find((r) => r.national === 1);
    // A tenant's own tag (not one of the French defaults) carried by fewer than 3 projects nationally
    // is left out altogether: its label and key are words a tenant typed and could identify a project.
    const published = (t: TagRow): boolean => DEFAULT_LABELS.has(`${t.category}:${t.key}`) || ((result?.tags ?? []).find((n) => n.national === 1 && n.category === t.category && n.key === t.key)?.projects ?? 0) >= MIN_CELL_SIZE;
    const tagRows = (result?.tags ?? []).filter((r) => r.national === 0 && published(r));
    const nationalTags = (result?.tags ?? []).filter((r) => r.national === 1 && published(r));
    const label = (cat: TagCategory, key: string): string => DEFAULT_LABELS.get(`${cat}:${key}`) ?? labels.find((l) => l.category === cat && l.key === key)?.label ?? key;

    // Régions: the project counts partition the national count.
    const regionHidden = suppressGrid(
      rows.map((r) => [{ value: r.projects, projects: r.projects }]),
      { rowTotals: false },
    ).map((row) => row[0] === true);
    const grid = <K extends string>(keys: readonly K[], cellsOf: (r: FiguresRow) => Record<K, RawCell>, rowTotals: boolean): Record<K, Cell>[] => {
      const raw = rows.map((r) => keys.map((k) => cellsOf(r)[k]));
      const hide = suppressGrid(raw, { rowTotals, hiddenRows: regionHidden });
      return raw.map((cells, i) => Object.fromEntries(keys.map((k, j) => [k, toCell(cells[j], hide[i]?.[j] === true)])) as Record<K, Cell>);
    };
    const kinds = grid(KIND_KEYS, kindCells, true);
    const funnels = grid(FUNNEL_KEYS, funnelCells, false);
    const outcomes = grid(OUTCOME_KEYS, outcomeCells, false);
    const tagKeys = [...new Set(tagRows.map((t) => `${t.category}:${t.key}`))];
    const tagRaw = rows.map((r) => tagKeys.map((k) => {
      const projects = tagRows.find((t) => t.region === r.region && `${t.category}:${t.key}` === k)?.projects ?? 0;
      return { value: projects, projects };
    }));
    const tagHide = suppressGrid(tagRaw, { rowTotals: false, hiddenRows: regionHidden });
    const tagLists = (i: number, cat: TagCategory) =>
      tagKeys.flatMap((k, j) => (k.startsWith(`${cat}:`) && (tagRaw[i]?.[j]?.projects ?? 0) > 0 ? [{ key: k.slice(cat.length + 1), label: label(cat, k.slice(cat.length + 1)), projects: toCell(tagRaw[i]?.[j], tagHide[i]?.[j] === true) }] : []));
    const nationalView = () => {
      if (!national) return null;
      const map = <K extends string>(cells: Record<K, RawCell>): Record<K, Cell> => Object.fromEntries(Object.entries<RawCell>(cells).map(([k, c]) => [k, suppressCell(c)])) as Record<K, Cell>;
      const tags = (cat: TagCategory) => nationalTags.filter((t) => t.category === cat).map((t) => ({ key: t.key, label: label(cat, t.key), projects: suppressCell({ value: t.projects, projects: t.projects }) }));
      return {
        projects: suppressCell({ value: national.projects, projects: national.projects }),
        byKind: map(kindCells(national)),
        funnel: map(funnelCells(national)),
        outcomes: map(outcomeCells(national)),
        motivations: tags('motivation'),
        successFactors: tags('success_factor'),
        obstacles: tags('obstacle'),
      };
    };
    return {
      year,
      minCellSize: MIN_CELL_SIZE,
      regions: rows.map((r, i) => ({
        regionCode: r.region,
        regionName: findRegion(r.region)?.name ?? r.region,
        projects: toCell({ value: r.projects, projects: r.projects }, regionHidden[i] === true),
        byKind: kinds[i],
        funnel: funnels[i],
        outcomes: outcomes[i],
        motivations: tagLists(i, 'motivation'),
        successFactors: tagLists(i, 'success_factor'),
        obstacles: tagLists(i, 'obstacle'),
      })),
      national: nationalView(),
    };
  }
}
