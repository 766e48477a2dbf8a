import type { TCaseDetail } from '@touchstone/core';
import { Link } from 'react-router';
import { formatDate, humanize } from '../../components/page.js';
import { STATUS_LABELS } from './cases-api.js';

/** What the case is about (response, customer, touchpoint) and the customer's other history. */
export function CaseLinks({ c }: { c: TCaseDetail }) {
  const { responses, interactions, cases } = c.links;
  return (
    <section className="card" aria-label="Links">
      <h2>Customer</h2>
      <dl className="details">
        <div className="details-row">
          <dt>Customer</dt>
          <dd>
            {c.customerId === null ? (
              '—'
            ) : (
              <Link to={`/customers/${c.customerId}`}>{c.customerName ?? 'Customer'}</Link>
            )}
          </dd>
        </div>
        <div className="details-row">
          <dt>Response</dt>
          <dd>
            {c.responseId === null ? '—' : <Link to={`/responses/${c.responseId}`}>Open</Link>}
          </dd>
        </div>
        <div className="details-row">
          <dt>Touchpoint</dt>
          <dd>
            {c.touchpointId === null ? (
              '—'
            ) : (
              <Link to={`/touchpoints/${c.touchpointId}`}>{c.touchpointName ?? 'Touchpoint'}</Link>
            )}
          </dd>
        </div>
        <div className="details-row">
          <dt>Source</dt>
          <dd>{c.ruleId !== null ? 'Opened by a rule' : humanize(c.source.type)}</dd>
        </div>
      </dl>
      {cases.length > 0 && (
        <>
          <h3>Other cases</h3>
          <ul className="link-list">
            {cases.map((k) => (
              <li key={k.id}>
                <Link to={`/cases/${k.id}`}>
                  #{k.number} {k.title}
                </Link>{' '}
                <span className="muted">{STATUS_LABELS[k.status]}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {responses.length > 0 && (
        <>
          <h3>Responses</h3>
          <ul className="link-list">
            {responses.map((r) => (
              <li key={r.id}>
                <Link to={`/responses/${r.id}`}>{r.surveyName}</Link>{' '}
                <span className="muted">
                  {r.submittedAt === null ? 'unfinished' : formatDate(r.submittedAt)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {interactions.length > 0 && (
        <>
          <h3>Interactions</h3>
          <ul className="link-list">
            {interactions.map((i) => (
              <li key={i.id}>
                {humanize(i.type)}
                {i.touchpointName !== null && ` at ${i.touchpointName}`}{' '}
                <span className="muted">{formatDate(i.occurredAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
