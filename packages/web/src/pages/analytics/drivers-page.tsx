import { useQuery } from '@tanstack/react-query';
import type { TDriversResponse } from '@touchstone/core';
import { Link, useNavigate } from 'react-router';
import type { TQuery } from '../../api/client.js';
import { CsvButton } from '../../components/charts/csv-download.js';
import { PriorityEChart, type TPriorityPoint } from '../../components/charts/priority-echart.js';
import { SortHeader, useSortedRows } from '../../components/charts/sortable.js';
import { Loading, QueryError } from '../../components/forms.js';
import { humanize } from '../../components/page.js';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics-layout.js';
import { drillDownHref } from './drill-link.js';
import { useQuestionLabel, useQuestions } from './question-choice.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';
import { useDefaultWindow } from './use-default-window.js';

const METHODS = [
  { value: 'relative-weights', label: 'Relative weights' },
  { value: 'shapley', label: 'Shapley values' },
];

/** Key drivers of an outcome: weights with R², and the importance-performance matrix. */
export function DriversPage() {
  const { filters, option, set } = useAnalyticsFilters();
  const window = useDefaultWindow(filters, 'quarter');
  const questions = useQuestions();
  const labelOf = useQuestionLabel();
  const outcome = option('outcome', '');
  const method = option('method', 'relative-weights');
  const chosen = option('drivers', '');
  const surveys = useQuery({
    queryKey: analyticsKeys.surveys,
    queryFn: analyticsEndpoints.surveys,
  });
  const surveyOptions = (surveys.data ?? []).filter((s) => s.status !== 'draft');
  // Keys of different surveys are rarely answered together: analyse one survey at a time.
  const surveyId = option('surveyId', surveyOptions[0]?.id ?? '');
  const base = {
    ...filters,
    from: window.from,
    to: window.to,
    surveyId: surveyId || undefined,
    outcome: outcome || undefined,
    method,
  };
  // Without `drivers` the server takes every rated key answered with the outcome: the candidates.
  const candidates = useQuery({
    queryKey: analyticsKeys.drivers(base),
    queryFn: () => analyticsEndpoints.drivers(base),
    enabled: surveys.isSuccess && window.ready,
  });
  const query = { ...base, drivers: chosen || undefined };
  const result = useQuery({
    queryKey: analyticsKeys.drivers(query),
    queryFn: () => analyticsEndpoints.drivers(query),
    enabled: chosen !== '' && window.ready,
  });
  const data = chosen === '' ? candidates.data : result.data;
  const candidateKeys = candidates.data?.drivers.map((d) => d.key) ?? [];
  const selected = chosen === '' ? candidateKeys : chosen.split(',');
  const toggle = (key: string, on: boolean) => {
    const next = on ? [...selected, key] : selected.filter((k) => k !== key);
    set('drivers', next.length === candidateKeys.length ? '' : next.join(','));
  };
  // Outcomes are the NPS, CSAT and CES questions of the survey: never each other's drivers.
  const outcomeOptions = questions
    .filter((q) => q.outcome && (surveyId === '' || q.surveyIds.includes(surveyId)))
    .map((q) => ({ value: q.key, label: `${q.label} (${q.type.toUpperCase()})` }));
  return (
    <AnalyticsLayout
      title="Key drivers"
      lead="Which ratings move the outcome most, and where performance lags behind importance."
      options={
        <>
          <OptionSelect
            id="drivers-survey"
            label="Survey"
            value={surveyId}
            options={surveyOptions.map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v) => {
              set('drivers', '');
              set('outcome', '');
              set('surveyId', v);
            }}
          />
          <OptionSelect
            id="drivers-outcome"
            label="Outcome"
            value={outcome || (candidates.data?.outcome ?? '')}
            options={outcomeOptions}
            onChange={(v) => {
              set('drivers', '');
              set('outcome', v);
            }}
          />
          <OptionSelect
            id="drivers-method"
            label="Method"
            value={method}
            options={METHODS}
            onChange={(v) => set('method', v)}
          />
          {candidateKeys.length > 0 && (
            <fieldset className="driver-picker">
              <legend>Drivers</legend>
              {candidateKeys.map((k) => (
                <label key={k} className="checkbox">
                  <input
                    type="checkbox"
                    checked={selected.includes(k)}
                    disabled={selected.length <= 1 && selected.includes(k)}
                    onChange={(e) => toggle(k, e.target.checked)}
                  />
                  {labelOf(k)}
                </label>
              ))}
            </fieldset>
          )}
        </>
      }
    >
      {(candidates.isPending || (chosen !== '' && result.isPending)) && (
        <Loading what="Computing key drivers" />
      )}
      {candidates.isError && <QueryError error={candidates.error} />}
      {result.isError && <QueryError error={result.error} />}
      {data && <DriversView data={data} labelOf={labelOf} filters={base} />}
    </AnalyticsLayout>
  );
}

interface TDriversViewProps {
  data: TDriversResponse;
  labelOf: (key: string) => string;
  filters: TQuery;
}

/** Too few respondents, said in words; otherwise the drivers (whose hooks need a result). */
function DriversView(props: TDriversViewProps) {
  const { data, labelOf } = props;
  if (data.status === 'insufficient-data') {
    return (
      <section className="card">
        <h2>Insufficient data</h2>
        <p>
          {data.n} respondents answered “{labelOf(data.outcome)}” and every driver; at least{' '}
          {data.minN} are needed.
        </p>
      </section>
    );
  }
  return <DriversFigures {...props} />;
}

function DriversFigures({ data, labelOf, filters }: TDriversViewProps) {
  const navigate = useNavigate();
  const outcomeName = labelOf(data.outcome);
  const drill = (key: string) =>
    drillDownHref({
      filters,
      from: data.from || undefined,
      to: data.to || undefined,
      metric: 'rating',
      question: key,
    });
  const methodName = METHODS.find((m) => m.value === data.method)?.label ?? data.method;
  // The server places drivers by rescaled weight and their mean on 0..100 (reverse items reversed).
  const matrix = data.priorityMatrix;
  const quadrants = new Map((matrix?.items ?? []).map((i) => [i.key, humanize(i.quadrant)]));
  const points: TPriorityPoint[] = (matrix?.items ?? []).map((i) => ({
    key: i.key,
    name: labelOf(i.key),
    importance: i.importance,
    performance: i.performance,
    quadrant: humanize(i.quadrant),
  }));
  const sorted = [...data.drivers].sort((a, b) => b.rescaled - a.rescaled);
  const {
    sorted: rowsInOrder,
    sort,
    toggle,
  } = useSortedRows(sorted, (d, column) => {
    switch (column) {
      case 'driver':
        return labelOf(d.key);
      case 'weight':
        return d.weight;
      case 'rescaled':
        return d.rescaled;
      case 'correlation':
        return d.correlation;
      case 'performance':
        return points.find((p) => p.key === d.key)?.performance ?? null;
      default:
        return quadrants.get(d.key) ?? null;
    }
  });
  return (
    <>
      <section className="card" aria-labelledby="drivers-table-title">
        <div className="section-heading">
          <h2 id="drivers-table-title">Drivers of “{outcomeName}”</h2>
          <CsvButton
            fileName="key-drivers"
            rows={() => [
              ['driver', 'question', 'raw weight', 'share of R2 (%)', 'correlation', 'performance'],
              ...sorted.map((d) => [
                d.key,
                labelOf(d.key),
                d.weight,
                d.rescaled,
                d.correlation,
                points.find((p) => p.key === d.key)?.performance ?? '',
              ]),
            ]}
          />
        </div>
        <p className="figure-detail">
          R² {data.r2 === null ? '—' : data.r2.toFixed(3)} · {methodName} · n {data.n}
          {data.from && data.to ? ` · ${data.from} to ${data.to}` : ' · all dates'}
        </p>
        <div className="table-scroll">
          <table className="table drivers-table">
            <caption className="visually-hidden">Driver weights of {outcomeName}</caption>
            <thead>
              <tr>
                <SortHeader label="Driver" column="driver" sort={sort} onSort={toggle} />
                <SortHeader
                  label="Raw weight"
                  column="weight"
                  sort={sort}
                  onSort={toggle}
                  numeric
                />
                <SortHeader
                  label="Share of R²"
                  column="rescaled"
                  sort={sort}
                  onSort={toggle}
                  numeric
                />
                <SortHeader label="Sign" column="correlation" sort={sort} onSort={toggle} />
                <SortHeader
                  label="Performance (0–100)"
                  column="performance"
                  sort={sort}
                  onSort={toggle}
                  numeric
                />
                <SortHeader label="Quadrant" column="quadrant" sort={sort} onSort={toggle} />
              </tr>
            </thead>
            <tbody>
              {rowsInOrder.map((d) => {
                const point = points.find((p) => p.key === d.key);
                const href = drill(d.key);
                return (
                  <tr key={d.key}>
                    <th scope="row">
                      {href ? <Link to={href}>{labelOf(d.key)}</Link> : labelOf(d.key)}
                    </th>
                    <td className="numeric">{d.weight.toFixed(4)}</td>
                    <td className="numeric">
                      <span className="bar" style={{ width: `${Math.max(0, d.rescaled)}%` }} />
                      {d.rescaled.toFixed(1)}%
                    </td>
                    <td>
                      {d.correlation >= 0 ? 'Positive' : 'Negative'} (r {d.correlation.toFixed(2)})
                    </td>
                    <td className="numeric">{point ? point.performance.toFixed(1) : '—'}</td>
                    <td>{quadrants.get(d.key) ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {points.length > 0 && (
        <section className="card" aria-labelledby="matrix-title">
          <h2 id="matrix-title">Priority matrix</h2>
          <p className="muted">
            Split at the mean importance and mean performance of these drivers (performance is the
            mean rating on 0–100). The quadrant of each driver is in the table above.
          </p>
          <PriorityEChart
            points={points}
            importanceSplit={matrix?.importanceSplit ?? 0}
            performanceSplit={matrix?.performanceSplit ?? 0}
            label={`Priority matrix of ${points.length} drivers: ${points
              .map((p) => `${p.name} ${p.quadrant}`)
              .join(', ')}`}
            onPointClick={(p) => {
              const href = drill(p.key);
              if (href) void navigate(href);
            }}
          />
        </section>
      )}
    </>
  );
}
