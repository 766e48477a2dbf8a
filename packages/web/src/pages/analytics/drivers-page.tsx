import { useQuery } from '@tanstack/react-query';
import type { TDriversResponse } from '@touchstone/core';
import { PriorityMatrix, type TMatrixPoint } from '../../components/charts/priority-matrix.js';
import { Loading, QueryError } from '../../components/forms.js';
import { humanize } from '../../components/page.js';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';
import { AnalyticsLayout, OptionSelect } from './analytics-layout.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';

const METHODS = [
  { value: 'relative-weights', label: 'Relative weights' },
  { value: 'shapley', label: 'Shapley values' },
];

/** Key drivers of an outcome: weights with R², and the importance-performance matrix. */
export function DriversPage() {
  const { filters, option, set } = useAnalyticsFilters();
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
    surveyId: surveyId || undefined,
    outcome: outcome || undefined,
    method,
  };
  // Without `drivers` the server takes every rated key answered with the outcome: the candidates.
  const candidates = useQuery({
    queryKey: analyticsKeys.drivers(base),
    queryFn: () => analyticsEndpoints.drivers(base),
    enabled: surveys.isSuccess,
  });
  const query = { ...base, drivers: chosen || undefined };
  const result = useQuery({
    queryKey: analyticsKeys.drivers(query),
    queryFn: () => analyticsEndpoints.drivers(query),
    enabled: chosen !== '',
  });
  const data = chosen === '' ? candidates.data : result.data;
  const candidateKeys = candidates.data?.drivers.map((d) => d.key) ?? [];
  const selected = chosen === '' ? candidateKeys : chosen.split(',');
  const toggle = (key: string, on: boolean) => {
    const next = on ? [...selected, key] : selected.filter((k) => k !== key);
    set('drivers', next.length === candidateKeys.length ? '' : next.join(','));
  };
  const outcomeOptions = candidates.data
    ? [candidates.data.outcome, ...candidateKeys].map((k) => ({ value: k, label: k }))
    : [];
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
                  {k}
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
      {data && <DriversView data={data} />}
    </AnalyticsLayout>
  );
}

function DriversView({ data }: { data: TDriversResponse }) {
  const methodName = METHODS.find((m) => m.value === data.method)?.label ?? data.method;
  if (data.status === 'insufficient-data') {
    return (
      <section className="card">
        <h2>Insufficient data</h2>
        <p>
          {data.n} respondents answered {data.outcome} and every driver; at least {data.minN} are
          needed.
        </p>
      </section>
    );
  }
  // The server places drivers by rescaled weight and their mean on 0..100 (reverse items reversed).
  const matrix = data.priorityMatrix;
  const points: TMatrixPoint[] = (matrix?.items ?? []).map((i) => ({
    name: i.key,
    importance: i.importance,
    performance: i.performance,
  }));
  const quadrants = new Map((matrix?.items ?? []).map((i) => [i.key, humanize(i.quadrant)]));
  return (
    <>
      <section className="card" aria-labelledby="drivers-table-title">
        <h2 id="drivers-table-title">Drivers of {data.outcome}</h2>
        <p className="figure-detail">
          R² {data.r2 === null ? '—' : data.r2.toFixed(3)} · {methodName} · n {data.n}
          {data.from && data.to ? ` · ${data.from} to ${data.to}` : ' · all dates'}
        </p>
        <div className="table-scroll">
          <table className="table drivers-table">
            <caption className="visually-hidden">Driver weights of {data.outcome}</caption>
            <thead>
              <tr>
                <th scope="col">Driver</th>
                <th scope="col" className="numeric">
                  Raw weight
                </th>
                <th scope="col" className="numeric">
                  Share of R²
                </th>
                <th scope="col">Sign</th>
                <th scope="col" className="numeric">
                  Performance (0–100)
                </th>
                <th scope="col">Quadrant</th>
              </tr>
            </thead>
            <tbody>
              {[...data.drivers]
                .sort((a, b) => b.rescaled - a.rescaled)
                .map((d) => {
                  const point = points.find((p) => p.name === d.key);
                  return (
                    <tr key={d.key}>
                      <th scope="row">{d.key}</th>
                      <td className="numeric">{d.weight.toFixed(4)}</td>
                      <td className="numeric">
                        <span className="bar" style={{ width: `${Math.max(0, d.rescaled)}%` }} />
                        {d.rescaled.toFixed(1)}%
                      </td>
                      <td>
                        {d.correlation >= 0 ? 'Positive' : 'Negative'} (r {d.correlation.toFixed(2)}
                        )
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
          <PriorityMatrix
            points={points}
            importanceSplit={matrix?.importanceSplit ?? 0}
            performanceSplit={matrix?.performanceSplit ?? 0}
            label={`Priority matrix of ${points.length} drivers: ${points
              .map((p) => `${p.name} ${quadrants.get(p.name) ?? ''}`)
              .join(', ')}`}
          />
        </section>
      )}
    </>
  );
}
