/** The calendar intervals a trend or scorecard can step by. */
export const INTERVAL_OPTIONS = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
];

/** Metrics that a trend can show. */
export const TREND_METRIC_OPTIONS = [
  { value: 'nps', label: 'NPS' },
  { value: 'csat', label: 'CSAT' },
  { value: 'ces', label: 'CES' },
  { value: 'rating', label: 'Rating' },
  { value: 'count', label: 'Responses' },
];
