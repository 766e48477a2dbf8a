import { useQuery } from '@tanstack/react-query';
import type { TQuery } from '../../api/client.js';
import { analyticsEndpoints, analyticsKeys } from './analytics-api.js';

/**
 * The page's window: the dates chosen in the filters, and in place of a missing one the latest
 * period with enough data (the server's answer), so a page opens on figures even when the data
 * ended months ago. `ready` is false while that answer is on its way (pages wait rather than ask
 * twice).
 */
export function useDefaultWindow(filters: TQuery, interval: 'day' | 'week' | 'month' | 'quarter') {
  const chosenFrom = typeof filters['from'] === 'string' ? filters['from'] : undefined;
  const chosenTo = typeof filters['to'] === 'string' ? filters['to'] : undefined;
  const needed = chosenTo === undefined;
  const period = useQuery({
    queryKey: analyticsKeys.defaultPeriod(interval),
    queryFn: () => analyticsEndpoints.defaultPeriod({ interval }),
    enabled: needed,
    staleTime: 60_000,
  });
  const fallback = period.data;
  // A chosen From after the data's end keeps the server's own default end (today).
  const fallbackTo =
    fallback?.to && (chosenFrom === undefined || fallback.to >= chosenFrom)
      ? fallback.to
      : undefined;
  const untouched = chosenFrom === undefined && chosenTo === undefined;
  return {
    from: untouched ? (fallback?.from ?? undefined) : chosenFrom,
    to: needed ? fallbackTo : chosenTo,
    /** The label of the default period when the page shows it (`2026-10`). */
    period: untouched ? (fallback?.period ?? null) : null,
    ready: !needed || period.isSuccess || period.isError,
  };
}
