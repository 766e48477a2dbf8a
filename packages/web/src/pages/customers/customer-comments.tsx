import type { TTouchpoint } from '@touchstone/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Loading, QueryError } from '../../components/forms.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { CommentCard } from '../comments/comment-card.js';
import { commentEndpoints, commentKeys } from '../comments/comments-api.js';
import '../comments/comments.css';

/** What one customer said in their responses, newest first, with sentiment and themes. */
export function CustomerComments({
  customerId,
  touchpoints,
}: {
  customerId: string;
  touchpoints: TTouchpoint[];
}) {
  const pager = useCursorPager();
  const query = { customer: customerId, limit: 10, cursor: pager.cursor };
  const comments = useQuery({
    queryKey: commentKeys.comments(query),
    queryFn: () => commentEndpoints.comments(query),
    placeholderData: keepPreviousData,
  });
  const touchpointName = new Map(touchpoints.map((t) => [t.id, t.name]));
  return (
    <section className="card" aria-labelledby="customer-comments">
      <h2 id="customer-comments">Comments</h2>
      {comments.isPending && <Loading what="Loading comments" />}
      {comments.isError && <QueryError error={comments.error} />}
      {comments.data?.items.length === 0 && (
        <p className="muted">No comments in this customer&apos;s responses.</p>
      )}
      {comments.data && comments.data.items.length > 0 && (
        <>
          <ul className="comment-list">
            {comments.data.items.map((c) => (
              <CommentCard
                key={`${c.responseId}:${c.questionKey}`}
                comment={c}
                touchpointName={
                  c.touchpointId === null ? undefined : touchpointName.get(c.touchpointId)
                }
              />
            ))}
          </ul>
          <Pager
            label="Comment pages"
            pageNumber={pager.pageNumber}
            nextCursor={comments.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </>
      )}
    </section>
  );
}
