import { describe, expect, it } from 'vitest';
import {
  civilMonth,
  dayNumber,
  dayText,
  periodEnd,
  periodLabel,
  periodOrdinal,
  periodStart,
} from './periods.js';

const label = (unit: 'day' | 'week' | 'month' | 'quarter', day: string) =>
  periodLabel(unit, periodOrdinal(unit, dayNumber(day)));

describe('calendar arithmetic on day numbers', () => {
  it('reads and writes days, refusing days that do not exist', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-02-01')).toBe(31);
    expect(dayText(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(dayNumber('2025-02-29')).toBeNaN();
    expect(dayNumber('2026-1-5')).toBeNaN();
  });

  it('names ISO weeks by the year of their Thursday', () => {
    // 2021-01-03 is a Sunday: its week started on Monday 2020-12-28, week 53 of 2020.
    expect(label('week', '2021-01-03')).toBe('2020-W53');
    // 2024-12-30 is a Monday whose Thursday is 2025-01-02.
    expect(label('week', '2024-12-30')).toBe('2025-W01');
    // 2026-01-01 is a Thursday: week 1 of 2026.
    expect(label('week', '2026-01-01')).toBe('2026-W01');
    expect(dayText(periodStart('week', periodOrdinal('week', dayNumber('2026-01-01'))))).toBe(
      '2025-12-29',
    );
  });

  it('names months and quarters and knows where they end', () => {
    expect(label('month', '2024-02-15')).toBe('2024-02');
    expect(label('quarter', '2024-05-31')).toBe('2024-Q2');
    expect(label('quarter', '2024-12-31')).toBe('2024-Q4');
    const february = periodOrdinal('month', dayNumber('2024-02-10'));
    expect(dayText(periodEnd('month', february))).toBe('2024-02-29');
    const q1 = periodOrdinal('quarter', dayNumber('2025-03-01'));
    expect(dayText(periodStart('quarter', q1))).toBe('2025-01-01');
    expect(dayText(periodEnd('quarter', q1))).toBe('2025-03-31');
  });

  it('finds the month of a day without Date objects, as Date does, from 1900 to 2200', () => {
    for (let d = dayNumber('1900-01-01'); d < dayNumber('2200-12-31'); d += 13) {
      const date = new Date(d * 86_400_000);
      expect(civilMonth(d)).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 });
    }
  });
});
