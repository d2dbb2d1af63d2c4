/**
 * The report queries, one per section, aggregated in PostgreSQL. Parameters: $1 tenant, $2 cohort,
 * $3 today (Europe/Paris) where needed.
 */
export const COHORT_SQL = `
SELECT c.id, c.name, c.status, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
       c.fee_cents, c.coaching_hours_per_project, c.closed_at,
       count(p.id)::int AS projects,
       count(p.id) FILTER (WHERE p.status = 'applied')::int AS applied,
       count(p.id) FILTER (WHERE p.status = 'selected')::int AS selected,
       count(p.id) FILTER (WHERE p.status = 'active')::int AS active,
       count(p.id) FILTER (WHERE p.status = 'completed')::int AS completed,
       count(p.id) FILTER (WHERE p.status = 'withdrawn')::int AS withdrawn
FROM cohorts c LEFT JOIN projects p ON p.tenant_id = c.tenant_id AND p.cohort_id = c.id
WHERE c.tenant_id = $1 AND c.id = $2
GROUP BY c.id`;

export const MILESTONES_SQL = `
SELECT count(*)::int AS total,
       count(*) FILTER (WHERE m.status = 'done')::int AS done,
       count(*) FILTER (WHERE m.status = 'in_progress')::int AS in_progress,
       count(*) FILTER (WHERE m.status = 'blocked')::int AS blocked,
       count(*) FILTER (WHERE m.status <> 'done' AND m.due_date < $3::date)::int AS late,
       count(*) FILTER (WHERE m.status = 'done' AND (m.completed_at AT TIME ZONE 'Europe/Paris')::date > m.due_date)::int AS done_late,
       count(DISTINCT m.project_id) FILTER (WHERE m.status <> 'done' AND m.due_date < $3::date)::int AS projects_late
FROM milestones m JOIN projects p ON p.id = m.project_id AND p.tenant_id = m.tenant_id
WHERE p.tenant_id = $1 AND p.cohort_id = $2`;

export const COACHING_SQL = `
SELECT COALESCE(sum(cs.duration_minutes), 0)::int AS minutes, count(*)::int AS sessions, count(DISTINCT cs.project_id)::int AS projects_coached
FROM coaching_sessions cs JOIN projects p ON p.id = cs.project_id AND p.tenant_id = cs.tenant_id
WHERE p.tenant_id = $1 AND p.cohort_id = $2`;

export const FEES_SQL = `
SELECT count(*) FILTER (WHERE i.status <> 'draft')::int AS invoices,
       COALESCE(sum(i.total_excl_vat_cents) FILTER (WHERE i.status <> 'draft'), 0)::bigint AS invoiced_excl_vat,
       COALESCE(sum(i.total_incl_vat_cents) FILTER (WHERE i.status <> 'draft'), 0)::bigint AS invoiced_incl_vat,
       COALESCE(sum(i.paid_cents) FILTER (WHERE i.status <> 'draft'), 0)::bigint AS paid,
       COALESCE(sum(i.credited_cents) FILTER (WHERE i.status <> 'draft'), 0)::bigint AS credited,
       count(*) FILTER (WHERE i.status IN ('issued', 'partially_paid') AND i.due_date < $3::date)::int AS overdue,
       count(*) FILTER (WHERE i.status = 'draft')::int AS drafts
FROM invoices i JOIN projects p ON p.id = i.project_id AND p.tenant_id = i.tenant_id
WHERE p.tenant_id = $1 AND p.cohort_id = $2`;

/** Contacts made: candidates moved to contacted or beyond (interested, declined, qualified). */
export const SOURCING_SQL = `
SELECT count(DISTINCT sr.id)::int AS requests,
       count(DISTINCT sr.id) FILTER (WHERE sr.direction = 'upstream')::int AS upstream,
       count(DISTINCT sr.id) FILTER (WHERE sr.direction = 'downstream')::int AS downstream,
       count(sc.id)::int AS candidates,
       count(sc.id) FILTER (WHERE sc.status = 'shortlisted')::int AS shortlisted,
       count(sc.id) FILTER (WHERE sc.status IN ('contacted', 'interested', 'declined', 'qualified'))::int AS contacted,
       count(sc.id) FILTER (WHERE sc.status IN ('interested', 'qualified'))::int AS interested,
       count(sc.id) FILTER (WHERE sc.status = 'qualified')::int AS qualified
FROM sourcing_requests sr JOIN projects p ON p.id = sr.project_id AND p.tenant_id = sr.tenant_id
LEFT JOIN sourcing_candidates sc ON sc.request_id = sr.id AND sc.tenant_id = sr.tenant_id
WHERE p.tenant_id = $1 AND p.cohort_id = $2`;

export const FINANCING_SQL = `
SELECT count(*) FILTER (WHERE fm.eligible)::int AS eligible_matches,
       count(DISTINCT fm.project_id) FILTER (WHERE fm.eligible)::int AS projects_with_eligible,
       count(DISTINCT fm.scheme_id) FILTER (WHERE fm.eligible)::int AS schemes,
       count(*) FILTER (WHERE NOT fm.eligible)::int AS possible_matches
FROM financing_matches fm JOIN projects p ON p.id = fm.project_id AND p.tenant_id = fm.tenant_id
WHERE p.tenant_id = $1 AND p.cohort_id = $2`;

/** Planned figures: the observatory record's, else the project's own (jobs, investment). */
export const OUTCOMES_SQL = `
SELECT p.id AS project_id, p.title, p.status, p.kind,
       CASE WHEN o.id IS NULL THEN p.jobs_planned ELSE o.planned_jobs END AS planned_jobs,
       CASE WHEN o.id IS NULL THEN p.investment_cents ELSE o.planned_investment_cents END AS planned_investment,
       o.planned_import_substitution_cents AS planned_import, to_char(o.planned_production_start_on, 'YYYY-MM-DD') AS planned_production,
       o.achieved_jobs, o.achieved_investment_cents AS achieved_investment, o.achieved_import_substitution_cents AS achieved_import,
       to_char(o.production_started_on, 'YYYY-MM-DD') AS production_started,
       (SELECT count(*) FROM follow_up_forms f WHERE f.tenant_id = p.tenant_id AND f.project_id = p.id AND f.answered_at IS NOT NULL)::int AS follow_ups_answered,
       (SELECT count(*) FROM follow_up_forms f WHERE f.tenant_id = p.tenant_id AND f.project_id = p.id AND f.sent_at IS NOT NULL AND f.answered_at IS NULL)::int AS follow_ups_pending
FROM projects p LEFT JOIN project_observatory o ON o.tenant_id = p.tenant_id AND o.project_id = p.id
WHERE p.tenant_id = $1 AND p.cohort_id = $2
ORDER BY p.title, p.id`;

export const WORKSHOPS_SQL = `
SELECT w.id, w.title, w.status, w.starts_at, w.criteria,
       COALESCE((SELECT json_agg(json_build_object('projectId', wp.project_id, 'title', p.title) ORDER BY wp.position)
                 FROM workshop_projects wp JOIN projects p ON p.id = wp.project_id WHERE wp.tenant_id = w.tenant_id AND wp.workshop_id = w.id), '[]') AS projects,
       COALESCE((SELECT json_agg(json_build_object('evaluatorId', e.partner_user_id, 'projectId', e.project_id, 'scores', e.scores))
                 FROM workshop_evaluations e WHERE e.tenant_id = w.tenant_id AND e.workshop_id = w.id), '[]') AS evaluations,
       COALESCE((SELECT json_agg(json_build_object('projectId', a.project_id, 'prize', a.prize, 'awardedBy', a.awarded_by) ORDER BY a.created_at, a.id)
                 FROM workshop_awards a WHERE a.tenant_id = w.tenant_id AND a.workshop_id = w.id), '[]') AS awards,
       (SELECT count(*) FROM workshop_partners wi WHERE wi.tenant_id = w.tenant_id AND wi.workshop_id = w.id)::int AS partners
FROM workshops w WHERE w.tenant_id = $1 AND w.cohort_id = $2
ORDER BY w.starts_at, w.id`;

/**
 * The observatory's population: projects (with their observatory record) of cohorts started in
 * the year. `$1` tenant or NULL (every tenant), `$2` year or NULL, `$3` cohort or NULL.
 */
const OBSERVATORY_BASE = `
SELECT p.id, p.tenant_id, t.region_code AS region, p.kind, p.status,
       COALESCE(o.motivations, '{}') AS motivations, COALESCE(o.success_factors, '{}') AS success_factors, COALESCE(o.obstacles, '{}') AS obstacles,
       CASE WHEN o.id IS NULL THEN p.jobs_planned ELSE o.planned_jobs END AS planned_jobs,
       CASE WHEN o.id IS NULL THEN p.investment_cents ELSE o.planned_investment_cents END AS planned_investment,
       o.planned_import_substitution_cents AS planned_import,
       o.achieved_jobs, o.achieved_investment_cents AS achieved_investment, o.achieved_import_substitution_cents AS achieved_import,
       o.production_started_on
FROM cohorts c
JOIN projects p ON p.tenant_id = c.tenant_id AND p.cohort_id = c.id
JOIN tenants t ON t.id = c.tenant_id
LEFT JOIN project_observatory o ON o.tenant_id = p.tenant_id AND o.project_id = p.id
WHERE ($1::uuid IS NULL OR c.tenant_id = $1::uuid)
  AND ($2::int IS NULL OR (c.start_date >= make_date($2::int, 1, 1) AND c.start_date < make_date($2::int + 1, 1, 1)))
  AND ($3::uuid IS NULL OR c.id = $3::uuid)`;

/**
 * Figures of a group of projects: counts by type, the funnel (a project counts at every stage it
 * reached: selected = selected, active or completed…), and each outcome's sum with the number of
 * projects that gave it.
 */
const FIGURES_COLUMNS = `
       count(*)::int AS projects,
       count(*) FILTER (WHERE kind = 'company')::int AS kind_company,
       count(*) FILTER (WHERE kind = 'activity')::int AS kind_activity,
       count(*) FILTER (WHERE kind = 'value_chain')::int AS kind_value_chain,
       count(*) FILTER (WHERE status IN ('selected', 'active', 'completed'))::int AS funnel_selected,
       count(*) FILTER (WHERE status IN ('active', 'completed'))::int AS funnel_active,
       count(*) FILTER (WHERE status = 'completed')::int AS funnel_completed,
       count(*) FILTER (WHERE status = 'withdrawn')::int AS funnel_withdrawn,
       COALESCE(sum(planned_jobs), 0)::bigint AS planned_jobs, count(planned_jobs)::int AS planned_jobs_n,
       COALESCE(sum(achieved_jobs), 0)::bigint AS achieved_jobs, count(achieved_jobs)::int AS achieved_jobs_n,
       COALESCE(sum(planned_investment), 0)::bigint AS planned_investment, count(planned_investment)::int AS planned_investment_n,
       COALESCE(sum(achieved_investment), 0)::bigint AS achieved_investment, count(achieved_investment)::int AS achieved_investment_n,
       COALESCE(sum(planned_import), 0)::bigint AS planned_import, count(planned_import)::int AS planned_import_n,
       COALESCE(sum(achieved_import), 0)::bigint AS achieved_import, count(achieved_import)::int AS achieved_import_n,
       count(production_started_on)::int AS production_started`;

const TAGS_OF_BASE = `
  SELECT region, 'motivation' AS category, unnest(motivations) AS key FROM base
  UNION ALL SELECT region, 'success_factor', unnest(success_factors) FROM base
  UNION ALL SELECT region, 'obstacle', unnest(obstacles) FROM base`;

/** The tenant observatory's figures (one group). */
export const OBSERVATORY_FIGURES_SQL = `WITH base AS (${OBSERVATORY_BASE}) SELECT 'all'::text AS region, ${FIGURES_COLUMNS} FROM base`;

/** The tenant observatory's tag counts: projects carrying each tag key. */
export const OBSERVATORY_TAGS_SQL = `
WITH base AS (${OBSERVATORY_BASE})
SELECT 'all'::text AS region, category, key, count(*)::int AS projects FROM (${TAGS_OF_BASE}) x
GROUP BY category, key ORDER BY category, count(*) DESC, key`;

/**
 * The network roll-up computed the straightforward way: figures and tag counts per région and
 * nationally (GROUPING SETS; `national` = 1 on the national rows) over the projects themselves, as
 * two JSON arrays. {@link NETWORK_SQL} must answer exactly this (the specs compare them); it is
 * kept as the definition, not run by the service.
 */
export const NETWORK_REFERENCE_SQL = `
WITH base AS MATERIALIZED (${OBSERVATORY_BASE}),
fig AS (SELECT region, GROUPING(region) AS national, ${FIGURES_COLUMNS} FROM base GROUP BY GROUPING SETS ((region), ())),
tg AS (SELECT region, GROUPING(region) AS national, category, key, count(*)::int AS projects FROM (${TAGS_OF_BASE}) x GROUP BY GROUPING SETS ((region, category, key), (category, key)))
SELECT (SELECT COALESCE(json_agg(fig ORDER BY national, region), '[]'::json) FROM fig) AS figures,
       (SELECT COALESCE(json_agg(tg ORDER BY national, region, category, projects DESC, key), '[]'::json) FROM tg) AS tags`;

/** The cohorts of the population: `$1` tenant or NULL, `$2` year or NULL, `$3` cohort or NULL. */
const COHORTS_OF = `SELECT c.id FROM cohorts c
  WHERE ($1::uuid IS NULL OR c.tenant_id = $1::uuid)
    AND ($2::int IS NULL OR (c.start_date >= make_date($2::int, 1, 1) AND c.start_date < make_date($2::int + 1, 1, 1)))
    AND ($3::uuid IS NULL OR c.id = $3::uuid)`;

/** The figures of {@link FIGURES_COLUMNS} once more, as sums of partial figures (`pc`'s). */
const FIGURES_SUMS = [...FIGURES_COLUMNS.matchAll(/::(int|bigint) AS (\w+)/g)].map(([, type, name]) => `COALESCE(sum(${name}), 0)::${type} AS ${name}`).join(',\n       ');

/**
 * The network roll-up, fast: the same answer as {@link NETWORK_REFERENCE_SQL}, from
 * `observatory_rollups` (one row per cohort: its projects' figures and tag counts, kept up to date
 * by triggers in the transactions that change projects or observatory records; migration
 * ObservatoryRollups). Only these rows are joined to their cohort (year, and the cohort must be the
 * projects' tenant's) and tenant (région), and rolled up with GROUPING SETS.
 */
export const NETWORK_SQL = `
WITH r AS (
  SELECT t.region_code AS region, r.*
  FROM observatory_rollups r JOIN cohorts c ON c.tenant_id = r.tenant_id AND c.id = r.cohort_id JOIN tenants t ON t.id = c.tenant_id
  WHERE c.id IN (${COHORTS_OF})),
fig AS (SELECT region, GROUPING(region) AS national, ${FIGURES_SUMS} FROM r GROUP BY GROUPING SETS ((region), ())),
tg AS (SELECT r.region, GROUPING(r.region) AS national, x.c AS category, x.k AS key, sum(x.n)::int AS projects
       FROM r CROSS JOIN LATERAL jsonb_to_recordset(r.tags) AS x(c text, k text, n int)
       GROUP BY GROUPING SETS ((r.region, x.c, x.k), (x.c, x.k)))
SELECT (SELECT COALESCE(json_agg(fig ORDER BY national, region), '[]'::json) FROM fig) AS figures,
       (SELECT COALESCE(json_agg(tg ORDER BY national, region, category, projects DESC, key), '[]'::json) FROM tg) AS tags`;
