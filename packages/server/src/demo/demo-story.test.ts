/**
 * The story the default demo tells, read from the generated responses as an analyst would: the
 * history ends on the end date, the lounge bar hears from enough international business
 * travellers each month, their CSAT, SENSE and FEEL there drop with the planted change and nothing
 * else moves, and their comments name the cola.
 */
import { compareMeans, momentsFromValues } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import { AURORA_TOUCHPOINTS } from './aurora-touchpoints.js';
import { demoCustomerAt } from './customer-generator.js';
import { DEMO_DEFAULTS } from './demo.service.js';
import { plantedChangeStart } from './experience-model.js';
import { demoWindow } from './interaction-generator.js';
import { customerResponses, DEFAULT_SHARES } from './response-generator.js';

const END_DATE = '2026-12-07';
const window = demoWindow(DEMO_DEFAULTS.months, END_DATE);
const change = plantedChangeStart(window);

interface TRow {
  touchpoint: string | null;
  group: string;
  at: number;
  answers: Record<string, unknown>;
}

/** Every response of the default demo ending on END_DATE, with its customer's group. */
const rows: TRow[] = [];
for (let index = 0; index < DEMO_DEFAULTS.customers; index += 1) {
  const { profile } = demoCustomerAt(DEMO_DEFAULTS.seed, index);
  for (const r of customerResponses(DEMO_DEFAULTS.seed, profile, window, DEFAULT_SHARES)) {
    const group = `${profile.travellerType}+${profile.route}`;
    rows.push({ touchpoint: r.touchpoint, group, at: r.at, answers: r.answers });
  }
}

const AFFECTED = 'business+international';
const GROUPS = ['business+international', 'business+domestic', 'leisure+international'];
const OTHER_GROUPS = [...GROUPS.slice(1), 'leisure+domestic'];

/** The first instant of the month `offset` months after the month of `at` (UTC). */
function monthStart(at: number, offset = 0): number {
  const day = new Date(at);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + offset, 1);
}

type TValue = (row: TRow) => unknown;
const answer: (key: string) => TValue = (key) => (row) => row.answers[key];
const item: (key: string) => TValue = (key) => (row) =>
  (row.answers['experience'] as Record<string, number> | undefined)?.[key];
/** The touchpoint survey's outcome: CSAT or CES, whichever it asks. */
const outcome: TValue = (row) => row.answers['csat'] ?? row.answers['ces'];

/** The numbers `value` gives for the rows in [from, to) that `where` keeps. */
function values(where: (row: TRow) => boolean, value: TValue, from: number, to: number) {
  const out: number[] = [];
  for (const row of rows) {
    if (row.at < from || row.at >= to || !where(row)) continue;
    const v = value(row);
    if (typeof v === 'number') out.push(v);
  }
  return out;
}

/** Welch's t test of [from2, to2) against [from1, to1); null when a side is too small. */
function welch(
  where: (row: TRow) => boolean,
  value: TValue,
  before: [number, number],
  after: [number, number],
) {
  const result = compareMeans(
    momentsFromValues(values(where, value, ...after)),
    momentsFromValues(values(where, value, ...before)),
  );
  return result.status === 'ok' ? result : null;
}

const at = (touchpoint: string | null, group?: string) => (row: TRow) =>
  row.touchpoint === touchpoint && (group === undefined || row.group === group);
const MONTH_AFTER: [number, number] = [change, monthStart(change, 1)];
const THREE_MONTHS_BEFORE: [number, number] = [monthStart(change, -3), change];
const WHOLE_AFTER: [number, number] = [change, window.end];
const WHOLE_BEFORE: [number, number] = [window.start, change];
const SIGNIFICANT = 0.001;

describe('the default demo', () => {
  it('ends its history on the end date and plants the change four months before', () => {
    const days = rows.map((row) => new Date(row.at).toISOString().slice(0, 10));
    days.sort();
    expect(days[0]).toBe('2024-12-08');
    expect(days.at(-1)).toBe(END_DATE);
    expect(new Date(change).toISOString()).toBe('2026-08-01T00:00:00.000Z');
  });

  it('hears from at least 60 international business travellers a month at the lounge bar', () => {
    const counts: number[] = [];
    // Whole calendar months only: the first and the last are cut by the window.
    for (let month = monthStart(window.start, 1); monthStart(month, 1) <= window.end;) {
      const next = monthStart(month, 1);
      counts.push(values(at('lounge-bar', AFFECTED), outcome, month, next).length);
      month = next;
    }
    expect(counts).toHaveLength(23);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(60);
  });

  it('shows the change in their CSAT, SENSE and FEEL at the bar a month after it', () => {
    for (const value of [answer('csat'), item('sense'), item('feel')]) {
      const test = welch(at('lounge-bar', AFFECTED), value, THREE_MONTHS_BEFORE, MONTH_AFTER);
      expect(test?.pValue).toBeLessThan(SIGNIFICANT);
      expect(test?.difference).toBeLessThan(-0.5);
    }
  });

  it('leaves their other answers at the bar, and every other group there, unchanged', () => {
    const others = [answer('nps'), item('think'), item('act'), item('relate')];
    for (const value of others) {
      const test = welch(at('lounge-bar', AFFECTED), value, WHOLE_BEFORE, WHOLE_AFTER);
      expect(test?.pValue).toBeGreaterThan(SIGNIFICANT);
    }
    for (const group of OTHER_GROUPS) {
      for (const value of [answer('csat'), item('sense'), item('feel'), answer('nps')]) {
        const test = welch(at('lounge-bar', group), value, WHOLE_BEFORE, WHOLE_AFTER);
        expect(test?.pValue ?? 1, group).toBeGreaterThan(SIGNIFICANT);
      }
    }
    // The leisure groups reach the lounge rarely, but often enough to test over the months.
    const leisure = welch(at('lounge-bar', 'leisure+domestic'), outcome, WHOLE_BEFORE, WHOLE_AFTER);
    expect(leisure?.n1).toBeGreaterThan(30);
  });

  it('keeps every other touchpoint and the relationship NPS the same from start to end', () => {
    const middle = monthStart((window.start + window.end) / 2);
    const halves: [[number, number], [number, number]] = [
      [window.start, middle],
      [middle, window.end],
    ];
    const keys = [...AURORA_TOUCHPOINTS.map((t) => t.key), null].filter(
      (key) => key !== 'lounge-bar' && key !== 'loyalty-email',
    );
    expect(keys).toHaveLength(19);
    for (const key of keys) {
      const value = key === null ? answer('nps') : outcome;
      for (const [before, after] of [halves, [THREE_MONTHS_BEFORE, MONTH_AFTER] as const]) {
        for (const group of [undefined, AFFECTED]) {
          const test = welch(at(key, group), value, before, after);
          expect(test?.pValue ?? 1, `${key} ${group}`).toBeGreaterThan(SIGNIFICANT);
        }
      }
      if (key !== null) {
        const sense = welch(at(key), item('sense'), ...halves);
        expect(sense?.pValue ?? 1, `${key} sense`).toBeGreaterThan(SIGNIFICANT);
      }
    }
  });

  it('names the cola in most of their bar comments after the change, and nowhere else', () => {
    const cola = /\bcola\b|\bcoke\b/i;
    const commentsOf = (where: (row: TRow) => boolean) =>
      rows
        .filter((row) => where(row))
        .flatMap((row) => {
          const text = row.answers['comment'];
          return typeof text === 'string' ? [text] : [];
        });
    const affected = commentsOf((r) => at('lounge-bar', AFFECTED)(r) && r.at >= change);
    expect(affected.length).toBeGreaterThan(150);
    const naming = affected.filter((text) => cola.test(text));
    expect(naming.length / affected.length).toBeGreaterThan(0.6);
    expect(new Set(naming).size).toBeGreaterThan(50);
    const elsewhere = commentsOf(
      (r) => !(at('lounge-bar', AFFECTED)(r) && r.at >= change) && r.touchpoint !== null,
    );
    expect(elsewhere.length).toBeGreaterThan(20_000);
    expect(elsewhere.filter((text) => cola.test(text))).toEqual([]);
  });

  it('writes comments of every length and tone, as customers do', () => {
    const comments = rows.flatMap((row) => {
      const text = row.answers['comment'];
      return typeof text === 'string' ? [text] : [];
    });
    const share = (test: (text: string) => boolean) =>
      comments.filter(test).length / comments.length;
    expect(new Set(comments).size).toBeGreaterThan(3_000);
    expect(share((text) => text.length < 40)).toBeGreaterThan(0.2);
    expect(share((text) => text.length > 80)).toBeGreaterThan(0.1);
    // Praise and a complaint in one comment.
    expect(share((text) => /, (but|although) /.test(text))).toBeGreaterThan(0.1);
    // A complaint that ends in thanks.
    expect(share((text) => /thanks anyway/i.test(text))).toBeGreaterThan(0.005);
  });
});
