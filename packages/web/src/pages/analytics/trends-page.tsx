import { useQuery } from '@tanstack/react-query';
import type { TTrendResponse } from '@touchstone/core';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { TQuery } from '../../api/client.js';
import { endpoints, keys } from '../../api/resources.js';
import { CsvButton } from '../../components/charts/csv-download.js';
import { SortHeader, useSortedRows } from '../../components/charts/sortable.js';
import {
  TrendEChart,
  type TTrendLine,
  type TTrendPoint,
} from '../../components/charts/trend-echart.js';
import { Loading, QueryError } from '../../components/forms.js';
import { analyticsEndpoints, analyticsKeys, okResult } from './analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics-layout.js';
import { INTERVAL_OPTIONS, TREND_METRIC_OPTIONS } from './analytics-options.js';
import { ChangeLegend, ChangeMark } from './change-mark.js';
import { drillDownHref } from './drill-link.js';
import { formatInterval, formatValue, METRIC_LABELS, missingText } from './format.js';
import { QuestionPrompt, useRatingQuestions } from './question-choice.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';
import { useDefaultWindow } from './use-default-window.js';

type TSeries = TTrendResponse['series'][number];
type TInterval = 'day' | 'week' | 'month' | 'quarter';

/** Series drawn at first when grouped; the rest wait in the legend. */
const TOP_SERIES = 5;

/** A metric over time with its interval band, significant changes flagged, optionally by group. */
export function TrendsPage() {
  const { filters, option, set } = useAnalyticsFilters();
  const metric = option('metric', 'nps');
  const interval = option('interval', 'month') as TInterval;
  const groupBy = option('groupBy', '');
  const question = option('question', '');
  const window = useDefaultWindow(filters, 'month');
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const ratingQuestions = useRatingQuestions();
  const needsQuestion = metric === 'rating' && question === '';
  const query = {
    ...filters,
    to: window.to,
    metric,
    interval,
    question: metric === 'rating' ? question || undefined : undefined,
    groupBy: groupBy || undefined,
  };
  const trend = useQuery({
    queryKey: analyticsKeys.trend(query),
    queryFn: () => analyticsEndpoints.trend(query),
    enabled: window.ready && !needsQuestion,
  });
  // Without a chosen From, the periods before the first answer are not part of the story.
  const chosenFrom = filters['from'];
  const shown = useMemo(
    () => (trend.data && chosenFrom === undefined ? fromFirstAnswer(trend.data) : trend.data),
    [trend.data, chosenFrom],
  );
  const groupOptions = [
    { value: '', label: 'No grouping' },
    { value: 'touchpoint', label: 'Touchpoint' },
    { value: 'stage', label: 'Stage' },
    ...(attributeKeys.data ?? [])
      .filter((k) => k.type === 'enum' || k.type === 'boolean')
      .map((k) => ({ value: `attr:${k.key}`, label: k.label })),
  ];
  const questionLabel = ratingQuestions.find((q) => q.key === question)?.label;
  const metricName =
    metric === 'rating' && questionLabel ? questionLabel : (METRIC_LABELS[metric] ?? metric);
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
          {metric === 'rating' && (
            <OptionSelect
              id="trend-question"
              label="Question"
              value={question}
              options={[
                { value: '', label: 'Choose a question' },
                ...ratingQuestions.map((q) => ({ value: q.key, label: q.label })),
              ]}
              onChange={(v) => set('question', v)}
            />
          )}
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
      {needsQuestion && <QuestionPrompt what="a trend of ratings" />}
      {!needsQuestion && (!window.ready || trend.isPending) && <Loading what="Loading the trend" />}
      {trend.isError && <QueryError error={trend.error} />}
      {shown && !needsQuestion && (
        <TrendView data={shown} metricName={metricName} filters={filters} />
      )}
    </AnalyticsLayout>
  );
}

function seriesName(series: TSeries): string {
  return series.key.map((k) => k.label).join(' · ') || 'All responses';
}

/** The filters of one series' group, added to the page's, for its drill-down. */
function groupFilters(series: TSeries, filters: TQuery) {
  const key = series.key[0];
  if (!key || key.value === null) return { filters };
  if (key.field === 'touchpoint') return { filters, touchpointId: key.value };
  if (key.field === 'stage') return { filters, stageId: key.value };
  if (key.field.startsWith('attr:')) {
    const name = key.field.slice('attr:'.length);
    const attr = (Array.isArray(filters['attr']) ? filters['attr'] : []).filter(
      (a) => !a.startsWith(`${name}:`),
    );
    return { filters: { ...filters, attr: [...attr, `${name}:${key.value}`] } };
  }
  return { filters };
}

function TrendView({
  data,
  metricName,
  filters,
}: {
  data: TTrendResponse;
  metricName: string;
  filters: TQuery;
}) {
  const navigate = useNavigate();
  // Groups without a single figure only add empty lines; they stay in the table.
  const drawable = data.series.filter((s) => s.points.some((p) => p.result.status === 'ok'));
  const firstOk = drawable.flatMap((s) => s.points.map((p) => okResult(p.result))).find(Boolean);
  const unit = firstOk?.unit ?? 'points';
  const format = useMemo(() => (v: number) => formatValue(v, unit), [unit]);
  const lines: TTrendLine[] = useMemo(
    () =>
      drawable.map((s) => ({
        name: seriesName(s),
        points: s.points.map((p) => {
          const ok = okResult(p.result);
          const significant = p.change?.significant === true && p.change.difference !== null;
          return {
            period: p.period,
            value: ok?.value ?? null,
            low: ok?.interval?.low ?? null,
            high: ok?.interval?.high ?? null,
            n: p.result.n,
            change: significant ? ((p.change?.difference ?? 0) > 0 ? 1 : -1) : 0,
          } satisfies TTrendPoint;
        }),
      })),
    // The response object is the identity of its lines.
    [data],
  );
  // The largest groups of this answer are drawn; a new answer (another grouping) picks again.
  const visible = useMemo(
    () =>
      new Set(
        [...drawable]
          .sort((a, b) => total(b) - total(a))
          .slice(0, TOP_SERIES)
          .map(seriesName),
      ),
    // The response object is the identity of its groups.
    [data],
  );
  const open = (series: TSeries | undefined, index: number) => {
    const point = series?.points[index];
    if (!series || !point) return;
    const href = drillDownHref({
      ...groupFilters(series, filters),
      from: point.start,
      to: point.end,
      metric: data.query.metrics[0] ?? 'count',
      question: data.query.question ?? undefined,
      n: point.result.n,
    });
    if (href) void navigate(href);
  };
  const flagged = data.series.flatMap((s) =>
    s.points.filter((p) => p.change?.significant).map((p) => ({ s, p })),
  );
  return (
    <>
      <section className="card" aria-labelledby="trend-chart-title">
        <h2 id="trend-chart-title">
          {metricName} by {data.query.interval}
        </h2>
        <ChangeLegend alpha={data.adjustment?.alpha} />
        {drawable.length === 0 ? (
          <p className="muted">Insufficient data in every period: nothing to draw.</p>
        ) : (
          <>
            {drawable.length > TOP_SERIES && (
              <p className="muted">
                The {TOP_SERIES} largest of {drawable.length} groups are drawn; choose others in the
                legend.
              </p>
            )}
            <TrendEChart
              lines={lines}
              visible={visible}
              format={format}
              fileName={`trend-${data.query.metrics[0] ?? 'metric'}`}
              label={`${metricName} by ${data.query.interval}, ${lines.length} series with 95% intervals; figures in the table below. Select a point to open its responses.`}
              onPointClick={(line, point) =>
                open(
                  drawable.find((s) => seriesName(s) === line.name),
                  line.points.indexOf(point),
                )
              }
            />
          </>
        )}
        <h3>Significant changes</h3>
        {flagged.length === 0 ? (
          <p>No significant change between consecutive periods.</p>
        ) : (
          <ul className="flag-list">
            {flagged.map(({ s, p }) => (
              <li key={`${seriesName(s)}-${p.period}`}>
                {seriesName(s)}, {p.period}:{' '}
                <ChangeMark change={p.change} unit={unit} against="the previous period" />
              </li>
            ))}
          </ul>
        )}
      </section>
      <TrendTable data={data} metricName={metricName} unit={unit} onOpen={open} />
    </>
  );
}

/** The trend from the first period with an answer in any series on. */
function fromFirstAnswer(data: TTrendResponse): TTrendResponse {
  const firsts = data.series.map((s) => s.points.findIndex((p) => p.result.n > 0));
  const first = Math.min(...firsts.filter((i) => i >= 0));
  if (!Number.isFinite(first) || first === 0) return data;
  return { ...data, series: data.series.map((s) => ({ ...s, points: s.points.slice(first) })) };
}

function total(series: TSeries): number {
  return series.points.reduce((s, p) => s + p.result.n, 0);
}

/** One table for every series: a row per period and series, each figure opening its responses. */
function TrendTable({
  data,
  metricName,
  unit,
  onOpen,
}: {
  data: TTrendResponse;
  metricName: string;
  unit: string;
  onOpen: (series: TSeries, index: number) => void;
}) {
  const grouped = data.series.length > 1;
  // Groups without a single answer in the window would only add rows of zeros.
  const answered = data.series.filter((s) => total(s) > 0);
  const all = answered.flatMap((s) => s.points.map((p, i) => ({ s, p, i })));
  const {
    sorted: rows,
    sort,
    toggle,
  } = useSortedRows(all, ({ s, p }, column) => {
    switch (column) {
      case 'group':
        return seriesName(s);
      case 'value':
        return okResult(p.result)?.value ?? null;
      case 'n':
        return p.result.n;
      case 'change':
        return p.change?.difference ?? null;
      default:
        return p.period;
    }
  });
  const silent = data.series.length - answered.length;
  return (
    <section className="card" aria-labelledby="trend-table-title">
      <div className="section-heading">
        <h2 id="trend-table-title">Figures</h2>
        <CsvButton
          fileName={`trend-${data.query.metrics[0] ?? 'metric'}-table`}
          rows={() => [
            ['series', 'period', 'value', 'interval', 'n', 'change'],
            ...rows.map(({ s, p }) => [
              seriesName(s),
              p.period,
              okResult(p.result)?.value ?? '',
              formatInterval(p.result),
              p.result.n,
              p.change?.difference ?? '',
            ]),
          ]}
        />
      </div>
      {silent > 0 && (
        <p className="muted">
          {silent} {silent === 1 ? 'group has' : 'groups have'} no answers in these periods.
        </p>
      )}
      <div className="table-scroll">
        <table className="table trend-table">
          <caption className="visually-hidden">
            {metricName} by {data.query.interval}
            {grouped ? ' and group' : ''}
          </caption>
          <thead>
            <tr>
              {grouped && <SortHeader label="Group" column="group" sort={sort} onSort={toggle} />}
              <SortHeader label="Period" column="period" sort={sort} onSort={toggle} />
              <SortHeader label="Value" column="value" sort={sort} onSort={toggle} numeric />
              <th scope="col">95% interval</th>
              <SortHeader label="n" column="n" sort={sort} onSort={toggle} numeric />
              <SortHeader label="Change" column="change" sort={sort} onSort={toggle} />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ s, p, i }) => (
              <tr key={`${seriesName(s)}-${p.period}`}>
                {grouped && <td>{seriesName(s)}</td>}
                <th scope="row">{p.period}</th>
                <td className="numeric">
                  {p.result.status === 'ok'
                    ? formatValue(p.result.value, p.result.unit)
                    : missingText(p.result)}
                </td>
                <td>{formatInterval(p.result) || '—'}</td>
                <td className="numeric">
                  {p.result.n > 0 ? (
                    <button
                      type="button"
                      className="analytics-link-button"
                      onClick={() => onOpen(s, i)}
                    >
                      {p.result.n}
                      <span className="visually-hidden"> responses in {p.period}: open them</span>
                    </button>
                  ) : (
                    0
                  )}
                </td>
                <td>
                  {p.change?.status === 'ok' ? (
                    <ChangeMark change={p.change} unit={unit} against="previous" />
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
