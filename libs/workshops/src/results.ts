/**
 * Workshop results, as pure functions (unit-tested with hand-computed examples).
 *
 * - Scale: every score is on **0–100**. One evaluation's weighted score is
 *   100 · Σ(weight · score / maxScore) / Σ weight over the rubric's criteria.
 * - weightedScore: the mean of a project's evaluation scores.
 * - calibratedScore: for each evaluator, the z-score of each of their evaluation scores among
 *   all the projects they evaluated ((x − mean) / std, population std; std 0 → z 0, which
 *   includes an evaluator who scored a single project); then the mean of a project's z-scores.
 *   A harsh and a generous evaluator count the same once their own scale is removed.
 * - spread: the population standard deviation of a project's evaluation scores (0 with one
 *   evaluation); `disagreement` when it reaches {@link DISAGREEMENT_SPREAD} points.
 * - Ranks: competition ranking ("1, 2, 2, 4") on the published (rounded) values, so equal
 *   shown scores share a rank; projects without evaluations have no score and no rank. Rows
 *   come in rank order, ties broken by calibrated score, then title (French collation), then id.
 */

export const SCORE_SCALE = 100;
/** A spread from this many points (on 0–100) flags that evaluators disagree on the project. */
export const DISAGREEMENT_SPREAD = 15;

export interface ScoringCriterion {
  key: string;
  weight: number;
  maxScore: number;
}

export interface ScoredEvaluation {
  evaluatorId: string;
  projectId: string;
  scores: Record<string, number>;
}

export interface PresentingProject {
  projectId: string;
  title: string;
}

export interface ProjectResult {
  projectId: string;
  title: string;
  weightedScore: number | null;
  evaluationCount: number;
  rank: number | null;
  calibratedScore: number | null;
  calibratedRank: number | null;
  spread: number | null;
  disagreement: boolean;
}

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Population standard deviation (0 for fewer than two values). */
export function populationStd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

/** One evaluation's weighted score on 0–100 (missing criteria count as 0; validation prevents them). */
export function evaluationScore(criteria: ScoringCriterion[], scores: Record<string, number>): number {
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight <= 0) return 0;
  const weighted = criteria.reduce((sum, c) => sum + (c.weight * (scores[c.key] ?? 0)) / c.maxScore, 0);
  return (SCORE_SCALE * weighted) / totalWeight;
}

/** Competition ranks of values (higher is better); null values get a null rank. */
export function competitionRanks(values: (number | null)[]): (number | null)[] {
  const present = values.filter((v): v is number => v !== null);
  return values.map((v) => (v === null ? null : 1 + present.filter((o) => o > v).length));
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

export function computeWorkshopResults(criteria: ScoringCriterion[], projects: PresentingProject[], evaluations: ScoredEvaluation[]): ProjectResult[] {
  const known = new Set(projects.map((p) => p.projectId));
  const scored = evaluations.filter((e) => known.has(e.projectId)).map((e) => ({ ...e, score: evaluationScore(criteria, e.scores) }));

  const zByEvaluation = new Map<(typeof scored)[number], number>();
  const byEvaluator = new Map<string, typeof scored>();
  for (const e of scored) byEvaluator.set(e.evaluatorId, [...(byEvaluator.get(e.evaluatorId) ?? []), e]);
  for (const own of byEvaluator.values()) {
    const xs = own.map((e) => e.score);
    const m = mean(xs);
    const sd = populationStd(xs);
    for (const e of own) zByEvaluation.set(e, sd > 0 ? (e.score - m) / sd : 0);
  }

  const rows = projects.map((p) => {
    const own = scored.filter((e) => e.projectId === p.projectId);
    const xs = own.map((e) => e.score);
    const zs = own.map((e) => zByEvaluation.get(e) ?? 0);
    return {
      projectId: p.projectId,
      title: p.title,
      weightedScore: xs.length ? round(mean(xs), 2) : null,
      evaluationCount: xs.length,
      calibratedScore: zs.length ? round(mean(zs), 3) : null,
      spread: xs.length ? round(populationStd(xs), 2) : null,
    };
  });
  const ranks = competitionRanks(rows.map((r) => r.weightedScore));
  const calibratedRanks = competitionRanks(rows.map((r) => r.calibratedScore));
  const results: ProjectResult[] = rows.map((r, i) => ({
    projectId: r.projectId,
    title: r.title,
    weightedScore: r.weightedScore,
    evaluationCount: r.evaluationCount,
    rank: ranks[i] ?? null,
    calibratedScore: r.calibratedScore,
    calibratedRank: calibratedRanks[i] ?? null,
    spread: r.spread,
    disagreement: r.spread !== null && r.spread >= DISAGREEMENT_SPREAD,
  }));
  const last = Number.MAX_SAFE_INTEGER;
  return results.sort(
    (a, b) =>
      (a.rank ?? last) - (b.rank ?? last) ||
      (a.calibratedRank ?? last) - (b.calibratedRank ?? last) ||
      collator.compare(a.title, b.title) ||
      (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0),
  );
}
