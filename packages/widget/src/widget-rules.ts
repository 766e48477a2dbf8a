/**
 * The widget's decisions, kept pure so they can be tested without a browser: which trigger
 * matches a page, and whether a survey may be shown (sampling, once per N days).
 */

/** When a survey may appear. */
export type TWidgetTrigger =
  | { type: 'pageView'; urlPattern?: string | null }
  | { type: 'timeOnPage'; seconds: number; urlPattern?: string | null }
  | { type: 'event'; event: string };

/** One survey enabled for the widget, as `GET /api/public/widget/:key/config` lists it. */
export interface TWidgetSurvey {
  slug: string;
  triggers: TWidgetTrigger[];
  /** Share of trigger occasions that show the survey, 0 to 100. */
  samplingPercent: number;
  /** Show at most once in this many days per visitor; 0 means no limit. */
  oncePerDays: number;
}

/** The widget configuration of an organization. */
export interface TWidgetConfig {
  surveys: TWidgetSurvey[];
}

const DAY_MS = 86_400_000;

/**
 * Whether a URL pattern matches the page: `*` matches any characters; a pattern starting with
 * `/` is matched against the path, anything else against the whole URL. No pattern: every page.
 */
export function urlMatches(
  pattern: string | null | undefined,
  page: { pathname: string; href: string },
): boolean {
  if (pattern === null || pattern === undefined || pattern === '') return true;
  const target = pattern.startsWith('/') ? page.pathname : page.href;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(target);
}

/**
 * Whether the survey may be shown now: not shown within `oncePerDays`, and drawn by sampling.
 * `draw` is a number in [0, 1) (Math.random in the browser, fixed in tests).
 */
export function mayShow(
  survey: Pick<TWidgetSurvey, 'samplingPercent' | 'oncePerDays'>,
  lastShownMs: number | null,
  nowMs: number,
  draw: number,
): boolean {
  if (lastShownMs !== null && survey.oncePerDays > 0) {
    if (nowMs - lastShownMs < survey.oncePerDays * DAY_MS) return false;
  }
  return draw * 100 < survey.samplingPercent;
}
