import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryError } from '../../components/forms.js';
import { AlertList } from './alert-list.js';
import { alertEndpoints, alertKeys } from './alerts-api.js';
import './alerts.css';

/** Shown on the overview: how many open alerts at most. */
const SHOWN = 5;

/** The overview's first section: open alerts, newest change first, then the largest. */
export function OpenAlertsSection() {
  const alerts = useQuery({
    queryKey: alertKeys.list('open'),
    queryFn: () => alertEndpoints.list({ status: 'open', limit: 50 }),
  });
  return (
    <section className="card open-alerts" aria-labelledby="open-alerts-heading">
      <h2 id="open-alerts-heading">Open alerts</h2>
      {alerts.isError && <QueryError error={alerts.error} />}
      {alerts.data &&
        (alerts.data.items.length === 0 ? (
          <p className="muted">No open alerts: the daily scan found no lasting change.</p>
        ) : (
          <>
            <AlertList alerts={alerts.data.items.slice(0, SHOWN)} label="Open alerts" />
            {alerts.data.items.length > SHOWN && (
              <p>
                <Link to="/alerts">All {alerts.data.items.length} open alerts</Link>
              </p>
            )}
          </>
        ))}
    </section>
  );
}
