import { useQuery } from '@tanstack/react-query';
import { endpoints, keys } from '../../api/resources.js';
import { attrParams } from '../customers/attribute-filters.js';
import { useAnalyticsFilters } from './use-analytics-filters.js';

/**
 * The shared analytics filters: date range, segment attributes (declared enum and boolean customer
 * attributes), stage and touchpoint. Every change is written to the URL at once.
 */
export function FilterBar() {
  const { filters, attrs, set, clear } = useAnalyticsFilters();
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const journeys = useQuery({ queryKey: keys.journeys, queryFn: endpoints.allJourneys });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const segmentKeys = (attributeKeys.data ?? []).filter(
    (k) => k.type === 'enum' || k.type === 'boolean',
  );
  const first = (value: TQueryValue) => (Array.isArray(value) ? (value[0] ?? '') : '');
  return (
    <form
      className="card analytics-filters"
      aria-label="Filters"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="field">
        <label htmlFor="filter-from">From</label>
        <input
          id="filter-from"
          type="date"
          value={String(filters['from'] ?? '')}
          onChange={(e) => set('from', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-to">To</label>
        <input
          id="filter-to"
          type="date"
          value={String(filters['to'] ?? '')}
          onChange={(e) => set('to', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-stage">Stage</label>
        <select
          id="filter-stage"
          value={first(filters['stageId'])}
          onChange={(e) => set('stageId', e.target.value)}
        >
          <option value="">All stages</option>
          {(journeys.data ?? []).map((j) => (
            <optgroup key={j.id} label={j.name}>
              {j.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-touchpoint">Touchpoint</label>
        <select
          id="filter-touchpoint"
          value={first(filters['touchpointId'])}
          onChange={(e) => set('touchpointId', e.target.value)}
        >
          <option value="">All touchpoints</option>
          {(touchpoints.data ?? [])
            .filter((t) => !t.archived)
            .map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
        </select>
      </div>
      {segmentKeys.map((k) => {
        const id = `filter-attr-${k.key}`;
        return (
          <div key={k.key} className="field">
            <label htmlFor={id}>{k.label}</label>
            <select
              id={id}
              value={attrs[k.key] ?? ''}
              onChange={(e) => set('attr', attrParams({ ...attrs, [k.key]: e.target.value }))}
            >
              <option value="">Any</option>
              {(k.type === 'boolean' ? ['true', 'false'] : k.options).map((o) => (
                <option key={o} value={o}>
                  {k.type === 'boolean' ? (o === 'true' ? 'Yes' : 'No') : o}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <div className="field analytics-filters-reset">
        <button type="button" className="button" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

type TQueryValue = string | number | boolean | string[] | undefined | null;
