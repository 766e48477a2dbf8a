import { useSearchParams } from 'react-router';
import type { TQuery } from '../../api/client.js';
import { attrValues } from '../customers/attribute-filters.js';

/** The filters every analytics page shares; they live in the URL so links and reloads keep them. */
export const SHARED_FILTER_PARAMS = ['from', 'to', 'attr', 'touchpointId', 'stageId'] as const;

/** Shared filters and page options from the URL search params, and setters that write them back. */
export function useAnalyticsFilters() {
  const [params, setParams] = useSearchParams();
  const filters: TQuery = {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    attr: params.getAll('attr'),
    touchpointId: params.getAll('touchpointId'),
    stageId: params.getAll('stageId'),
  };
  /** Sets (or with '' removes) one parameter; several values repeat it. */
  const set = (name: string, value: string | string[]) => {
    setParams(
      () => {
        // From the address bar, not the hook's `current`: that is the params of the last render,
        // so two changes before the next render (a select, then a date) lost the first one.
        const next = new URLSearchParams(window.location.search);
        next.delete(name);
        for (const v of Array.isArray(value) ? value : [value]) if (v !== '') next.append(name, v);
        return next;
      },
      { replace: true },
    );
  };
  return {
    filters,
    attrs: attrValues(params.getAll('attr')),
    /** A page's own option (interval, groupBy ...), or its default. */
    option: (name: string, fallback: string) => params.get(name) ?? fallback,
    set,
    clear: () => setParams(new URLSearchParams(), { replace: true }),
  };
}

/** The shared filters of a search string, to carry them to another analytics page. */
export function sharedSearch(search: string): string {
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of SHARED_FILTER_PARAMS)
    for (const v of params.getAll(name)) kept.append(name, v);
  const text = kept.toString();
  return text ? `?${text}` : '';
}
