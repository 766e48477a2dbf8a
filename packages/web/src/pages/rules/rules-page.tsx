import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { ruleSentence } from './rule-words.js';
import { ruleEndpoints, ruleKeys } from './rules-api.js';
import { useRuleChoices } from './use-rule-choices.js';
import './rules.css';

/** `/rules`: every rule in words, whether it is on, and the way to a new one. */
export function RulesPage() {
  const canWrite = useCan('rules:write');
  const { choices } = useRuleChoices();
  const pager = useCursorPager();
  const list = useQuery({
    queryKey: [...ruleKeys.all, 'list', pager.cursor],
    queryFn: () => ruleEndpoints.list({ limit: 50, cursor: pager.cursor }),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="Rules"
      lead="Rules act on each response or alert that matches: open a case, notify, tag, send a webhook or a follow-up survey."
      actions={
        canWrite && (
          <Link className="button button-primary" to="/rules/new">
            New rule
          </Link>
        )
      }
    >
      {list.isPending && <Loading what="Loading rules" />}
      {list.isError && <QueryError error={list.error} />}
      {list.data?.items.length === 0 && <p className="empty">No rules yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">In words</th>
                <th scope="col">Status</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((rule) => (
                <tr key={rule.id} className={rule.enabled ? undefined : 'archived'}>
                  <th scope="row">
                    <Link to={`/rules/${rule.id}`}>{rule.name}</Link>
                  </th>
                  <td>{ruleSentence(rule, choices)}</td>
                  <td>{rule.enabled ? 'On' : 'Off'}</td>
                  <td>{formatDateTime(rule.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            label="Rule pages"
            pageNumber={pager.pageNumber}
            nextCursor={list.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </div>
      )}
    </Page>
  );
}
