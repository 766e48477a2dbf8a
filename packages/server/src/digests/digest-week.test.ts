/** The digest's week arithmetic, against dates read off a calendar. */
import { describe, expect, it } from 'vitest';
import { isDigestDue, nextHourAt, nextSendAt, weekKeyOf, weekStartOf } from './digest-week.js';

const at = (iso: string) => new Date(iso);

describe('digest weeks', () => {
  it('starts weeks on Monday 00:00 UTC, Sunday night included in the week before', () => {
    expect(weekStartOf(at('2026-03-09T00:00:00.000Z')).toISOString()).toBe(
      '2026-03-09T00:00:00.000Z',
    );
    expect(weekStartOf(at('2026-03-15T23:59:59.999Z')).toISOString()).toBe(
      '2026-03-09T00:00:00.000Z',
    );
    expect(weekKeyOf(at('2026-03-11T12:00:00.000Z'))).toBe('2026-03-09');
    // Across a year's end: Thursday 2027-01-01 is in the week of Monday 2026-12-28.
    expect(weekKeyOf(at('2027-01-01T12:00:00.000Z'))).toBe('2026-12-28');
  });

  it('is due from the chosen hour on, once the setting was saved before it', () => {
    const friday9 = { dayOfWeek: 5, hourUtc: 9, activeSince: '2026-03-01T00:00:00.000Z' };
    expect(isDigestDue(friday9, at('2026-03-13T08:59:59.000Z'))).toBe(false);
    expect(isDigestDue(friday9, at('2026-03-13T09:00:00.000Z'))).toBe(true);
    expect(isDigestDue(friday9, at('2026-03-15T23:00:00.000Z'))).toBe(true);
    // Saved after this week's time: next week.
    const late = { ...friday9, activeSince: '2026-03-13T10:00:00.000Z' };
    expect(isDigestDue(late, at('2026-03-14T10:00:00.000Z'))).toBe(false);
    expect(isDigestDue(late, at('2026-03-20T09:00:00.000Z'))).toBe(true);
  });

  it('names the next send: ahead this week, the next run when due, else next week', () => {
    const friday9 = { dayOfWeek: 5, hourUtc: 9, activeSince: '2026-03-01T00:00:00.000Z' };
    expect(nextSendAt(friday9, at('2026-03-10T12:00:00.000Z'), false).toISOString()).toBe(
      '2026-03-13T09:00:00.000Z',
    );
    expect(nextSendAt(friday9, at('2026-03-13T09:30:00.000Z'), false).toISOString()).toBe(
      '2026-03-13T10:00:00.000Z',
    );
    expect(nextSendAt(friday9, at('2026-03-13T09:30:00.000Z'), true).toISOString()).toBe(
      '2026-03-20T09:00:00.000Z',
    );
    expect(nextHourAt(at('2026-03-13T09:00:00.000Z')).toISOString()).toBe(
      '2026-03-13T10:00:00.000Z',
    );
  });
});
