import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { endpoints, keys } from '../../api/resources.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { CommentCard } from './comment-card.js';
import { COMMENT_PARAMS, commentEndpoints, commentKeys } from './comments-api.js';
import './comments.css';

const PAGE_SIZE = 20;
type TParams = Record<(typeof COMMENT_PARAMS)[number], string>;

const SENTIMENTS = [
  { value: 'negative', label: 'Negative' },
  { value: 'neutral', label: 'Neutral' },
  { value: 'positive', label: 'Positive' },
];

/** The comment explorer: search, filters from the URL, matches marked, newest first. */
export function CommentsPage() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(
    COMMENT_PARAMS.map((p) => [p, params.get(p) ?? '']),
  ) as TParams;
  const [draft, setDraft] = useState(applied.q);
  const pager = useCursorPager();
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const themes = useQuery({
    queryKey: commentKeys.themes({}),
    queryFn: () => commentEndpoints.themes({}),
  });
  const query = {
    q: applied.q || undefined,
    touchpoint: applied.touchpoint || undefined,
    segment: applied.segment || undefined,
    theme: applied.theme || undefined,
    from: applied.from || undefined,
    to: applied.to || undefined,
    sentiment: applied.sentiment || undefined,
    nps: applied.nps || undefined,
    limit: PAGE_SIZE,
    cursor: pager.cursor,
  };
  const comments = useQuery({
    queryKey: commentKeys.comments(query),
    queryFn: () => commentEndpoints.comments(query),
    placeholderData: keepPreviousData,
  });
  const set = (name: keyof TParams, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    pager.reset();
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    set('q', draft.trim());
  };
  const touchpointName = new Map((touchpoints.data ?? []).map((t) => [t.id, t.name]));
  const segmentOptions = (attributeKeys.data ?? [])
    .filter((k) => k.type === 'enum' || k.type === 'boolean')
    .flatMap((k) =>
      (k.type === 'boolean' ? ['true', 'false'] : k.options).map((v) => ({
        value: `${k.key}=${v}`,
        label: `${k.label}: ${v}`,
      })),
    );
  const total = comments.data?.total;
  const badSearch = comments.error instanceof ApiError && comments.error.status < 500;
  return (
    <Page
      shareable
      title="Comments"
      lead='What customers wrote, newest first: search words or "phrases", exclude with -word.'
    >
      <form className="card comment-search" role="search" onSubmit={search}>
        <div className="field comment-search-box">
          <label htmlFor="comment-q">Search comments</label>
          <input
            id="comment-q"
            type="search"
            value={draft}
            placeholder='e.g. "diet cola" -coffee'
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      <form
        className="card analytics-filters"
        aria-label="Filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="comment-from">From</label>
          <input
            id="comment-from"
            type="date"
            value={applied.from}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="comment-to">To</label>
          <input
            id="comment-to"
            type="date"
            value={applied.to}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="comment-touchpoint">Touchpoint</label>
          <select
            id="comment-touchpoint"
            value={applied.touchpoint}
            onChange={(e) => set('touchpoint', e.target.value)}
          >
            <option value="">All touchpoints</option>
            {(touchpoints.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="comment-segment">Segment</label>
          <select
            id="comment-segment"
            value={applied.segment}
            onChange={(e) => set('segment', e.target.value)}
          >
            <option value="">Everyone</option>
            {applied.segment && !segmentOptions.some((o) => o.value === applied.segment) && (
              <option value={applied.segment}>{applied.segment}</option>
            )}
            {segmentOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="comment-theme">Theme</label>
          <select
            id="comment-theme"
            value={applied.theme}
            onChange={(e) => set('theme', e.target.value)}
          >
            <option value="">Any theme</option>
            {(themes.data?.items ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="comment-nps">NPS answer</label>
          <select id="comment-nps" value={applied.nps} onChange={(e) => set('nps', e.target.value)}>
            <option value="">Any</option>
            <option value="detractor">Detractors (0-6)</option>
            <option value="passive">Passives (7-8)</option>
            <option value="promoter">Promoters (9-10)</option>
          </select>
        </div>
        <fieldset className="chip-group">
          <legend>Sentiment</legend>
          {SENTIMENTS.map((s) => (
            <button
              key={s.value}
              type="button"
              className={`chip sentiment-${s.value}`}
              aria-pressed={applied.sentiment === s.value}
              onClick={() => set('sentiment', applied.sentiment === s.value ? '' : s.value)}
            >
              {s.label}
            </button>
          ))}
        </fieldset>
      </form>
      {comments.isPending && <Loading what="Loading comments" />}
      {comments.isError &&
        (badSearch ? (
          <div className="alert alert-error" role="alert">
            {comments.error.message}
          </div>
        ) : (
          <QueryError error={comments.error} />
        ))}
      {total && (
        <p className="muted" role="status">
          {total.capped
            ? `More than ${total.count.toLocaleString()}`
            : total.count.toLocaleString()}{' '}
          {total.count === 1 && !total.capped ? 'comment' : 'comments'}
        </p>
      )}
      {comments.data?.items.length === 0 && <p className="empty">No comment matches.</p>}
      {comments.data && comments.data.items.length > 0 && (
        <ul className="comment-list">
          {comments.data.items.map((c) => (
            <CommentCard
              key={`${c.responseId}/${c.questionKey}`}
              comment={c}
              touchpointName={c.touchpointId ? touchpointName.get(c.touchpointId) : undefined}
            />
          ))}
        </ul>
      )}
      <Pager
        label="Comment pages"
        pageNumber={pager.pageNumber}
        nextCursor={comments.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </Page>
  );
}
