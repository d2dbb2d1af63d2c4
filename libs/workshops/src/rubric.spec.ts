import { rubricErrors, validateScores } from './rubric';

const RUBRIC = [
  { key: 'innovation', label: 'Innovation', weight: 2, maxScore: 10 },
  { key: 'marche', label: 'Marché', weight: 1, maxScore: 20 },
];

describe('validateScores', () => {
  it('accepts every criterion within 0..maxScore, bounds included', () => {
    expect(validateScores(RUBRIC, { innovation: 0, marche: 20 })).toEqual({ scores: { innovation: 0, marche: 20 }, errors: [] });
    expect(validateScores(RUBRIC, { innovation: 7.5, marche: 12 }).errors).toEqual([]);
  });

  it('names each bad field: above max, negative, missing, unknown, not a number', () => {
    expect(validateScores(RUBRIC, { innovation: 11, marche: -1 }).errors).toEqual([
      { field: 'scores.innovation', message: 'must be between 0 and 10' },
      { field: 'scores.marche', message: 'must be between 0 and 20' },
    ]);
    expect(validateScores(RUBRIC, { innovation: 5 }).errors).toEqual([{ field: 'scores.marche', message: 'required: every criterion is scored' }]);
    expect(validateScores(RUBRIC, { innovation: 5, marche: 5, design: 3 }).errors).toEqual([
      { field: 'scores.design', message: 'unknown criterion (the rubric has: innovation, marche)' },
    ]);
    expect(validateScores(RUBRIC, { innovation: '5', marche: Number.NaN }).errors.map((e) => e.message)).toEqual(['must be a number', 'must be a number']);
  });
});

describe('rubricErrors', () => {
  it('flags a repeated key at its position', () => {
    expect(rubricErrors([{ key: 'a' }, { key: 'b' }, { key: 'a' }])).toEqual([{ field: 'criteria.2.key', message: 'duplicate key "a"' }]);
  });
});
