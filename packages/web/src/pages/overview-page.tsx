import { useQuery } from '@tanstack/react-query';
import type { TComparison, TScorecardResponse } from '@touchstone/core';
import { Link } from 'react-router';
import type { TQuery } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { Sparkline } from '../components/charts/sparkline.js';
import { Loading, QueryError } from '../components/forms.js';
import { analyticsEndpoints, analyticsKeys } from './analytics/analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics/analytics-layout.js';
import { INTERVAL_OPTIONS } from './analytics/analytics-options.js';
import { ChangeLegend, ChangeMark } from './analytics/change-mark.js';
import { drillDownHref } from './analytics/drill-link.js';
import {
  describeResult,
  formatInterval,
  formatValue,
  METRIC_LABELS,
  missingText,
} from './analytics/format.js';
import { useAnalyticsFilters } from './analytics/use-analytics-filters.js';
import { useDefaultWindow } from './analytics/use-default-window.js';
import { OpenAlertsSection } from './alerts/open-alerts-section.js';

type TEntry = TScorecardResponse['entries'][number];
type TInterval = 'day' | 'week' | 'month' | 'quarter';

/** The landing page: open alerts, then the NPS, CSAT and CES scorecard for the latest period. */
export function OverviewPage() {
  const session = useSession();
  const { filters, attrs, option, set } = useAnalyticsFilters();
  const interval = option('interval', 'month') as TInterval;
  const window = useDefaultWindow(filters, interval);
  const segment = Object.entries(attrs).find(([, v]) => v !== '');
  const compare = segment ? option('compare', 'previous-period') : 'previous-period';
  // The scorecard ends its last period at `to`; `from` starts its sparkline.
  const query = { ...filters, to: window.to, interval, periods: 12 };
  const scorecard = useQuery({
    queryKey: analyticsKeys.scorecard(query),
    queryFn: () => analyticsEndpoints.scorecard(query),
    enabled: window.ready,
  });
  const current = scorecard.data?.entries[0]?.current;
  // The segment against everyone outside it, in the tiles' period.
  const restQuery = {
    ...filters,
    attr: [],
    from: current?.start,
    to: current?.end,
    metric: ['nps', 'csat', 'ces'].join(','),
    groupBy: segment ? `attr:${segment[0]}` : undefined,
    compare: 'groups' as const,
  };
  const rest = useQuery({
    queryKey: analyticsKeys.metrics(restQuery),
    queryFn: () => analyticsEndpoints.metrics(restQuery),
    enabled: compare === 'rest' && segment !== undefined && current !== undefined,
  });
  const restGroup = rest.data?.groups.find((g) => g.key[0]?.value === segment?.[1]);
  return (
    <AnalyticsLayout
      title="Overview"
      lead={`Welcome, ${session.user.name}. How customers rate the experience, period by period.`}
      options={
        <>
          <OptionSelect
            id="scorecard-interval"
            label="Period"
            value={interval}
            options={INTERVAL_OPTIONS}
            onChange={(v) => set('interval', v)}
          />
          {segment && (
            <OptionSelect
              id="scorecard-compare"
              label="Compare with"
              value={compare}
              options={[
                { value: 'previous-period', label: 'The previous period' },
                { value: 'rest', label: `Everyone outside ${segment[1]}` },
              ]}
              onChange={(v) => set('compare', v)}
            />
          )}
        </>
      }
    >
      <OpenAlertsSection />
      {(!window.ready || scorecard.isPending) && <Loading what="Loading the scorecard" />}
      {scorecard.isError && <QueryError error={scorecard.error} />}
      {rest.isError && <QueryError error={rest.error} />}
      {scorecard.data && (
        <>
          <p className="muted">
            {scorecard.data.from} to {scorecard.data.to}
            {window.period !== null && ' (the latest period with enough answers)'}.
          </p>
          <ChangeLegend alpha={scorecard.data.adjustment?.alpha} />
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
                <ScorecardTile
                  key={e.metric}
                  entry={e}
                  filters={filters}
                  versus={
                    compare === 'rest'
                      ? {
                          change: restGroup?.comparisons?.[e.metric],
                          against: `everyone outside ${segment?.[1] ?? ''}`,
                        }
                      : { change: e.current.change, against: 'the previous period' }
                  }
                />
              ))}
            </ul>
          )}
        </>
      )}
    </AnalyticsLayout>
  );
}

function ScorecardTile({
  entry,
  filters,
  versus,
}: {
  entry: TEntry;
  filters: TQuery;
  versus: { change: TComparison | null | undefined; against: string };
}) {
  const name = METRIC_LABELS[entry.metric] ?? entry.metric;
  const { current, previous, sparkline } = entry;
  const result = current.result;
  const values = sparkline.map((p) => (p.result.status === 'ok' ? p.result.value : null));
  const headingId = `tile-${entry.metric}`;
  const unit = result.status === 'ok' ? result.unit : entry.metric === 'nps' ? 'points' : 'share';
  const href = drillDownHref({
    filters,
    from: current.start,
    to: current.end,
    metric: entry.metric,
    n: result.n,
  });
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
            {formatInterval(result) || 'No interval'} ·{' '}
            {href ? (
              <Link to={href} data-testid={`drill-${entry.metric}`}>
                n {result.n}
                <span className="visually-hidden"> responses: open them</span>
              </Link>
            ) : (
              `n ${result.n}`
            )}
          </p>
        </>
      ) : (
        <p className="figure figure-missing">{missingText(result)}</p>
      )}
      <p className="change-line">
        <ChangeMark change={versus.change} unit={unit} against={versus.against} />
      </p>
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
