import { useQuery } from '@tanstack/react-query';
import type { TScorecardResponse } from '@touchstone/core';
import { Link } from 'react-router';
import { useSession } from '../auth/session.js';
import { Sparkline } from '../components/charts/sparkline.js';
import { Loading, QueryError } from '../components/forms.js';
import { analyticsEndpoints, analyticsKeys } from './analytics/analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics/analytics-layout.js';
import { INTERVAL_OPTIONS } from './analytics/analytics-options.js';
import {
  describeResult,
  formatInterval,
  formatValue,
  METRIC_LABELS,
  missingText,
} from './analytics/format.js';
import { useAnalyticsFilters } from './analytics/use-analytics-filters.js';
import { OpenAlertsSection } from './alerts/open-alerts-section.js';

type TEntry = TScorecardResponse['entries'][number];

/** The landing page: open alerts, then the NPS, CSAT and CES scorecard for the latest period. */
export function OverviewPage() {
  const session = useSession();
  const { filters, option, set } = useAnalyticsFilters();
  const interval = option('interval', 'month');
  // The scorecard ends its last period at `to`; it has no `from` (it counts periods back).
  const query = { ...filters, from: undefined, interval, periods: 12 };
  const scorecard = useQuery({
    queryKey: analyticsKeys.scorecard(query),
    queryFn: () => analyticsEndpoints.scorecard(query),
  });
  return (
    <AnalyticsLayout
      title="Overview"
      lead={`Welcome, ${session.user.name}. How customers rate the experience, period by period.`}
      options={
        <OptionSelect
          id="scorecard-interval"
          label="Period"
          value={interval}
          options={INTERVAL_OPTIONS}
          onChange={(v) => set('interval', v)}
        />
      }
    >
      <OpenAlertsSection />
      {scorecard.isPending && <Loading what="Loading the scorecard" />}
      {scorecard.isError && <QueryError error={scorecard.error} />}
      {scorecard.data && (
        <>
          <p className="muted">
            {scorecard.data.from} to {scorecard.data.to}; changes are marked only when significant
            {scorecard.data.adjustment
              ? ` (${scorecard.data.adjustment.method}, α ${scorecard.data.adjustment.alpha})`
              : ''}
            .
          </p>
          {scorecard.data.entries.length === 0 ? (
            <section className="card empty-state">
              <h2>No responses yet</h2>
              <p>
                Figures appear once surveys collect answers. Meanwhile, set up the{' '}
                <Link to="/journeys">journeys</Link> and <Link to="/brands">brands</Link> they are
                measured against.
              </p>
            </section>
          ) : (
            <ul className="scorecard" aria-label="Scorecard">
              {scorecard.data.entries.map((e) => (
                <ScorecardTile key={e.metric} entry={e} />
              ))}
            </ul>
          )}
        </>
      )}
    </AnalyticsLayout>
  );
}

function ScorecardTile({ entry }: { entry: TEntry }) {
  const name = METRIC_LABELS[entry.metric] ?? entry.metric;
  const { current, previous, sparkline } = entry;
  const result = current.result;
  const values = sparkline.map((p) => (p.result.status === 'ok' ? p.result.value : null));
  const headingId = `tile-${entry.metric}`;
  return (
    <li className="card scorecard-tile" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {name} <span className="muted period">{current.period}</span>
      </h2>
      {result.status === 'ok' ? (
        <>
          <p className="figure" data-metric={entry.metric}>
            {formatValue(result.value, result.unit)}
          </p>
          <p className="figure-detail">
            {formatInterval(result) || 'No interval'} · n {result.n}
          </p>
        </>
      ) : (
        <p className="figure figure-missing">{missingText(result)}</p>
      )}
      <Change entry={entry} />
      <Sparkline
        values={values}
        label={`${name} over the last ${sparkline.length} periods: ${sparkline
          .map((p) => `${p.period} ${describeResult(p.result)}`)
          .join('; ')}`}
      />
      <p className="figure-detail">
        Previous ({previous.period}): {describeResult(previous.result)}
      </p>
    </li>
  );
}

/** Period-over-period change, shown as a change only when the test says it is significant. */
function Change({ entry }: { entry: TEntry }) {
  const change = entry.current.change;
  const unit = entry.current.result.status === 'ok' ? entry.current.result.unit : 'points';
  if (change === null || change.status !== 'ok' || change.difference === null) {
    return <p className="change change-none">No comparison with the previous period</p>;
  }
  if (!change.significant) {
    return <p className="change change-none">No significant change</p>;
  }
  const up = change.difference > 0;
  return (
    <p className={`change ${up ? 'change-up' : 'change-down'}`}>
      <span aria-hidden="true">{up ? '▲' : '▼'}</span> Significant {up ? 'rise' : 'fall'}:{' '}
      {formatValue(change.difference, unit === 'points' ? 'points' : unit)} vs previous period
      {change.adjustedPValue !== null && ` (adjusted p ${change.adjustedPValue.toFixed(3)})`}
    </p>
  );
}
