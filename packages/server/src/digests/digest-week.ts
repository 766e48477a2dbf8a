/**
 * When a weekly digest is due: weeks are ISO weeks (Monday 00:00 UTC to the next Monday), a
 * setting names a day and an hour of it, and a week's send time counts only once the setting was
 * saved before it (so saving on Wednesday for Monday waits for next Monday).
 */
import { DIGEST_DAYS, type TDigestDay } from '@touchstone/core';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** What the schedule needs of a setting. */
export interface TDigestTiming {
  /** 1 (Monday) to 7 (Sunday). */
  dayOfWeek: number;
  hourUtc: number;
  /** ISO instant of the last save. */
  activeSince: string;
}

/** Monday 00:00 UTC of the ISO week holding `at`. */
export function weekStartOf(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY_MS);
}

/** The sent-log's key of the week holding `at`: its Monday, `YYYY-MM-DD`. */
export function weekKeyOf(at: Date): string {
  return weekStartOf(at).toISOString().slice(0, 10);
}

/** The setting's send time in the week starting at `weekStart`. */
export function sendTimeInWeek(weekStart: Date, timing: TDigestTiming): Date {
  return new Date(weekStart.getTime() + (timing.dayOfWeek - 1) * DAY_MS + timing.hourUtc * HOUR_MS);
}

/** True when this week's digest is due at `now` (whether it was sent is the sent-log's). */
export function isDigestDue(timing: TDigestTiming, now: Date): boolean {
  const at = sendTimeInWeek(weekStartOf(now), timing).getTime();
  return at <= now.getTime() && at >= Date.parse(timing.activeSince);
}

/** The start of the next hour strictly after `now`: when the hourly run goes next. */
export function nextHourAt(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
}

/**
 * When the next weekly digest goes out: this week's send time if still ahead, the next hourly
 * run if this week's is due and unsent, otherwise next week's.
 */
export function nextSendAt(timing: TDigestTiming, now: Date, sentThisWeek: boolean): Date {
  const weekStart = weekStartOf(now);
  const thisWeek = sendTimeInWeek(weekStart, timing);
  if (!sentThisWeek) {
    if (thisWeek.getTime() > now.getTime()) return thisWeek;
    if (isDigestDue(timing, now)) return nextHourAt(now);
  }
  return sendTimeInWeek(new Date(weekStart.getTime() + WEEK_MS), timing);
}

/** `monday` → 1 ... `sunday` → 7. */
export function dayNumberOf(day: TDigestDay): number {
  return DIGEST_DAYS.indexOf(day) + 1;
}

/** 1 → `monday` ... 7 → `sunday`. */
export function dayNameOf(day: number): TDigestDay {
  return DIGEST_DAYS[day - 1] ?? 'monday';
}
