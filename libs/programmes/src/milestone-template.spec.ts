import { addDays, todayInParis } from './milestone-template';

describe('todayInParis', () => {
  afterEach(() => jest.useRealTimers());

  it('gives the date in Paris, winter and summer, on both sides of midnight', () => {
    expect(todayInParis(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15');
    expect(todayInParis(new Date('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
    expect(todayInParis(new Date('2026-07-15T21:59:59Z'))).toBe('2026-07-15');
    expect(todayInParis(new Date('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
  });

  it('follows the clock when the date it keeps for the hour runs out', () => {
    jest.useFakeTimers({ now: new Date('2026-03-28T22:59:59.500Z') });
    expect(todayInParis()).toBe('2026-03-28');
    jest.setSystemTime(new Date('2026-03-28T23:00:00Z'));
    expect(todayInParis()).toBe('2026-03-29');
    // The night of the change to summer time: midnight in Paris is 22:00 UTC on the next day.
    jest.setSystemTime(new Date('2026-03-29T21:59:59.999Z'));
    expect(todayInParis()).toBe('2026-03-29');
    jest.setSystemTime(new Date('2026-03-29T22:00:00Z'));
    expect(todayInParis()).toBe('2026-03-30');
    // Back in time (a test clock, a corrected system clock): never a stale date.
    jest.setSystemTime(new Date('2026-03-28T12:00:00Z'));
    expect(todayInParis()).toBe('2026-03-28');
  });
});

describe('addDays', () => {
  it('adds calendar days across months and DST changes', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});
