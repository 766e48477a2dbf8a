import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAlert, TAlertDetail, TAlertRelated, TAlertSeries } from '@touchstone/core';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useCan } from '../../auth/session.js';
import { TrendEChart, type TTrendLine } from '../../components/charts/trend-echart.js';
import { FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import {
  alertCommentsLink,
  alertEndpoints,
  alertKeys,
  beforeAfter,
  formatAlertValue,
  measureName,
} from './alerts-api.js';
import '../analytics/analytics.css';
import './alerts.css';

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/** `/alerts/:id`: one change with its evidence, and the buttons that move its status. */
export function AlertPage() {
  const { id = '' } = useParams();
  const alert = useQuery({ queryKey: alertKeys.one(id), queryFn: () => alertEndpoints.get(id) });
  const series = useQuery({
    queryKey: alertKeys.series(id),
    queryFn: () => alertEndpoints.series(id),
  });
  const title = alert.data ? `${measureName(alert.data)}: ${alert.data.label}` : 'Alert';
  return (
    <Page
      shareable
      title={title}
      crumbs={<Link to="/alerts">Alerts</Link>}
      lead={
        alert.data &&
        `${alert.data.direction === 'down' ? 'Fell' : 'Rose'} from the week of ${alert.data.changeDate}: ${beforeAfter(alert.data)} (${alert.data.status})`
      }
      actions={alert.data && <StatusButtons alert={alert.data} />}
    >
      {alert.isPending && <Loading what="Loading the alert" />}
      {alert.isError && <QueryError error={alert.error} />}
      {alert.data && (
        <div className="alert-evidence">
          <Sides alert={alert.data} />
          <section className="card alert-chart">
            <h2>Week by week</h2>
            {series.isPending && <Loading what="Loading the series" />}
            {series.isError && <QueryError error={series.error} />}
            {series.data && <SeriesChart series={series.data} alert={alert.data} />}
          </section>
          <Themes alert={alert.data} />
          <Localisation alert={alert.data} />
        </div>
      )}
    </Page>
  );
}

function StatusButtons({ alert }: { alert: TAlert }) {
  const canWrite = useCan('alerts:write');
  const client = useQueryClient();
  const errors = useFormErrors();
  const move = useMutation({
    mutationFn: (status: TAlert['status']) => alertEndpoints.setStatus(alert.id, status),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
    onError: (error) => errors.fromError(error),
  });
  if (!canWrite) return null;
  return (
    <>
      {alert.status === 'open' && (
        <button type="button" onClick={() => move.mutate('acknowledged')} disabled={move.isPending}>
          Acknowledge
        </button>
      )}
      {alert.status !== 'resolved' && (
        <button type="button" onClick={() => move.mutate('resolved')} disabled={move.isPending}>
          Resolve
        </button>
      )}
      {alert.status !== 'open' && (
        <button type="button" onClick={() => move.mutate('open')} disabled={move.isPending}>
          Reopen
        </button>
      )}
      <FormError message={errors.message} />
    </>
  );
}

function Sides({ alert }: { alert: TAlertDetail }) {
  const side = (name: string, s: TAlert['before']) => (
    <div>
      <h3>{name}</h3>
      <p className="figure">{formatAlertValue(s.value, alert.metric)}</p>
      <p className="figure-detail">
        95% interval {formatAlertValue(s.interval.low, alert.metric)} to{' '}
        {formatAlertValue(s.interval.high, alert.metric)} · n {s.n}
      </p>
    </div>
  );
  const effect =
    alert.effectUnit === 'nps-points'
      ? `${alert.effectSize.toFixed(0)} NPS points`
      : `Cohen's d ${alert.effectSize.toFixed(2)}`;
  return (
    <section className="card">
      <h2>Before and after {alert.changeDate}</h2>
      <div className="alert-sides">
        {side('Before', alert.before)}
        {side('After', alert.after)}
      </div>
      <p className="muted">
        Effect {effect}; p {alert.pValue.toExponential(1)}, adjusted over the whole scan (Holm){' '}
        {alert.adjustedPValue.toExponential(1)}.
      </p>
      {alert.alsoChanged.length > 0 && (
        <>
          <h3>Changed with it</h3>
          <ul>
            {alert.alsoChanged.map((m) => (
              <li key={m.questionKey}>
                {measureName(m)}: {beforeAfter({ ...m, metric: m.metric })} from {m.changeDate}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function SeriesChart({ series, alert }: { series: TAlertSeries; alert: TAlertDetail }) {
  // The first week after the change carries the chart's change mark.
  const first = series.weeks.find((w) => w.weekStart >= series.changeDate);
  const name = measureName(alert);
  // Built once per series: a new option object on every render would redraw the chart.
  const lines = useMemo<TTrendLine[]>(
    () => [
      {
        name,
        points: series.weeks.map((w) => ({
          period: w.weekStart,
          value: w.value,
          low: w.low,
          high: w.high,
          n: w.n,
          change: 0,
        })),
      },
    ],
    [series, name],
  );
  const visible = useMemo(() => new Set([name]), [name]);
  const format = useMemo(() => (v: number) => formatAlertValue(v, alert.metric), [alert.metric]);
  return (
    <>
      <TrendEChart
        lines={lines}
        visible={visible}
        format={format}
        fileName={`alert-${alert.id}-weeks`}
        markPeriod={first?.weekStart}
        label={`${measureName(alert)} by week for ${alert.label}; the change from ${series.changeDate} is marked`}
      />
      <p className="muted">
        The marked week ({series.changeDate}) is the first after the change. Shaded: 95% interval of
        each week.
      </p>
    </>
  );
}

function Themes({ alert }: { alert: TAlertDetail }) {
  return (
    <section className="card">
      <h2>What customers wrote</h2>
      {alert.themes.length === 0 ? (
        <p className="muted">No analysed comments for this touchpoint and segment yet.</p>
      ) : (
        <table className="alert-table" aria-label="Themes whose share changed">
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Share before</th>
              <th scope="col">Share after</th>
              <th scope="col">Change</th>
              <th scope="col">p</th>
            </tr>
          </thead>
          <tbody>
            {alert.themes.map((t) => (
              <tr key={t.themeId}>
                <th scope="row">{t.name}</th>
                <td>
                  {percent(t.shareBefore)} of {t.commentsBefore}
                </td>
                <td>
                  {percent(t.shareAfter)} of {t.commentsAfter}
                </td>
                <td>
                  {t.difference > 0 ? '+' : ''}
                  {(100 * t.difference).toFixed(1)} points
                </td>
                <td>{t.pValue < 0.001 ? '< 0.001' : t.pValue.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {alert.examples.length > 0 && (
        <>
          <h3>Comments since the change</h3>
          <ul className="alert-comments" aria-label="Example comments">
            {alert.examples.map((c) => (
              <li key={`${c.responseId}-${c.day}`}>
                <q>{c.text}</q>{' '}
                <span className="muted">
                  ({c.day}; {c.themes.join(', ')})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to={alertCommentsLink(alert)}>
          All comments of {alert.label} since {alert.changeDate}
        </Link>
      </p>
    </section>
  );
}

function RelatedTable({
  rows,
  caption,
  metric,
}: {
  rows: TAlertRelated[];
  caption: string;
  metric: string;
}) {
  return (
    <table className="alert-table" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Where</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">n before / after</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{formatAlertValue(r.before, metric)}</td>
            <td>{formatAlertValue(r.after, metric)}</td>
            <td>
              {r.nBefore} / {r.nAfter}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Localisation({ alert }: { alert: TAlertDetail }) {
  return (
    <section className="card">
      <h2>Where the change is</h2>
      <p>
        The change is localised to <strong>{alert.label}</strong>: the broader groups below show it
        only through this one.
      </p>
      <h3>Shared by</h3>
      {alert.sharedBy.length === 0 ? (
        <p className="muted">No broader group changed significantly.</p>
      ) : (
        <RelatedTable
          rows={alert.sharedBy}
          caption="Groups that share the change"
          metric={alert.metric}
        />
      )}
      <h3>Not affected</h3>
      {alert.notAffected.length === 0 ? (
        <p className="muted">No comparable group with enough answers.</p>
      ) : (
        <RelatedTable
          rows={alert.notAffected}
          caption="Comparable groups without the change"
          metric={alert.metric}
        />
      )}
    </section>
  );
}
