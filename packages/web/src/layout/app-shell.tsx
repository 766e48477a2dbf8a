import { roleAllows, type TPermission } from '@touchstone/core';
import type { ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useSession } from '../auth/session.js';
import { sharedSearch } from '../pages/analytics/use-analytics-filters.js';
import { NotificationBell } from './notification-bell.js';
import { UserMenu } from './user-menu.js';

interface TNavItem {
  to: string;
  label: string;
  permission: TPermission;
}

const SECTIONS: { title: string; items: TNavItem[] }[] = [
  {
    title: 'Monitor',
    items: [
      { to: '/', label: 'Overview', permission: 'organization:read' },
      { to: '/alerts', label: 'Alerts', permission: 'analytics:read' },
      { to: '/my-touchpoints', label: 'My touchpoints', permission: 'analytics:read' },
      { to: '/reports/closed-loop', label: 'Closed-loop report', permission: 'reports:read' },
    ],
  },
  {
    title: 'Act',
    items: [
      { to: '/cases', label: 'Cases', permission: 'cases:read' },
      { to: '/rules', label: 'Rules', permission: 'rules:read' },
    ],
  },
  {
    title: 'Analyze',
    items: [
      { to: '/analytics/trends', label: 'Trends', permission: 'analytics:read' },
      { to: '/analytics/journey-map', label: 'Journey map', permission: 'analytics:read' },
      { to: '/analytics/drivers', label: 'Key drivers', permission: 'analytics:read' },
      {
        to: '/analytics/experiential-profile',
        label: 'Experiential profile',
        permission: 'analytics:read',
      },
      { to: '/equity', label: 'Customer equity', permission: 'equity:read' },
      { to: '/themes', label: 'Themes', permission: 'analytics:read' },
      { to: '/comments', label: 'Comments', permission: 'responses:read' },
    ],
  },
  {
    title: 'Experience model',
    items: [
      { to: '/brands', label: 'Brands', permission: 'model:read' },
      { to: '/journeys', label: 'Journeys', permission: 'model:read' },
      { to: '/teams', label: 'Teams', permission: 'model:read' },
    ],
  },
  {
    title: 'Collect',
    items: [
      { to: '/surveys', label: 'Surveys', permission: 'model:read' },
      { to: '/responses', label: 'Responses', permission: 'responses:read' },
    ],
  },
  {
    title: 'People',
    items: [{ to: '/customers', label: 'Customers', permission: 'customers:read' }],
  },
  {
    title: 'Settings',
    items: [
      { to: '/users', label: 'Users', permission: 'users:read' },
      { to: '/api-keys', label: 'API keys', permission: 'apikeys:read' },
      { to: '/webhooks', label: 'Webhooks', permission: 'webhooks:read' },
      { to: '/settings/cases', label: 'Case settings', permission: 'cases:admin' },
      { to: '/settings/sso', label: 'Single sign-on', permission: 'sso:admin' },
      { to: '/imports', label: 'Imports', permission: 'import:run' },
      { to: '/audit-log', label: 'Audit log', permission: 'audit:read' },
    ],
  },
];

/** The frame of every signed-in page: header, navigation and the page itself. */
export function AppShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const { pathname, search } = useLocation();
  // The overview and the analytics pages share their filters: moving between them keeps them.
  const isAnalytics = (path: string) => path === '/' || path.startsWith('/analytics/');
  const carry = (to: string) =>
    isAnalytics(pathname) && isAnalytics(to) ? sharedSearch(search) : '';
  // Only what the role may open; a section with nothing left is not shown at all.
  const sections = SECTIONS.map((s) => ({
    ...s,
    items: s.items.filter((i) => roleAllows(session.role, i.permission)),
  })).filter((s) => s.items.length > 0);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brandmark">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          <span>Touchstone</span>
        </div>
        <p className="org-name" title="Organization">
          {session.organization.name}
        </p>
        <NotificationBell />
        <UserMenu />
      </header>
      <nav className="sidebar" aria-label="Main">
        {sections.map((section) => (
          <div key={section.title} className="nav-section">
            <h2 className="nav-title">{section.title}</h2>
            <ul>
              {section.items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to + carry(item.to)} end={item.to === '/'}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
