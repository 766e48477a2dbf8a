import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { TQueryParams } from '../../api/openapi-types.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';

type TAuditQuery = TQueryParams<'get', '/api/audit-log'>;

/** What the log records actions on (the `entity` of each entry). */
const ENTITIES = [
  'customer',
  'customers',
  'interaction',
  'response',
  'survey',
  'touchpoint',
  'journey',
  'brand',
  'team',
  'user',
  'apikey',
  'attribute_key',
  'campaign',
  'invitation-settings',
  'webhook',
  'widget',
  'theme',
  'comments',
  'comment_settings',
  'rollups',
  'organization',
];

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** The audit log of administrative actions (erasures and exports included), newest first. */
export function AuditLogPage() {
  const [entity, setEntity] = useState('');
  const [entityId, setEntityId] = useState('');
  const pager = useCursorPager();
  const query: TAuditQuery = {
    limit: 50,
    sort: '-at',
    ...(entity ? { entity } : {}),
    ...(entityId.trim() ? { entityId: entityId.trim() } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const log = useQuery({
    queryKey: ['audit-log', query],
    queryFn: () => api.get('/api/audit-log', { query }),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="Audit log"
      lead="Every administrative action: who did what to which record, and when. Erasures and exports of personal data name the record only."
    >
      <form
        className="card filter-form"
        role="search"
        aria-label="Audit log"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="filter-row">
          <div className="field">
            <label htmlFor="audit-entity">Record type</label>
            <select
              id="audit-entity"
              value={entity}
              onChange={(e) => {
                setEntity(e.target.value);
                pager.reset();
              }}
            >
              <option value="">All</option>
              {ENTITIES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor="audit-entity-id">Record id</label>
            <input
              id="audit-entity-id"
              type="search"
              value={entityId}
              placeholder="Any record"
              onChange={(e) => {
                setEntityId(e.target.value);
                pager.reset();
              }}
            />
          </div>
        </div>
      </form>
      {log.isPending && <Loading what="Loading the audit log" />}
      {log.isError && <QueryError error={log.error} />}
      {log.data?.items.length === 0 && <p className="muted">No entries.</p>}
      {log.data && log.data.items.length > 0 && (
        <section className="card">
          {/* Focusable: a long record id or details can make the table scroll sideways. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit log entries">
            <table className="table" aria-label="Audit log">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Record</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatDateTime(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>{entry.action}</td>
                    <td>
                      {entry.entity}
                      {entry.entityId && (
                        <>
                          {' '}
                          <code>{entry.entityId}</code>
                        </>
                      )}
                    </td>
                    <td>{detailsText(entry.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Audit log pages"
            pageNumber={pager.pageNumber}
            nextCursor={log.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </section>
      )}
    </Page>
  );
}
