import type { TQuery } from '../../api/client.js';

/** What a figure was read with, to open the responses behind it. */
export interface TDrillTarget {
  filters: TQuery;
  from?: string | undefined;
  to?: string | undefined;
  metric: string;
  question?: string | undefined;
  touchpointId?: string | undefined;
  stageId?: string | undefined;
  /** A theme's id: the responses with a comment about it. */
  theme?: string | undefined;
  /** The figure's n, printed beside the list so the two can be compared. */
  n?: number | undefined;
}

const DRILLABLE = new Set(['nps', 'csat', 'ces', 'rating', 'count']);

/** The link to the responses behind a figure (null for a metric without a list, as scores). */
export function drillDownHref(target: TDrillTarget): string | null {
  if (!DRILLABLE.has(target.metric)) return null;
  const params = new URLSearchParams();
  const add = (name: string, value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'string' && v !== '') params.append(name, v);
    } else if (typeof value === 'string' && value !== '') params.append(name, value);
  };
  add('from', target.from ?? target.filters['from']);
  add('to', target.to ?? target.filters['to']);
  add('attr', target.filters['attr']);
  add('surveyId', target.filters['surveyId']);
  add('touchpointId', target.touchpointId ?? target.filters['touchpointId']);
  add('stageId', target.stageId ?? target.filters['stageId']);
  add('metric', target.metric);
  add('question', target.question);
  add('theme', target.theme);
  if (target.n !== undefined) params.set('n', String(target.n));
  return `/analytics/responses?${params.toString()}`;
}
