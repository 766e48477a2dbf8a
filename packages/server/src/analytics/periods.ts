/**
 * Calendar arithmetic on UTC day numbers (days since 1970-01-01): the cube stores days as small
 * integers and groups them into ISO weeks, months and quarters without building Date objects.
 */

/** A grouping of days into periods. */
export type TPeriodUnit = 'day' | 'week' | 'month' | 'quarter';

export const PERIOD_UNITS: readonly TPeriodUnit[] = ['day', 'week', 'month', 'quarter'];

const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` to its day number; NaN when the text is not a real calendar day. */
export function dayNumber(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const date = Number(day.slice(8, 10));
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; a real day survives the round trip.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return Number.NaN;
  return ms / MS_PER_DAY;
}

/** Day number to `YYYY-MM-DD`. */
export function dayText(dayNum: number): string {
  return new Date(dayNum * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day number of today (UTC). */
export function todayNumber(now: Date = new Date()): number {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

/**
 * Year and month (1..12) of a day number, in integer arithmetic (the civil-from-days algorithm of
 * the proleptic Gregorian calendar): queries map every day of their range, so no Date objects.
 */
export function civilMonth(dayNum: number): { year: number; month: number } {
  const z = dayNum + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month };
}

/** Months since 1970-01 of a day number. */
export function monthIndexOfDay(dayNum: number): number {
  const { year, month } = civilMonth(dayNum);
  return (year - 1970) * 12 + month - 1;
}

/** `YYYY-MM` to months since 1970-01. */
export function monthIndex(month: string): number {
  return (Number(month.slice(0, 4)) - 1970) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Months since 1970-01 to `YYYY-MM`. */
export function monthText(index: number): string {
  const year = 1970 + Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The first day number of a month index. */
export function monthStart(index: number): number {
  return Date.UTC(1970 + Math.floor(index / 12), index % 12, 1) / MS_PER_DAY;
}

/** Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday). */
function isoWeekday(dayNum: number): number {
  return (((dayNum + 3) % 7) + 7) % 7;
}

/**
 * The ordinal of the period a day falls in: the day itself, the Monday of its ISO week, its month
 * index, or its quarter index (months / 3). Ordinals of one unit are consecutive integers except
 * for weeks, which step by 7.
 */
export function periodOrdinal(unit: TPeriodUnit, dayNum: number): number {
  switch (unit) {
    case 'day':
      return dayNum;
    case 'week':
      return dayNum - isoWeekday(dayNum);
    case 'month':
      return monthIndexOfDay(dayNum);
    case 'quarter':
      return Math.floor(monthIndexOfDay(dayNum) / 3);
  }
}

/** The first day number of a period ordinal. */
export function periodStart(unit: TPeriodUnit, ordinal: number): number {
  switch (unit) {
    case 'day':
    case 'week':
      return ordinal;
    case 'month':
      return monthStart(ordinal);
    case 'quarter':
      return monthStart(ordinal * 3);
  }
}

/** The ordinal of the next period. */
export function nextPeriod(unit: TPeriodUnit, ordinal: number): number {
  return unit === 'week' ? ordinal + 7 : ordinal + 1;
}

/** The last day number of a period ordinal. */
export function periodEnd(unit: TPeriodUnit, ordinal: number): number {
  return periodStart(unit, nextPeriod(unit, ordinal)) - 1;
}

/** The ordinal `count` periods before (negative: after). */
export function shiftPeriod(unit: TPeriodUnit, ordinal: number, count: number): number {
  return unit === 'week' ? ordinal - 7 * count : ordinal - count;
}

/** How a period is named: `2026-01-31`, `2026-W05` (ISO week), `2026-01`, `2026-Q1`. */
export function periodLabel(unit: TPeriodUnit, ordinal: number): string {
  switch (unit) {
    case 'day':
      return dayText(ordinal);
    case 'week': {
      // The ISO week belongs to the year of its Thursday.
      const thursday = ordinal + 3;
      const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
      const firstOfYear = Date.UTC(year, 0, 1) / MS_PER_DAY;
      const week = Math.floor((thursday - firstOfYear) / 7) + 1;
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return monthText(ordinal);
    case 'quarter':
      return `${1970 + Math.floor(ordinal / 4)}-Q${(ordinal % 4) + 1}`;
  }
}
