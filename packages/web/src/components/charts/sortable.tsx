import { useSearchParams } from 'react-router';

/** How a table is sorted: a column's key and the direction. */
export interface TSort {
  key: string;
  direction: 'ascending' | 'descending';
}

/** `value` is ascending by value, `-value` descending. */
function parseSort(text: string | null): TSort | null {
  if (text === null || text === '' || text === '-') return null;
  return text.startsWith('-')
    ? { key: text.slice(1), direction: 'descending' }
    : { key: text, direction: 'ascending' };
}

/**
 * Rows sorted by the chosen column (nulls last, whichever the direction), and the header cell
 * props that choose it; the original order until a header is used. The order is part of the
 * page's view, so it lives in the address (`param`, `sort` unless told), and a link keeps it.
 */
export function useSortedRows<T>(
  rows: readonly T[],
  valueOf: (row: T, key: string) => string | number | null,
  param = 'sort',
) {
  const [params, setParams] = useSearchParams();
  const sort = parseSort(params.get(param));
  const sorted =
    sort === null
      ? rows
      : [...rows].sort((a, b) => {
          const x = valueOf(a, sort.key);
          const y = valueOf(b, sort.key);
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
          const order =
            typeof x === 'number' && typeof y === 'number'
              ? x - y
              : String(x).localeCompare(String(y), 'en', { numeric: true });
          return sort.direction === 'ascending' ? order : -order;
        });
  const toggle = (key: string) =>
    setParams(
      () => {
        // From the address bar, as the page's other options are: the last render's params may
        // miss a change made since.
        const next = new URLSearchParams(window.location.search);
        const now = parseSort(next.get(param));
        next.set(param, now?.key === key && now.direction === 'ascending' ? `-${key}` : key);
        return next;
      },
      { replace: true },
    );
  return { sorted, sort, toggle };
}

/** A column header that sorts its table; `aria-sort` tells screen readers the order. */
export function SortHeader({
  label,
  column,
  sort,
  onSort,
  numeric = false,
}: {
  label: string;
  column: string;
  sort: TSort | null;
  onSort: (column: string) => void;
  numeric?: boolean;
}) {
  const active = sort?.key === column;
  return (
    <th
      scope="col"
      className={numeric ? 'numeric' : undefined}
      aria-sort={active ? sort.direction : 'none'}
    >
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">
          {active ? (sort.direction === 'ascending' ? ' ▴' : ' ▾') : ' ↕'}
        </span>
      </button>
    </th>
  );
}
