import type { TAttributeKey, TCustomer } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { AttributeFilters, attrParams, attrValues, formatAttribute } from './attribute-filters.js';

const SORTS = [
  ['name', 'Name'],
  ['externalId', 'External id'],
  ['-updatedAt', 'Recently updated'],
  ['-createdAt', 'Newest'],
] as const;
const PAGE_SIZE = 25;
/** Attribute columns shown in the table; the rest are on the customer's page. */
const SHOWN_ATTRIBUTES = 3;

function CustomersTable({
  customers,
  attributes,
}: {
  customers: TCustomer[];
  attributes: TAttributeKey[];
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">External id</th>
            <th scope="col">Email</th>
            {attributes.map((a) => (
              <th key={a.key} scope="col">
                {a.label}
              </th>
            ))}
            <th scope="col">Email consent</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to={`/customers/${c.id}`}>{c.name ?? c.externalId}</Link>
                {c.optedOutAt && <span className="badge">Opted out</span>}
              </th>
              <td>
                <code>{c.externalId}</code>
              </td>
              <td>{c.email ?? '—'}</td>
              {attributes.map((a) => (
                <td key={a.key}>{formatAttribute(c.attributes[a.key])}</td>
              ))}
              <td>{c.emailConsent ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Customers: search, filter by declared attributes, page through. */
export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const applied = {
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? 'name',
    attr: params.getAll('attr'),
  };
  const [q, setQ] = useState(applied.q);
  const [sort, setSort] = useState(applied.sort);
  const [filters, setFilters] = useState(() => attrValues(applied.attr));
  const pager = useCursorPager();
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const query = { ...applied, limit: PAGE_SIZE, cursor: pager.cursor };
  const customers = useQuery({
    queryKey: keys.customers(query),
    queryFn: () => endpoints.customers(query),
    placeholderData: keepPreviousData,
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (q.trim()) next.set('q', q.trim());
    if (sort !== 'name') next.set('sort', sort);
    attrParams(filters).forEach((a) => next.append('attr', a));
    setParams(next);
    pager.reset();
  };
  const shown = (attributeKeys.data ?? []).slice(0, SHOWN_ATTRIBUTES);

  return (
    <Page
      shareable
      title="Customers"
      lead="People and accounts, their attributes and what happened to them."
    >
      <form className="card filter-form" onSubmit={apply} role="search" aria-label="Customers">
        <div className="filter-row">
          <div className="field grow">
            <label htmlFor="customer-q">Search</label>
            <input
              id="customer-q"
              type="search"
              placeholder="Name, email or external id"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="customer-sort">Sort by</label>
            <select id="customer-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {attributeKeys.data && (
          <AttributeFilters
            attributeKeys={attributeKeys.data}
            values={filters}
            onChange={setFilters}
          />
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
        </div>
      </form>
      {customers.isPending && <Loading what="Loading customers" />}
      {customers.isError && <QueryError error={customers.error} />}
      {customers.data && customers.data.items.length === 0 && (
        <p className="empty">No customers match.</p>
      )}
      {customers.data && customers.data.items.length > 0 && (
        <>
          <CustomersTable customers={customers.data.items} attributes={shown} />
          <Pager
            label="Customer pages"
            pageNumber={pager.pageNumber}
            nextCursor={customers.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </Page>
  );
}
