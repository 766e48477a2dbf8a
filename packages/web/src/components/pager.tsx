import { useState } from 'react';

/**
 * Cursor pagination state: the cursors of the pages seen so far, so that "Previous" returns to
 * the exact page it came from (cursors only go forward).
 */
export function useCursorPager() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    pageNumber: stack.length,
    next: (nextCursor: string) => setStack((s) => [...s, nextCursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}

interface TPagerProps {
  pageNumber: number;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  label: string;
}

/** Previous / next buttons under a paginated table. */
export function Pager({ pageNumber, nextCursor, onNext, onPrevious, label }: TPagerProps) {
  if (pageNumber <= 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button" disabled={pageNumber <= 1} onClick={onPrevious}>
        Previous
      </button>
      <span>Page {pageNumber}</span>
      <button
        type="button"
        className="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        Next
      </button>
    </nav>
  );
}
