import type { TMetricResult } from '@touchstone/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime } from '../../components/page.js';
import { analyticsEndpoints, analyticsKeys } from '../analytics/analytics-api.js';
import { caseEndpoints, STATUS_LABELS, slaSummary } from '../cases/cases-api.js';
import { closedLoopEndpoints, closedLoopKeys } from '../closed-loop/closed-loop-api.js';

function npsText(result: TMetricResult | undefined): string {
  if (result === undefined) return '—';
  if (result.status !== 'ok') return `too few answers (${result.n})`;
  const interval =
    result.interval === null
      ? ''
      : ` (${Math.round(result.interval.low)} to ${Math.round(result.interval.high)})`;
  return `${Math.round(result.value)}${interval}`;
}

function Scores({ touchpointIds }: { touchpointIds: string[] }) {
  const query = { metric: 'nps,csat', groupBy: 'touchpoint', touchpointId: touchpointIds };
  const metrics = useQuery({
    queryKey: analyticsKeys.metrics(query),
    queryFn: () => analyticsEndpoints.metrics(query),
  });
  return (
    <section className="card" aria-labelledby="my-scores">
      <h2 id="my-scores">Scores</h2>
      {metrics.isPending && <Loading what="Loading scores" />}
      {metrics.isError && <QueryError error={metrics.error} />}
      {metrics.data && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Touchpoint</th>
                <th scope="col" className="numeric">
                  Responses
                </th>
                <th scope="col" className="numeric">
                  NPS (95% interval)
                </th>
              </tr>
            </thead>
            <tbody>
              {metrics.data.groups.map((g) => {
                const key = g.key[0];
                return (
                  <tr key={key?.value ?? 'none'}>
                    <th scope="row">
                      {key?.value ? (
                        <Link to={`/touchpoints/${key.value}`}>{key.label}</Link>
                      ) : (
                        (key?.label ?? '—')
                      )}
                    </th>
                    <td className="numeric">{g.n}</td>
                    <td className="numeric">{npsText(g.metrics['nps'])}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TeamCases() {
  const query = { view: 'team' as const, status: 'active' as const, limit: 50 };
  const cases = useQuery({
    queryKey: ['cases', 'my-teams', query],
    queryFn: () => caseEndpoints.list(query),
  });
  return (
    <section className="card" aria-labelledby="my-team-cases">
      <h2 id="my-team-cases">My teams&apos; open cases</h2>
      {cases.isPending && <Loading what="Loading cases" />}
      {cases.isError && <QueryError error={cases.error} />}
      {cases.data?.items.length === 0 && <p className="muted">No open cases.</p>}
      {cases.data && cases.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Status</th>
                <th scope="col">Touchpoint</th>
                <th scope="col">SLA</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {cases.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/cases/${c.id}`}>
                      #{c.number} {c.title}
                    </Link>
                  </td>
                  <td>{STATUS_LABELS[c.status]}</td>
                  <td>{c.touchpointName ?? '—'}</td>
                  <td>{slaSummary(c).text}</td>
                  <td>{formatDateTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** `/my-touchpoints`: a touchpoint owner's start page, their touchpoints' scores and cases. */
export function MyTouchpointsPage() {
  const canReadCases = useCan('cases:read');
  const work = useQuery({ queryKey: closedLoopKeys.myWork, queryFn: closedLoopEndpoints.myWork });
  const owned = work.data?.ownedTouchpoints ?? [];
  return (
    <Page
      title="My touchpoints"
      lead={
        work.data
          ? `The touchpoints ${work.data.teams.map((t) => t.name).join(', ') || 'your teams'} own, and their open cases.`
          : undefined
      }
    >
      {work.isPending && <Loading what="Finding your touchpoints" />}
      {work.isError && <QueryError error={work.error} />}
      {work.data && owned.length === 0 && (
        <p className="muted">None of your teams owns a touchpoint.</p>
      )}
      {owned.length > 0 && (
        <div className="stack">
          <Scores touchpointIds={owned.map((t) => t.id)} />
          {canReadCases && <TeamCases />}
        </div>
      )}
    </Page>
  );
}
