import type { ReactNode } from 'react';
import { Page } from '../../components/page.js';
import { FilterBar } from './filter-bar.js';
import './analytics.css';

interface TAnalyticsLayoutProps {
  title: string;
  lead: ReactNode;
  /** The page's own options (interval, metric ...), shown beside the shared filters. */
  options?: ReactNode;
  children: ReactNode;
}

/** An analytics page: heading, the shared filters, the page's options, then its figures. */
export function AnalyticsLayout({ title, lead, options, children }: TAnalyticsLayoutProps) {
  return (
    <Page title={title} lead={lead} shareable>
      <FilterBar />
      {options && (
        <form
          className="card analytics-options"
          aria-label={`${title} options`}
          onSubmit={(e) => e.preventDefault()}
        >
          {options}
        </form>
      )}
      {children}
    </Page>
  );
}

/** A labelled select bound to one URL option. */
export function OptionSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
