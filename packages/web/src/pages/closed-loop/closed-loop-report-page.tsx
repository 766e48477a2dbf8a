import type { TReportBreakdownRow, TReportShare } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Field, Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import {
  closedLoopEndpoints,
  closedLoopKeys,
  formatMinutes,
  formatShare,
} from './closed-loop-api.js';
import { FollowUpSettings } from './follow-up-settings.js';
import './closed-loop.css';

function ShareFigure({ label, share, hint }: { label: string; share: TReportShare; hint: string }) {
  return (
    <figure className="figure card">
      <figcaption>{label}</figcaption>
      <div className="figure-value">{formatShare(share)}</div>
      <p className="muted">
        {share.count} of {share.n} · {hint}
      </p>
    </figure>
  );
}

function Breakdown({ title, rows }: { title: string; rows: TReportBreakdownRow[] }) {
  const id = `breakdown-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">No cases in this period.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{title.replace(/^By /, '')}</th>
                <th scope="col" className="numeric">
                  Cases
                </th>
                <th scope="col" className="numeric">
                  Open
                </th>
                <th scope="col" className="numeric">
                  Resolved
                </th>
                <th scope="col" className="numeric">
                  Detractors followed up
                </th>
                <th scope="col" className="numeric">
                  Recovered
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id ?? 'none'}>
                  <th scope="row">{r.label}</th>
                  <td className="numeric">{r.cases}</td>
                  <td className="numeric">{r.open}</td>
                  <td className="numeric">{r.resolved}</td>
                  <td className="numeric">{r.followedUpDetractors}</td>
                  <td className="numeric">{r.recovered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** `/reports/closed-loop`: whether acting on feedback wins customers back, and how fast. */
export function ClosedLoopReportPage() {
  const [params, setParams] = useSearchParams();
  const canAdmin = useCan('cases:admin');
  const query = {
    ...(params.get('from') && { from: params.get('from') ?? '' }),
    ...(params.get('to') && { to: params.get('to') ?? '' }),
    ...(params.get('team') && { team: params.get('team') ?? '' }),
    ...(params.get('touchpoint') && { touchpoint: params.get('touchpoint') ?? '' }),
  };
  const report = useQuery({
    queryKey: closedLoopKeys.report(query),
    queryFn: () => closedLoopEndpoints.report(query),
    placeholderData: keepPreviousData,
  });
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };
  const r = report.data;
  return (
    <Page
      shareable
      title="Closed-loop report"
      lead="Cases opened in the period: how fast they were answered and resolved, and whether the customers were won back."
    >
      <form className="filter-row" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="From">
          {(props) => (
            <input
              {...props}
              type="date"
              value={params.get('from') ?? ''}
              onChange={(e) => set('from', e.target.value)}
            />
          )}
        </Field>
        <Field label="To">
          {(props) => (
            <input
              {...props}
              type="date"
              value={params.get('to') ?? ''}
              onChange={(e) => set('to', e.target.value)}
            />
          )}
        </Field>
        <Field label="Team">
          {(props) => (
            <select
              {...props}
              value={params.get('team') ?? ''}
              onChange={(e) => set('team', e.target.value)}
            >
              <option value="">All teams</option>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Touchpoint">
          {(props) => (
            <select
              {...props}
              value={params.get('touchpoint') ?? ''}
              onChange={(e) => set('touchpoint', e.target.value)}
            >
              <option value="">All touchpoints</option>
              {(touchpoints.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {report.isPending && <Loading what="Computing the report" />}
      {report.isError && <QueryError error={report.error} />}
      {r && (
        <div className="stack">
          <p className="muted">
            {r.from} to {r.to}: {r.cases.total} cases, {r.cases.open} open, {r.cases.resolved}{' '}
            resolved or closed. Shares show their 95% interval (Wilson).
          </p>
          <div className="figure-grid">
            <ShareFigure
              label="Recovery rate"
              share={r.recoveryRate}
              hint="detractors whose follow-up answer was passive or promoter"
            />
            <ShareFigure
              label="Follow-up response rate"
              share={r.followUpResponseRate}
              hint="follow-up surveys answered"
            />
            <ShareFigure
              label="First response within SLA"
              share={r.slaCompliance.firstResponse}
              hint="cases whose target was met"
            />
            <ShareFigure
              label="Resolution within SLA"
              share={r.slaCompliance.resolution}
              hint="cases whose target was met"
            />
            <figure className="figure card">
              <figcaption>Time to first response</figcaption>
              <div className="figure-value">
                {formatMinutes(r.timeToFirstResponse.medianMinutes)}
              </div>
              <p className="muted">
                median · 90th percentile {formatMinutes(r.timeToFirstResponse.p90Minutes)} ·{' '}
                {r.timeToFirstResponse.n} cases
              </p>
            </figure>
            <figure className="figure card">
              <figcaption>Time to resolution</figcaption>
              <div className="figure-value">{formatMinutes(r.timeToResolution.medianMinutes)}</div>
              <p className="muted">
                median · 90th percentile {formatMinutes(r.timeToResolution.p90Minutes)} ·{' '}
                {r.timeToResolution.n} cases
              </p>
            </figure>
            <figure className="figure card">
              <figcaption>Later NPS answer</figcaption>
              <div className="figure-value">
                {r.laterNps.change === null
                  ? '—'
                  : `${r.laterNps.change >= 0 ? '+' : ''}${r.laterNps.change.toFixed(1)}`}
              </div>
              <p className="muted">
                {r.laterNps.customers === 0
                  ? 'no customer has answered again since their case'
                  : `mean ${r.laterNps.meanBefore?.toFixed(1)} before, ${r.laterNps.meanAfter?.toFixed(1)} after · ${r.laterNps.customers} customers`}
              </p>
            </figure>
          </div>
          <p className="muted">
            {r.valueChange.change === null
              ? `Change in customer spending: no customer's case is ${r.valueChange.minDaysAfter} days old yet.`
              : `Customer spending per 30 days: ${r.valueChange.meanBefore?.toFixed(2)} in the ` +
                `${r.valueChange.windowDays} days before their case, ${r.valueChange.meanAfter?.toFixed(2)} since ` +
                `(${r.valueChange.change >= 0 ? '+' : ''}${r.valueChange.change.toFixed(2)}; ` +
                `${r.valueChange.customers} customers).`}
          </p>
          <Breakdown title="By root cause" rows={r.byRootCause} />
          <Breakdown title="By touchpoint" rows={r.byTouchpoint} />
          <Breakdown title="By team" rows={r.byTeam} />
        </div>
      )}
      {canAdmin && <FollowUpSettings />}
    </Page>
  );
}
