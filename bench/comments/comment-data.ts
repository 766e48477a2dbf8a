/**
 * A million comments written straight into `comment_analyses` and `comment_themes` (prepared
 * INSERTs in large transactions; the FTS5 table is kept by the migration's triggers), with
 * words of known frequency so that the searches of the figure have small and large answers.
 * The vocabulary has no word that is a substring of a searched word nor shares its stem, so a
 * LIKE scan and the full-text index must find the same comments.
 */
import { newId } from '@touchstone/core';
import type { TStorage } from '../../packages/server/src/storage/database.js';

/** A small seeded generator (mulberry32): the same data on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Openings and endings, each with its share of comments (searched words among them). */
const OPENINGS: readonly [string, number][] = [
  ['The flight was', 0.4],
  ['Our trip was', 0.3],
  ['Boarding was', 0.2],
  ['Everything was', 0.1],
];
const MIDDLES: readonly [string, number][] = [
  ['delayed by two hours', 0.1],
  ['smooth and quick', 0.25],
  ['fine overall', 0.3],
  ['a bit chaotic', 0.15],
  ['handled by friendly crew', 0.2],
];
const ENDINGS: readonly [string, number][] = [
  ['and the wifi kept dropping', 0.05],
  ['but the bar only had lemon cola instead of diet cola', 0.01],
  ['and the seats were comfortable', 0.2],
  ['and we got a zeppelin voucher', 0.0001],
  ['', 0.7399],
];

function pick(options: readonly [string, number][], r: number): string {
  let sum = 0;
  for (const [text, share] of options) {
    sum += share;
    if (r < sum) return text;
  }
  return (options[options.length - 1] as [string, number])[0];
}

export interface TCommentData {
  rows: number;
  touchpoints: string[];
  themes: { id: string; name: string }[];
  /** Milliseconds the load took. */
  ms: number;
}

const LABELS = ['negative', 'neutral', 'positive'] as const;
const TIERS = ['gold', 'silver', 'bronze'];
const DAY_MS = 86_400_000;

/** Writes `rows` comments of one organization over the two years up to 2026-06-30. */
export function writeComments(
  storage: TStorage,
  organizationId: string,
  rows: number,
  seed: number,
): TCommentData {
  const sqlite = storage.sqlite;
  if (sqlite === null) throw new Error('the comment bench writes SQLite directly');
  const started = performance.now();
  const random = seededRandom(seed);
  const touchpoints = Array.from({ length: 12 }, () => newId());
  const now = new Date().toISOString();
  const themes = ['Delays', 'Wi-Fi', 'Drinks', 'Seats'].map((name) => ({ id: newId(), name }));
  const insertTheme = sqlite.prepare(
    `INSERT INTO themes (id, organization_id, name, keywords_json, source, created_at, updated_at)
     VALUES (?, ?, ?, '[]', 'user', ?, ?)`,
  );
  for (const t of themes) insertTheme.run(t.id, organizationId, t.name, now, now);
  const insertComment = sqlite.prepare(
    `INSERT INTO comment_analyses (response_id, question_key, organization_id, survey_id,
       touchpoint_id, customer_id, segment_key, day, submitted_at, nps, text, score, label,
       language, english, truncated, themes_json, analyzed_at)
     VALUES (?, 'comment', ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 'en', 1, 0, ?, ?)`,
  );
  const insertCommentTheme = sqlite.prepare(
    `INSERT INTO comment_themes (organization_id, theme_id, response_id, question_key, day,
       touchpoint_id, segment_key, score, nps)
     VALUES (?, ?, ?, 'comment', ?, ?, ?, ?, ?)`,
  );
  const surveyId = newId();
  const end = Date.parse('2026-06-30T23:59:59Z');
  const span = 730 * DAY_MS;
  const writeBatch = sqlite.transaction((count: number) => {
    for (let i = 0; i < count; i++) {
      const at = new Date(end - Math.floor(random() * span)).toISOString();
      const middle = pick(MIDDLES, random());
      const ending = pick(ENDINGS, random());
      const text = `${pick(OPENINGS, random())} ${middle}${ending === '' ? '' : ` ${ending}`}.`;
      const nps = Math.floor(random() * 11);
      const label = LABELS[Math.floor(random() * 3)] as string;
      const score = label === 'negative' ? -0.5 : label === 'positive' ? 0.5 : 0;
      const touchpoint = touchpoints[Math.floor(random() * touchpoints.length)] as string;
      const segment = `tier=${TIERS[Math.floor(random() * TIERS.length)] as string}`;
      const matched: string[] = [];
      if (middle.startsWith('delayed')) matched.push(themes[0]?.id ?? '');
      if (ending.includes('wifi')) matched.push(themes[1]?.id ?? '');
      if (ending.includes('cola')) matched.push(themes[2]?.id ?? '');
      if (ending.includes('seats')) matched.push(themes[3]?.id ?? '');
      const id = newId();
      const day = at.slice(0, 10);
      insertComment.run(
        id,
        organizationId,
        surveyId,
        touchpoint,
        segment,
        day,
        at,
        nps,
        text,
        score,
        label,
        JSON.stringify(matched),
        now,
      );
      for (const themeId of matched) {
        insertCommentTheme.run(organizationId, themeId, id, day, touchpoint, segment, score, nps);
      }
    }
  });
  const batch = 50_000;
  for (let done = 0; done < rows; done += batch) writeBatch(Math.min(batch, rows - done));
  return { rows, touchpoints, themes, ms: performance.now() - started };
}
