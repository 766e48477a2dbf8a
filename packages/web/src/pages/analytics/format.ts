import type { TMetricResult } from '@touchstone/core';

/** Metric names for people. */
export const METRIC_LABELS: Record<string, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  rating: 'Rating',
  score: 'Score',
  count: 'Count',
  'response-rate': 'Response rate',
};

/** A figure in its unit: NPS points signed, shares as percentages, scales with one decimal. */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'points':
      return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'count':
      return String(Math.round(value));
    case 'score':
      return value.toFixed(1);
    default:
      return value.toFixed(2);
  }
}

/** `95% CI 12.0 to 30.5`, or an empty string without an interval. */
export function formatInterval(result: TMetricResult): string {
  if (result.status !== 'ok' || result.interval === null) return '';
  const { low, high, confidence } = result.interval;
  return `${Math.round(confidence * 100)}% CI ${formatValue(low, result.unit)} to ${formatValue(high, result.unit)}`;
}

/** Why a group has no number, in words (never shown as 0): none at all, or too few. */
export function missingText(result: TMetricResult): string {
  if (result.status === 'insufficient-data') {
    // Nothing at all is a different fact from too little: no minimum would change it.
    if (result.n === 0) return 'No responses';
    return result.minN === undefined
      ? 'Insufficient data'
      : `Insufficient data (n ${result.n} < ${result.minN})`;
  }
  if (result.status === 'not-available') return result.reason ?? 'Not available';
  return '';
}

/** The whole figure as one line of text: value, interval and n; or why there is none. */
export function describeResult(result: TMetricResult): string {
  if (result.status !== 'ok') return missingText(result);
  const interval = formatInterval(result);
  return `${formatValue(result.value, result.unit)}${interval ? ` (${interval})` : ''}, n ${result.n}`;
}

/** `sem:sense` → `Sense`; `q.item` keys kept as they are. */
export function dimensionLabel(tag: string): string {
  const name = tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : tag;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
