import { useQuery } from '@tanstack/react-query';
import type { TTrendResponse } from '@touchstone/core';
import { TrendChart, type TTrendSeries } from '../../components/charts/trend-chart.js';
import { Loading, QueryError } from '../../components/forms.js';
import { endpoints, keys } from '../../api/resources.js';
import { analyticsEndpoints, analyticsKeys, okResult } from './analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics-layout.js';
import { INTERVAL_OPTIONS, TREND_METRIC_OPTIONS } from './analytics-options.js';
import { formatInterval, formatValue, METRIC_LABELS, missingText } from './format.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';

type TSeries = TTrendResponse['series'][number];

/** A metric over time with its interval band, significant changes flagged, optionally by group. */
export function TrendsPage() {
  const { filters, option, set } = useAnalyticsFilters();
  const metric = option('metric', 'nps');
  const interval = option('interval', 'month');
  const groupBy = option('groupBy', '');
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const query = { ...filters, metric, interval, groupBy: groupBy || undefined };
  const trend = useQuery({
    queryKey: analyticsKeys.trend(query),
    queryFn: () => analyticsEndpoints.trend(query),
  });
  const groupOptions = [
    { value: '', label: 'No grouping' },
    { value: 'touchpoint', label: 'Touchpoint' },
    { value: 'stage', label: 'Stage' },
    ...(attributeKeys.data ?? [])
      .filter((k) => k.type === 'enum' || k.type === 'boolean')
      .map((k) => ({ value: `attr:${k.key}`, label: k.label })),
  ];
  const metricName = METRIC_LABELS[metric] ?? metric;
  return (
    <AnalyticsLayout
      title="Trends"
      lead="A metric period by period, with its 95% interval; significant changes are flagged."
      options={
        <>
          <OptionSelect
            id="trend-metric"
            label="Metric"
            value={metric}
            options={TREND_METRIC_OPTIONS}
            onChange={(v) => set('metric', v)}
          />
          <OptionSelect
            id="trend-interval"
            label="Interval"
            value={interval}
            options={INTERVAL_OPTIONS}
            onChange={(v) => set('interval', v)}
          />
          <OptionSelect
            id="trend-group"
            label="Group by"
            value={groupBy}
            options={groupOptions}
            onChange={(v) => set('groupBy', v)}
          />
        </>
      }
    >
      {trend.isPending && <Loading what="Loading the trend" />}
      {trend.isError && <QueryError error={trend.error} />}
      {trend.data && <TrendView data={trend.data} metricName={metricName} />}
    </AnalyticsLayout>
  );
}

function seriesName(series: TSeries): string {
  return series.key.map((k) => k.label).join(' · ') || 'All responses';
}

function TrendView({ data, metricName }: { data: TTrendResponse; metricName: string }) {
  // Groups without a single figure only add empty lines; they stay in the tables below.
  const drawable = data.series.filter((s) => s.points.some((p) => p.result.status === 'ok'));
  const shown = drawable.slice(0, 4);
  const firstOk = shown.flatMap((s) => s.points.map((p) => okResult(p.result))).find(Boolean);
  const unit = firstOk?.unit ?? 'points';
  const chartSeries: TTrendSeries[] = shown.map((s) => ({
    name: seriesName(s),
    points: s.points.map((p) => ({
      label: p.period,
      value: p.result.status === 'ok' ? p.result.value : null,
      low: p.result.status === 'ok' ? (p.result.interval?.low ?? null) : null,
      high: p.result.status === 'ok' ? (p.result.interval?.high ?? null) : null,
      flagged: p.change?.significant ?? false,
    })),
  }));
  const flagged = data.series.flatMap((s) =>
    s.points.filter((p) => p.change?.significant).map((p) => ({ s, p })),
  );
  return (
    <>
      <section className="card" aria-labelledby="trend-chart-title">
        <h2 id="trend-chart-title">
          {metricName} by {data.query.interval}
        </h2>
        {shown.length === 0 ? (
          <p className="muted">Insufficient data in every period: nothing to draw.</p>
        ) : (
          <>
            {shown.length > 1 && (
              <ul className="chart-legend" aria-label="Series">
                {shown.map((s, i) => (
                  <li key={seriesName(s)} className={`legend-item series-${i % 4}`}>
                    <span className="legend-swatch" aria-hidden="true" />
                    {seriesName(s)}
                  </li>
                ))}
              </ul>
            )}
            <TrendChart
              series={chartSeries}
              format={(v) => formatValue(v, unit)}
              label={`${metricName} by ${data.query.interval}, ${shown.length} series with 95% interval bands; figures in the table below`}
            />
            {drawable.length > shown.length && (
              <p className="muted">
                The chart shows the first {shown.length} of {drawable.length} groups; the tables
                list all.
              </p>
            )}
          </>
        )}
        <h3>Significant changes</h3>
        {flagged.length === 0 ? (
          <p>No significant change between consecutive periods.</p>
        ) : (
          <ul className="flag-list">
            {flagged.map(({ s, p }) => (
              <li key={`${seriesName(s)}-${p.period}`}>
                <span aria-hidden="true">▲ </span>
                {seriesName(s)}, {p.period}: {formatValue(p.change?.difference ?? 0, unit)} vs the
                previous period
              </li>
            ))}
          </ul>
        )}
      </section>
      {data.series.map((s) => (
        <TrendTable key={seriesName(s)} series={s} metricName={metricName} />
      ))}
    </>
  );
}

function TrendTable({ series, metricName }: { series: TSeries; metricName: string }) {
  return (
    <div className="table-scroll">
      <table className="table trend-table">
        <caption>
          {metricName}: {seriesName(series)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="numeric">
              Value
            </th>
            <th scope="col">95% interval</th>
            <th scope="col" className="numeric">
              n
            </th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {series.points.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td className="numeric">
                {p.result.status === 'ok'
                  ? formatValue(p.result.value, p.result.unit)
                  : missingText(p.result)}
              </td>
              <td>{formatInterval(p.result) || '—'}</td>
              <td className="numeric">{p.result.n}</td>
              <td>{p.change?.significant ? 'Significant change' : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
