import { competitionRanks, computeWorkshopResults, evaluationScore, populationStd, ScoringCriterion } from './results';

// Innovation counts twice as much as the market, scored on different scales.
const RUBRIC: ScoringCriterion[] = [
  { key: 'innovation', weight: 2, maxScore: 10 },
  { key: 'marche', weight: 1, maxScore: 20 },
];
const A = { projectId: 'a', title: 'Fonderie A' };
const B = { projectId: 'b', title: 'Usinage B' };
const C = { projectId: 'c', title: 'Capteurs C' };

describe('evaluationScore', () => {
  it('is 100 · Σ(weight · score / max) / Σ weight', () => {
    // (2·3/10 + 1·6/20) / 3 = (0.6 + 0.3) / 3 = 0.3 → 30
    expect(evaluationScore(RUBRIC, { innovation: 3, marche: 6 })).toBeCloseTo(30, 10);
    expect(evaluationScore(RUBRIC, { innovation: 10, marche: 20 })).toBeCloseTo(100, 10);
    expect(evaluationScore(RUBRIC, { innovation: 0, marche: 0 })).toBe(0);
    // (2·10/10 + 0) / 3 = 66.67: the weight matters, not the scale of the criterion
    expect(evaluationScore(RUBRIC, { innovation: 10, marche: 0 })).toBeCloseTo(66.6667, 3);
  });
});

describe('populationStd and ranks', () => {
  it('divides by n and is 0 below two values', () => {
    expect(populationStd([30, 50])).toBe(10);
    expect(populationStd([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(populationStd([42])).toBe(0);
  });

  it('ranks ties together and skips the next ranks (1, 2, 2, 4); null has no rank', () => {
    expect(competitionRanks([70, 80, 70, 60, null])).toEqual([2, 1, 2, 4, null]);
  });
});

describe('computeWorkshopResults', () => {
  /*
   * Hand-computed: a harsh partner H scored A and B, a generous partner G scored A and C.
   *   H: A = (2·3/10 + 6/20)/3 = 30, B = (2·5/10 + 10/20)/3 = 50   mean 40, std 10 → zA = −1, zB = +1
   *   G: A = (2·9/10 + 18/20)/3 = 90, C = (2·8/10 + 16/20)/3 = 80  mean 85, std 5  → zA = +1, zC = −1
   * Raw means: A = (30 + 90)/2 = 60, B = 50, C = 80 → C wins only because G is generous.
   * Calibrated: A = (−1 + 1)/2 = 0, B = +1, C = −1 → B wins: best of the harsh partner's two.
   * Spread: A = std(30, 90) = 30 (evaluators disagree), B = C = 0.
   */
  const evaluations = [
    { evaluatorId: 'H', projectId: 'a', scores: { innovation: 3, marche: 6 } },
    { evaluatorId: 'H', projectId: 'b', scores: { innovation: 5, marche: 10 } },
    { evaluatorId: 'G', projectId: 'a', scores: { innovation: 9, marche: 18 } },
    { evaluatorId: 'G', projectId: 'c', scores: { innovation: 8, marche: 16 } },
  ];

  it('calibration changes the winner when a harsh and a generous partner scored different projects', () => {
    const results = computeWorkshopResults(RUBRIC, [A, B, C], evaluations);
    expect(results).toEqual([
      { projectId: 'c', title: 'Capteurs C', weightedScore: 80, evaluationCount: 1, rank: 1, calibratedScore: -1, calibratedRank: 3, spread: 0, disagreement: false },
      { projectId: 'a', title: 'Fonderie A', weightedScore: 60, evaluationCount: 2, rank: 2, calibratedScore: 0, calibratedRank: 2, spread: 30, disagreement: true },
      { projectId: 'b', title: 'Usinage B', weightedScore: 50, evaluationCount: 1, rank: 3, calibratedScore: 1, calibratedRank: 1, spread: 0, disagreement: false },
    ]);
    const rawWinner = results.find((r) => r.rank === 1);
    const calibratedWinner = results.find((r) => r.calibratedRank === 1);
    expect([rawWinner?.projectId, calibratedWinner?.projectId]).toEqual(['c', 'b']);
  });

  it('gives z = 0 when an evaluator scored everything alike or a single project', () => {
    const results = computeWorkshopResults(
      RUBRIC,
      [A, B],
      [
        { evaluatorId: 'X', projectId: 'a', scores: { innovation: 5, marche: 10 } },
        { evaluatorId: 'X', projectId: 'b', scores: { innovation: 5, marche: 10 } },
        { evaluatorId: 'Y', projectId: 'a', scores: { innovation: 7, marche: 2 } },
      ],
    );
    expect(results.map((r) => [r.projectId, r.calibratedScore, r.calibratedRank])).toEqual([
      ['a', 0, 1],
      ['b', 0, 1],
    ]);
  });

  it('ranks equal scores together, orders them by title, and puts unevaluated projects last without rank', () => {
    const results = computeWorkshopResults(
      RUBRIC,
      [B, A, C],
      [
        { evaluatorId: 'H', projectId: 'a', scores: { innovation: 6, marche: 12 } },
        { evaluatorId: 'H', projectId: 'b', scores: { innovation: 6, marche: 12 } },
      ],
    );
    expect(results.map((r) => [r.projectId, r.weightedScore, r.rank, r.evaluationCount, r.spread])).toEqual([
      ['a', 60, 1, 1, 0],
      ['b', 60, 1, 1, 0],
      ['c', null, null, 0, null],
    ]);
  });

  it('ignores evaluations of projects that do not present, and is deterministic whatever the input order', () => {
    const stray = { evaluatorId: 'H', projectId: 'zzz', scores: { innovation: 10, marche: 20 } };
    const one = computeWorkshopResults(RUBRIC, [A, B, C], [...evaluations, stray]);
    const two = computeWorkshopResults(RUBRIC, [C, B, A], [...evaluations].reverse());
    expect(two).toEqual(one);
    expect(one).toHaveLength(3);
  });
});
