import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { TQueryParams } from '../../api/openapi-types.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';

type TImportsQuery = TQueryParams<'get', '/api/imports'>;

const STATUSES = ['running', 'completed', 'interrupted', 'failed'] as const;
const KINDS = ['customers', 'interactions', 'responses'] as const;

/** Whether an import's responses took rules' actions; customers and interactions take none. */
function rulesOf(item: { kind: string; actions: string }): string {
  if (item.kind !== 'responses') return '';
  return item.actions === 'run' ? 'run' : 'skipped';
}

/** Imports of customers, interactions and responses, newest first, with what each stored. */
export function ImportsPage() {
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const pager = useCursorPager();
  const query: TImportsQuery = {
    limit: 50,
    sort: '-startedAt',
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
  };
  const imports = useQuery({
    queryKey: ['imports', query],
    queryFn: () => api.get('/api/imports', { query }),
    placeholderData: keepPreviousData,
    // A running import's counts move while it runs.
    refetchInterval: (q) =>
      q.state.data?.items.some((i) => i.status === 'running') === true ? 2000 : false,
  });
  return (
    <Page
      title="Imports"
      lead="Every import of customers, interactions and responses: where it stands and what it stored. An interrupted import resumes when its file is sent again with the same import id. Imported responses take rules' actions (cases, notifications) only when the import asked for them."
    >
      <form
        className="card filter-form"
        role="search"
        aria-label="Imports"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="filter-row">
          <div className="field">
            <label htmlFor="imports-status">Status</label>
            <select
              id="imports-status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                pager.reset();
              }}
            >
              <option value="">All</option>
              {STATUSES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="imports-kind">Data</label>
            <select
              id="imports-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                pager.reset();
              }}
            >
              <option value="">All</option>
              {KINDS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </form>
      {imports.isPending && <Loading what="Loading the imports" />}
      {imports.isError && <QueryError error={imports.error} />}
      {imports.data?.items.length === 0 && <p className="muted">No imports.</p>}
      {imports.data && imports.data.items.length > 0 && (
        <section className="card">
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Imports list">
            <table className="table" aria-label="Imports">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Data</th>
                  <th scope="col">Import id</th>
                  <th scope="col">Status</th>
                  <th scope="col">Rules</th>
                  <th scope="col" className="numeric">
                    Rows
                  </th>
                  <th scope="col" className="numeric">
                    Stored
                  </th>
                  <th scope="col" className="numeric">
                    Unchanged
                  </th>
                  <th scope="col" className="numeric">
                    Failed
                  </th>
                  <th scope="col">By</th>
                  <th scope="col">Why it stopped</th>
                </tr>
              </thead>
              <tbody>
                {imports.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>{formatDateTime(item.startedAt)}</td>
                    <td>{item.kind}</td>
                    <td>
                      <code>{item.clientImportId ?? item.id}</code>
                    </td>
                    <td>{item.status}</td>
                    <td>{rulesOf(item)}</td>
                    <td className="numeric">{item.rows.toLocaleString()}</td>
                    <td className="numeric">{item.stored.toLocaleString()}</td>
                    <td className="numeric">{item.unchanged.toLocaleString()}</td>
                    <td className="numeric">{item.failed.toLocaleString()}</td>
                    <td>{item.startedBy}</td>
                    <td>{item.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Imports pages"
            pageNumber={pager.pageNumber}
            nextCursor={imports.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </section>
      )}
    </Page>
  );
}
