import { useEffect, type ReactNode } from 'react';
import { CopyLinkButton } from './copy-link-button.js';

/** Sets the document title, so that history, tabs and screen readers name the page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Touchstone`;
  }, [title]);
}

interface TPageProps {
  title: string;
  /** Buttons or links beside the heading (create, edit ...). */
  actions?: ReactNode;
  /** A line under the heading. */
  lead?: ReactNode;
  /** Breadcrumb links above the heading. */
  crumbs?: ReactNode;
  /** The page's view is its address: offer "Copy link" in the header. */
  shareable?: boolean;
  children: ReactNode;
}

/** A page of the dashboard: its heading (the page's one h1), actions and content. */
export function Page({ title, actions, lead, crumbs, shareable, children }: TPageProps) {
  usePageTitle(title);
  return (
    <>
      {crumbs && (
        <nav className="crumbs" aria-label="Breadcrumb">
          {crumbs}
        </nav>
      )}
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {(actions || shareable) && (
          <div className="page-actions">
            {shareable && <CopyLinkButton />}
            {actions}
          </div>
        )}
      </header>
      {children}
    </>
  );
}

/** Formats an ISO instant for people, in their locale. */
export function formatDateTime(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Formats an ISO instant as a date only. */
export function formatDate(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

const LABELS: Record<string, string> = {
  'pre-sales': 'Pre-sales',
  'after-sales': 'After-sales',
  'on-site': 'On-site',
  'visual-verbal-identity': 'Visual and verbal identity',
};

/** `provider-type` → `Provider type`, for enum values shown to people. */
export function humanize(value: string): string {
  const known = LABELS[value];
  if (known !== undefined) return known;
  const spaced = value.replace(/[-_]/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
