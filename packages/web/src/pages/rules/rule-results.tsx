import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Loading, QueryError } from '../../components/forms.js';
import { formatDateTime, humanize } from '../../components/page.js';
import { ruleEndpoints, ruleKeys, type TDryRunView } from './rules-api.js';

function SubjectLink({ type, id }: { type: 'response' | 'alert'; id: string }) {
  return type === 'alert' ? (
    <Link to={`/alerts/${id}`}>Alert</Link>
  ) : (
    <Link to={`/responses/${id}`}>Response</Link>
  );
}

/** What a dry run found: the count, and examples with why each matched. */
export function DryRunResult({ result }: { result: TDryRunView }) {
  const what = result.examples[0]?.subjectType === 'alert' ? 'alerts' : 'responses';
  return (
    <section className="card stack" aria-labelledby="dry-run-heading" aria-live="polite">
      <h2 id="dry-run-heading">Dry run</h2>
      <p>
        Over the last {result.days} days this rule would have matched{' '}
        <strong>{result.matched.toLocaleString()}</strong> of {result.evaluated.toLocaleString()}{' '}
        {what}.
      </p>
      {result.examples.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Examples of matches, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Touchpoint</th>
                <th scope="col">Why it matched</th>
                <th scope="col">Open</th>
              </tr>
            </thead>
            <tbody>
              {result.examples.map((e) => (
                <tr key={e.subjectId}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.touchpoint?.name ?? '—'}</td>
                  <td>{e.reasons.join('; ')}</td>
                  <td>
                    <SubjectLink type={e.subjectType} id={e.subjectId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A rule's recent matches with what its actions did. */
export function RuleRuns({ ruleId }: { ruleId: string }) {
  const runs = useQuery({
    queryKey: ruleKeys.runs(ruleId),
    queryFn: () => ruleEndpoints.runs(ruleId),
  });
  return (
    <section className="card stack" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Recent matches</h2>
      {runs.isPending && <Loading what="Loading matches" />}
      {runs.isError && <QueryError error={runs.error} />}
      {runs.data?.items.length === 0 && <p className="empty">No matches yet.</p>}
      {runs.data && runs.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Matched</th>
                <th scope="col">Why</th>
                <th scope="col">What it did</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id}>
                  <td>{formatDateTime(run.at)}</td>
                  <td>
                    <SubjectLink type={run.subjectType} id={run.subjectId} />
                  </td>
                  <td>{run.reasons.join('; ')}</td>
                  <td>
                    <ul className="rule-outcomes">
                      {run.outcomes.map((o, i) => (
                        <li key={i}>
                          {humanize(o.type)}: {o.status}
                          {o.caseId !== null ? (
                            <>
                              {' '}
                              <Link to={`/cases/${o.caseId}`}>case</Link>
                            </>
                          ) : (
                            o.status !== 'done' && <span className="muted"> ({o.detail})</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
