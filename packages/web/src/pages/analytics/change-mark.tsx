import type { TComparison } from '@touchstone/core';

/** A difference in its unit: NPS and percentages in points (`-3.2 pts`), means as numbers. */
export function formatDifference(difference: number, unit: string): string {
  const sign = difference > 0 ? '+' : difference < 0 ? '−' : '';
  const size = Math.abs(difference);
  switch (unit) {
    case 'points':
      return `${sign}${size.toFixed(1)} pts`;
    case 'share':
      return `${sign}${(size * 100).toFixed(1)} pts`;
    case 'count':
      return `${sign}${Math.round(size)}`;
    default:
      return `${sign}${size.toFixed(2)}`;
  }
}

/**
 * One significance mark for every page: ▼ for a significant fall, ▲ for a significant rise, the
 * difference in its unit and what it is against; nothing marked when the test says no.
 */
export function ChangeMark({
  change,
  unit,
  against,
}: {
  change: TComparison | null | undefined;
  unit: string;
  /** `the previous period`, `the rest` ... */
  against: string;
}) {
  if (!change || change.status !== 'ok' || change.difference === null) {
    return (
      <span className="change change-none" data-change="none">
        No comparison with {against}
      </span>
    );
  }
  const text = formatDifference(change.difference, unit);
  if (!change.significant) {
    return (
      <span className="change change-none" data-change="not-significant">
        {text} vs {against} (not significant)
      </span>
    );
  }
  const up = change.difference > 0;
  const p =
    change.adjustedPValue === null ? '' : `, adjusted p ${change.adjustedPValue.toFixed(3)}`;
  return (
    <span
      className={`change ${up ? 'change-up' : 'change-down'}`}
      data-change={up ? 'rise' : 'fall'}
    >
      <span aria-hidden="true">{up ? '▲' : '▼'}</span>{' '}
      <span className="visually-hidden">Significant {up ? 'rise' : 'fall'}: </span>
      {text} vs {against}
      <span className="muted">{p}</span>
    </span>
  );
}

/** The legend of the marks, shown once on each page that uses them. */
export function ChangeLegend({ alpha }: { alpha?: number | undefined }) {
  return (
    <p className="muted change-legend">
      <span aria-hidden="true">▲</span> significant rise, <span aria-hidden="true">▼</span>{' '}
      significant fall (p adjusted for the number of tests
      {alpha === undefined ? '' : `, below ${alpha}`}); changes of NPS and of percentages are in
      percentage points (pts).
    </p>
  );
}
