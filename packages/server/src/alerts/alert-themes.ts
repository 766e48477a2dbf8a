/**
 * The themes whose share changed with an alert: among the comments of the alert's touchpoint x
 * segment, the share mentioning each theme before vs after the change date (two-proportion z
 * test), largest change first; and example comments after the change that mention the themes
 * that rose most. Read when the alert is read: comments may be analysed after the scan.
 */
import {
  compareProportions,
  normalCriticalValue,
  segmentKey,
  type TAlertComment,
  type TAlertTheme,
} from '@touchstone/core';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import {
  countScopeComments,
  countScopeThemeMentions,
  findScopeExamples,
} from './alert-evidence.repository.js';

/** Themes listed per alert. */
const MAX_THEMES = 8;
/** Example comments per alert. */
const MAX_EXAMPLES = 6;
/** The examples mention one of this many top themes. */
const EXAMPLE_THEMES = 2;

export interface TEvidenceInput {
  organizationId: string;
  touchpointId: string | null;
  segment: Record<string, string>;
  changeDate: string;
}

/** The share difference of one theme with its Wald interval and z-test p-value. */
function themeChange(
  theme: { themeId: string; name: string; before: number; after: number },
  comments: { before: number; after: number },
): TAlertTheme | null {
  if (comments.before === 0 || comments.after === 0) return null;
  const shareBefore = theme.before / comments.before;
  const shareAfter = theme.after / comments.after;
  const difference = shareAfter - shareBefore;
  const se = Math.sqrt(
    (shareBefore * (1 - shareBefore)) / comments.before +
      (shareAfter * (1 - shareAfter)) / comments.after,
  );
  const margin = normalCriticalValue(0.95) * se;
  const test = compareProportions(
    { successes: theme.after, n: comments.after },
    { successes: theme.before, n: comments.before },
  );
  return {
    themeId: theme.themeId,
    name: theme.name,
    commentsBefore: comments.before,
    mentionsBefore: theme.before,
    commentsAfter: comments.after,
    mentionsAfter: theme.after,
    shareBefore,
    shareAfter,
    difference,
    interval: { low: difference - margin, high: difference + margin, confidence: 0.95 },
    pValue: test.status === 'ok' ? test.pValue : 1,
  };
}

/** The alert's changed themes and example comments. */
export async function alertThemeEvidence(
  storage: TStorage,
  input: TEvidenceInput,
): Promise<{ themes: TAlertTheme[]; examples: TAlertComment[] }> {
  const { db, dialect } = storage;
  const scope = {
    organizationId: input.organizationId,
    touchpointId: input.touchpointId,
    segmentParts: Object.keys(input.segment).map((k) => segmentKey({ [k]: input.segment[k] }, [k])),
  };
  const comments = await countScopeComments(db, dialect, scope, input.changeDate);
  const mentions = await countScopeThemeMentions(db, dialect, scope, input.changeDate);
  const themes = mentions
    .map((m) => themeChange(m, comments))
    .filter((t): t is TAlertTheme => t !== null)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.name < b.name ? -1 : 1))
    .slice(0, MAX_THEMES);
  const rising = themes.filter((t) => t.difference > 0).slice(0, EXAMPLE_THEMES);
  const names = new Map(mentions.map((m) => [m.themeId, m.name]));
  const rows = await findScopeExamples(
    db,
    dialect,
    scope,
    input.changeDate,
    rising.map((t) => t.themeId),
    MAX_EXAMPLES,
  );
  const examples = rows.map((r) => ({
    responseId: r.responseId,
    day: r.day,
    text: r.text,
    sentiment: Number(r.score),
    themes: parseJsonColumn<string[]>(r.themesJson).map((id) => names.get(id) ?? id),
  }));
  return { themes, examples };
}
