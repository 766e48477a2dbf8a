import type { TAttributeKey, TCustomerDetail, TInteraction, TTouchpoint } from '@touchstone/core';
import { roleAllows } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { formatAttribute } from './attribute-filters.js';
import { useSession } from '../../auth/session.js';
import { CustomerValueSection } from '../equity/customer-value-section.js';
import { CustomerCases } from './customer-cases.js';
import { CustomerComments } from './customer-comments.js';
import { CustomerTimeline } from './customer-timeline.js';

function Profile({
  customer,
  attributeKeys,
}: {
  customer: TCustomerDetail;
  attributeKeys: TAttributeKey[];
}) {
  const label = new Map(attributeKeys.map((k) => [k.key, k.label]));
  const attributes = Object.entries(customer.attributes);
  return (
    <div className="two-columns">
      <section className="card" aria-labelledby="profile">
        <h2 id="profile">Profile</h2>
        <dl className="details">
          <dt>External id</dt>
          <dd>
            <code>{customer.externalId}</code>
          </dd>
          <dt>Email</dt>
          <dd>{customer.email ?? '—'}</dd>
          <dt>Phone</dt>
          <dd>{customer.phone ?? '—'}</dd>
          <dt>Locale</dt>
          <dd>{customer.locale ?? '—'}</dd>
          <dt>Customer since</dt>
          <dd>{formatDateTime(customer.firstSeenAt)}</dd>
        </dl>
        <h3>Consent</h3>
        <dl className="details">
          <dt>Email contact</dt>
          <dd>{customer.emailConsent ? 'Agreed' : 'Not given'}</dd>
          <dt>Surveys and messages</dt>
          <dd>
            {customer.optedOutAt
              ? `Opted out ${formatDateTime(customer.optedOutAt)}`
              : 'Not opted out'}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="attributes">
        <h2 id="attributes">Attributes</h2>
        {attributes.length === 0 ? (
          <p className="muted">No attributes.</p>
        ) : (
          <dl className="details">
            {attributes.map(([key, value]) => (
              <div key={key} className="details-row">
                <dt>{label.get(key) ?? key}</dt>
                <dd>{formatAttribute(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </div>
  );
}

function formatAmount(i: TInteraction): string {
  if (i.amount === null) return '—';
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: i.currency ?? 'XXX',
    }).format(i.amount);
  } catch {
    return `${i.amount} ${i.currency ?? ''}`;
  }
}

function Interactions({
  customerId,
  touchpoints,
}: {
  customerId: string;
  touchpoints: TTouchpoint[];
}) {
  const pager = useCursorPager();
  const query = { customerId, sort: '-occurredAt', limit: 20, cursor: pager.cursor };
  const interactions = useQuery({
    queryKey: keys.interactions(query),
    queryFn: () => endpoints.interactions(query),
    placeholderData: keepPreviousData,
  });
  const touchpointById = new Map(touchpoints.map((t) => [t.id, t]));
  return (
    <section className="card" aria-labelledby="interactions">
      <h2 id="interactions">Interactions</h2>
      {interactions.isPending && <Loading what="Loading interactions" />}
      {interactions.isError && <QueryError error={interactions.error} />}
      {interactions.data?.items.length === 0 && <p className="muted">No interactions yet.</p>}
      {interactions.data && interactions.data.items.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Touchpoint</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="numeric">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {interactions.data.items.map((i) => {
                  const touchpoint = touchpointById.get(i.touchpointId);
                  return (
                    <tr key={i.id}>
                      <td>{formatDateTime(i.occurredAt)}</td>
                      <td>
                        {touchpoint ? (
                          <Link to={`/touchpoints/${touchpoint.id}`}>{touchpoint.name}</Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>{i.type}</td>
                      <td className="numeric">{formatAmount(i)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager
            label="Interaction pages"
            pageNumber={pager.pageNumber}
            nextCursor={interactions.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </section>
  );
}

/**
 * One customer: profile, consent, attributes, value, comments with their sentiment, cases,
 * interactions, and the one timeline of all of them.
 */
export function CustomerPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const customer = useQuery({ queryKey: keys.customer(id), queryFn: () => endpoints.customer(id) });
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const title = customer.data ? (customer.data.name ?? customer.data.externalId) : 'Customer';
  return (
    <Page shareable title={title} crumbs={<Link to="/customers">Customers</Link>}>
      {customer.isPending && <Loading what="Loading the customer" />}
      {customer.isError && <QueryError error={customer.error} />}
      {customer.data && (
        <div className="stack">
          <Profile customer={customer.data} attributeKeys={attributeKeys.data ?? []} />
          {roleAllows(session.role, 'equity:read') && (
            <CustomerValueSection customerId={customer.data.id} />
          )}
          {roleAllows(session.role, 'responses:read') && (
            <CustomerComments customerId={customer.data.id} touchpoints={touchpoints.data ?? []} />
          )}
          {roleAllows(session.role, 'cases:read') && (
            <CustomerCases customerId={customer.data.id} />
          )}
          <Interactions customerId={customer.data.id} touchpoints={touchpoints.data ?? []} />
          <CustomerTimeline customerId={customer.data.id} />
        </div>
      )}
    </Page>
  );
}
