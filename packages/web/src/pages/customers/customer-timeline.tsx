import type { TCustomerTimelineKind } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Field, Loading, QueryError } from '../../components/forms.js';
import { formatDateTime } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { closedLoopEndpoints, closedLoopKeys } from '../closed-loop/closed-loop-api.js';
import '../closed-loop/closed-loop.css';

const KIND_LABELS: Record<TCustomerTimelineKind, string> = {
  response: 'Response',
  interaction: 'Interaction',
  case: 'Case',
  case_activity: 'Case activity',
  follow_up: 'Follow-up',
};

function sentimentText(score: number | null): string | null {
  if (score === null) return null;
  const label = score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral';
  return `sentiment ${label} (${score.toFixed(2)})`;
}

/** Everything that happened with one customer, newest first: one list, one pager. */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const [kind, setKind] = useState<TCustomerTimelineKind | ''>('');
  const pager = useCursorPager();
  const query = { limit: 25, ...(pager.cursor && { cursor: pager.cursor }), ...(kind && { kind }) };
  const timeline = useQuery({
    queryKey: closedLoopKeys.timeline(customerId, query),
    queryFn: () => closedLoopEndpoints.timeline(customerId, query),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card stack" aria-labelledby="customer-timeline">
      <h2 id="customer-timeline">Timeline</h2>
      <Field label="Show">
        {(props) => (
          <select
            {...props}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as TCustomerTimelineKind | '');
              pager.reset();
            }}
          >
            <option value="">Everything</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {timeline.isPending && <Loading what="Loading the timeline" />}
      {timeline.isError && <QueryError error={timeline.error} />}
      {timeline.data?.items.length === 0 && <p className="muted">Nothing yet.</p>}
      {timeline.data && timeline.data.items.length > 0 && (
        <>
          <ol className="timeline">
            {timeline.data.items.map((e) => {
              const extra = [
                e.detail,
                e.score === null ? null : `score ${e.score}`,
                sentimentText(e.sentiment),
              ].filter((x) => x !== null && x !== '');
              const link =
                e.kind === 'response'
                  ? `/responses/${e.id}`
                  : e.caseId !== null
                    ? `/cases/${e.caseId}`
                    : null;
              return (
                <li key={`${e.kind}:${e.id}`}>
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  <span className="timeline-kind">{KIND_LABELS[e.kind]}</span>
                  <span>
                    {link === null ? e.title : <Link to={link}>{e.title}</Link>}
                    {extra.length > 0 && <span className="muted"> · {extra.join(' · ')}</span>}
                  </span>
                </li>
              );
            })}
          </ol>
          <Pager
            label="Timeline pages"
            pageNumber={pager.pageNumber}
            nextCursor={timeline.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </section>
  );
}
