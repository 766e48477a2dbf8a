import type { TComment } from '@touchstone/core';
import { Link } from 'react-router';
import { formatDate } from '../../components/page.js';
import { commentsLink } from './comments-api.js';

const SENTIMENT_LABELS = { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' };

/** A comment with the searched words marked (each piece rendered as text, never as HTML). */
export function CommentCard({
  comment,
  touchpointName,
}: {
  comment: TComment;
  touchpointName: string | undefined;
}) {
  const segment = Object.entries(comment.segment)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return (
    <li className="card comment-card">
      <p className="comment-text" lang={comment.english ? 'en' : undefined}>
        {comment.segments.map((s, i) =>
          s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
        )}
        {comment.truncated && <span className="muted"> (cut)</span>}
      </p>
      <div className="comment-meta">
        {comment.english ? (
          <span
            className={`chip sentiment-${comment.label}`}
            title={`Score ${comment.score.toFixed(2)}`}
          >
            {SENTIMENT_LABELS[comment.label]}
          </span>
        ) : (
          <span className="chip" title="Not scored: not in English">
            Language: {comment.language}
          </span>
        )}
        {comment.themes.map((t) => (
          <Link key={t.id} className="chip theme-chip" to={commentsLink({ theme: t.id })}>
            {t.name}
          </Link>
        ))}
        <span className="muted">
          {formatDate(comment.day)}
          {comment.nps !== null && ` · NPS answer ${comment.nps}`}
          {touchpointName && ` · ${touchpointName}`}
          {segment && ` · ${segment}`}
          {' · '}
          <Link to={`/responses/${comment.responseId}`}>Response</Link>
        </span>
      </div>
    </li>
  );
}
