import { followUpDueOn, suppressGrid } from './observatory-rules';

const cells = (...counts: number[]) => counts.map((c) => ({ value: c, projects: c }));

describe('suppressGrid', () => {
  it('hides cells of 1 or 2 projects, never empty ones', () => {
    expect(suppressGrid([cells(0), cells(5), cells(2), cells(4)], { rowTotals: false })).toEqual([[false], [false], [true], [true]]);
  });

  it('hides a second cell when one alone would be the total minus the others', () => {
    // 2 is hidden; the smallest other non-empty (4) too, so that 6 − visible does not give 2 back.
    expect(suppressGrid([cells(10, 2, 4)], { rowTotals: true })).toEqual([[false, true, true]]);
  });

  it('keeps hiding until what is hidden holds at least 3 projects', () => {
    // 1 and 1 are hidden (2 projects together): the next smallest (3) goes too.
    expect(suppressGrid([cells(1, 1, 3, 8)], { rowTotals: true })).toEqual([[true, true, true, false]]);
  });

  it('works on rows and columns until stable, with hidden rows', () => {
    const grid = [cells(5, 5), cells(4, 6), cells(7, 1)];
    const hide = suppressGrid(grid, { rowTotals: true, hiddenRows: [false, false, false] });
    // (2,1) small → its row partner (2,0) hidden; columns then need a second hidden cell each.
    expect(hide[2]).toEqual([true, true]);
    expect(hide.filter((r) => r[0]).length).toBeGreaterThanOrEqual(2);
    expect(hide.filter((r) => r[1]).length).toBeGreaterThanOrEqual(2);
  });
});

describe('followUpDueOn', () => {
  it('adds months and clamps to the end of the month', () => {
    expect(followUpDueOn('2026-06-30', 6)).toBe('2026-12-30');
    expect(followUpDueOn('2026-08-31', 6)).toBe('2027-02-28');
    expect(followUpDueOn('2026-01-15', 24)).toBe('2028-01-15');
    expect(followUpDueOn('2026-12-01', 12)).toBe('2027-12-01');
  });
});
