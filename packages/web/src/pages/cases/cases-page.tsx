import { CASE_PRIORITIES, CASE_STATUSES } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useSession } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { STATUS_LABELS, caseEndpoints, caseKeys, slaSummary } from './cases-api.js';
import './cases.css';

const VIEWS = [
  { value: 'mine', label: 'My cases' },
  { value: 'team', label: 'Team cases' },
  { value: 'all', label: 'All' },
] as const;
type TView = (typeof VIEWS)[number]['value'];

type TFilter = 'status' | 'priority' | 'team' | 'sla';

/** `/cases`: the case inbox, by view (mine, my teams', all) and filters kept in the address. */
export function CasesPage() {
  const [search, setSearch] = useSearchParams();
  // Agents land on their teams' work; everyone else on every case.
  const role = useSession().role;
  const view: TView =
    VIEWS.find((v) => v.value === search.get('view'))?.value ?? (role === 'agent' ? 'team' : 'all');
  const filter = (name: TFilter) => search.get(name) ?? '';
  const pager = useCursorPager();
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  const query = {
    view,
    limit: 50,
    cursor: pager.cursor,
    ...(filter('status') !== 'any' && {
      status: (filter('status') || 'active') as (typeof CASE_STATUSES)[number] | 'active',
    }),
    ...(filter('priority') !== '' && {
      priority: filter('priority') as (typeof CASE_PRIORITIES)[number],
    }),
    ...(filter('team') !== '' && { team: filter('team') }),
    ...(filter('sla') !== '' && { sla: filter('sla') as 'due' | 'breached' }),
  };
  const cases = useQuery({
    queryKey: [...caseKeys.all, 'list', query],
    queryFn: () => caseEndpoints.list(query),
    placeholderData: keepPreviousData,
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setSearch(next, { replace: true });
    pager.reset();
  };
  const select = (name: TFilter, label: string, options: { value: string; label: string }[]) => (
    <label>
      {label}
      <select value={filter(name)} onChange={(e) => set(name, e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Page
      shareable
      title="Cases"
      lead="Feedback that needs a person: who owns it, and how long is left."
    >
      <nav className="case-tabs" aria-label="Case views">
        {VIEWS.map((v) => {
          const next = new URLSearchParams(search);
          next.set('view', v.value);
          return (
            <Link
              key={v.value}
              to={`/cases?${next.toString()}`}
              aria-current={v.value === view ? 'page' : undefined}
            >
              {v.label}
            </Link>
          );
        })}
      </nav>
      <div className="case-filters" role="group" aria-label="Filters">
        {select('status', 'Status', [
          { value: '', label: 'Active (new, open, pending)' },
          ...CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
          { value: 'any', label: 'Any' },
        ])}
        {select('priority', 'Priority', [
          { value: '', label: 'Any' },
          ...CASE_PRIORITIES.map((p) => ({ value: p, label: humanize(p) })),
        ])}
        {select('team', 'Team', [
          { value: '', label: 'Any' },
          ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
        ])}
        {select('sla', 'SLA', [
          { value: '', label: 'Any' },
          { value: 'due', label: 'Running' },
          { value: 'breached', label: 'Breached' },
        ])}
      </div>
      {cases.isPending && <Loading what="Loading cases" />}
      {cases.isError && <QueryError error={cases.error} />}
      {cases.data && (
        <>
          <p className="muted" role="status">
            {cases.data.counts.total} case(s), {cases.data.counts.breached} breached,{' '}
            {cases.data.counts.due} running.
          </p>
          {cases.data.items.length === 0 ? (
            <p className="empty">No cases here.</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Status</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Team</th>
                    <th scope="col">Assignee</th>
                    <th scope="col">SLA</th>
                    <th scope="col">Opened</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.data.items.map((c) => {
                    const sla = slaSummary(c);
                    return (
                      <tr key={c.id}>
                        <th scope="row">
                          <Link to={`/cases/${c.id}`}>
                            #{c.number} {c.title}
                          </Link>
                          {c.customerName !== null && <div className="muted">{c.customerName}</div>}
                        </th>
                        <td>{STATUS_LABELS[c.status]}</td>
                        <td>{humanize(c.priority)}</td>
                        <td>{c.teamName ?? '—'}</td>
                        <td>{c.assigneeName ?? 'Unassigned'}</td>
                        <td className={sla.breached ? 'sla-breached' : undefined}>{sla.text}</td>
                        <td>{formatDateTime(c.createdAt)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pager
                label="Case pages"
                pageNumber={pager.pageNumber}
                nextCursor={cases.data.nextCursor}
                onNext={pager.next}
                onPrevious={pager.previous}
              />
            </div>
          )}
        </>
      )}
    </Page>
  );
}
