import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Loading, QueryError } from '../../components/forms.js';
import { formatDateTime } from '../../components/page.js';
import { caseEndpoints, STATUS_LABELS } from '../cases/cases-api.js';

/** The customer's cases, newest first, with their status and SLA state. */
export function CustomerCases({ customerId }: { customerId: string }) {
  const query = { customer: customerId, limit: 20 };
  const cases = useQuery({
    queryKey: ['cases', 'customer', customerId],
    queryFn: () => caseEndpoints.list(query),
  });
  return (
    <section className="card" aria-labelledby="customer-cases">
      <h2 id="customer-cases">Cases</h2>
      {cases.isPending && <Loading what="Loading cases" />}
      {cases.isError && <QueryError error={cases.error} />}
      {cases.data?.items.length === 0 && <p className="muted">No cases about this customer.</p>}
      {cases.data && cases.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Status</th>
                <th scope="col">Team</th>
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
                  <td>{c.teamName ?? '—'}</td>
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
