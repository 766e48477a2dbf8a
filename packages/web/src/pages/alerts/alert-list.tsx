import type { TAlert } from '@touchstone/core';
import { Link } from 'react-router';
import { beforeAfter, measureName } from './alerts-api.js';

/** A compact list of alerts: measure, touchpoint x segment, before → after, date of change. */
export function AlertList({ alerts, label }: { alerts: readonly TAlert[]; label: string }) {
  return (
    <ul className="alert-list" aria-label={label}>
      {alerts.map((alert) => (
        <li key={alert.id} className={`alert-item alert-${alert.direction}`}>
          <Link to={`/alerts/${alert.id}`} className="alert-link">
            <span className="alert-measure">
              <span aria-hidden="true">{alert.direction === 'down' ? '▼' : '▲'}</span>{' '}
              {measureName(alert)}
            </span>{' '}
            <span className="alert-scope">{alert.label}</span>
          </Link>
          <span className="alert-figures">
            {beforeAfter(alert)} <span className="muted">from {alert.changeDate}</span>
            {alert.status !== 'open' && <span className="alert-status"> · {alert.status}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
