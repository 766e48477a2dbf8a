import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';
import { METRIC_LABELS } from './format.js';
import './analytics.css';

const PAGE_SIZE = 25;

/** A filter the page was opened with, shown in words and removable. */
function FilterChip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="filter-chip">
      {label}
      <button type="button" aria-label={`Remove the filter ${label}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

/**
 * The responses behind a figure: opened from a tile, a trend point, a heat-map cell, a driver or
 * a theme with the figure's filters in the URL; the count printed here is the figure's n.
 */
export function DrillDownPage() {
  const [params, setParams] = useSearchParams();
  // Viewers see the figures' responses but not a response's page or comments (personal data).
  const canReadResponses = useCan('responses:read');
  const list = (name: string) => params.getAll(name);
  const one = (name: string) => params.get(name) ?? undefined;
  const offset = Number(params.get('offset') ?? '0') || 0;
  const metric = one('metric') ?? 'count';
  const query = {
    from: one('from'),
    to: one('to'),
    attr: list('attr'),
    surveyId: list('surveyId'),
    touchpointId: list('touchpointId'),
    stageId: list('stageId'),
    metric: metric as 'nps' | 'csat' | 'ces' | 'rating' | 'count',
    question: one('question'),
    theme: one('theme'),
    limit: PAGE_SIZE,
    offset,
  };
  const responses = useQuery({
    queryKey: analyticsKeys.responses(query),
    queryFn: () => analyticsEndpoints.responses(query),
    placeholderData: keepPreviousData,
  });
  const shown = one('n');
  const data = responses.data;
  const window =
    query.from || query.to ? `${query.from ?? 'the start'} to ${query.to ?? 'today'}` : 'all dates';
  const comments = new URLSearchParams();
  if (query.from) comments.set('from', query.from);
  if (query.to) comments.set('to', query.to);
  if (query.touchpointId.length === 1) comments.set('touchpoint', query.touchpointId[0] ?? '');
  if (query.attr.length === 1) comments.set('segment', query.attr[0] ?? '');
  if (query.theme) comments.set('theme', query.theme);
  const removeTheme = () => {
    const p = new URLSearchParams(params);
    // The figure's n was the theme's; without it the list is another figure's.
    for (const name of ['theme', 'n', 'offset']) p.delete(name);
    setParams(p, { replace: true });
  };
  const page = (next: number) => {
    const p = new URLSearchParams(params);
    p.set('offset', String(next));
    setParams(p, { replace: true });
  };
  return (
    <Page
      shareable
      title="Responses behind the figure"
      lead={`${METRIC_LABELS[metric] ?? metric}, ${window}, with the filters of the figure.`}
      actions={
        canReadResponses && (
          <Link className="button" to={`/comments?${comments.toString()}`}>
            Their comments
          </Link>
        )
      }
    >
      {data?.theme && (
        <p className="filter-chips">
          <span className="muted">Filtered by</span>
          <FilterChip label={`Theme: ${data.theme.name}`} onRemove={removeTheme} />
        </p>
      )}
      {responses.isPending && <Loading what="Loading the responses" />}
      {responses.isError && <QueryError error={responses.error} />}
      {data && (
        <section className="card" aria-labelledby="drill-title">
          <h2 id="drill-title">
            <span data-testid="drill-total">{data.total}</span>{' '}
            {data.total === 1 ? 'response' : 'responses'}
          </h2>
          {shown !== undefined && (
            <p className="muted">
              The figure you came from has n {shown}
              {Number(shown) === data.total ? ': every one is listed here.' : '.'}
            </p>
          )}
          {data.total === 0 ? (
            <p>No response matches these filters.</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">Responses, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Submitted</th>
                    <th scope="col">Survey</th>
                    <th scope="col">Touchpoint</th>
                    {data.questions.map((q) => (
                      <th key={q.key} scope="col" className="numeric">
                        {q.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        {canReadResponses ? <Link to={`/responses/${r.id}`}>{r.day}</Link> : r.day}
                      </th>
                      <td>{r.surveyName}</td>
                      <td>{r.touchpointName ?? '—'}</td>
                      {data.questions.map((q) => (
                        <td key={q.key} className="numeric">
                          {r.values[q.key] ?? '—'}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data.total > PAGE_SIZE && (
            <nav className="pager" aria-label="Pages of responses">
              <button
                type="button"
                className="button"
                disabled={offset === 0}
                onClick={() => page(Math.max(0, offset - PAGE_SIZE))}
              >
                Previous
              </button>
              <span>
                {offset + 1}–{Math.min(offset + PAGE_SIZE, data.total)} of {data.total}
              </span>
              <button
                type="button"
                className="button"
                disabled={offset + PAGE_SIZE >= data.total}
                onClick={() => page(offset + PAGE_SIZE)}
              >
                Next
              </button>
            </nav>
          )}
        </section>
      )}
    </Page>
  );
}
