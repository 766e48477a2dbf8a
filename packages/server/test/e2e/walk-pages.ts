/**
 * The pages of the first-hour walk: every route of the dashboard's router
 * (`packages/web/src/app.tsx`), each with the permission that lets a role open it, and how a
 * detail page is reached (by clicking the first item of its list, as a person does).
 */
import type { TPermission } from '@touchstone/core';

/** A page opened by its address. */
interface TAddressedPage {
  name: string;
  path: string;
  permission: TPermission;
}

/** A detail page: from `list`, the first link matching each of `links` in turn. */
interface TClickedPage {
  name: string;
  list: string;
  links: readonly RegExp[];
  permission: TPermission;
  /** Appended to the followed link's address (a tab of the detail page). */
  suffix?: string;
}

export type TWalkPage = TAddressedPage | TClickedPage;

const ID = '[0-9a-f-]{36}';
const detail = (base: string) => new RegExp(`^/${base}/${ID}$`);

/** In the order a new person would meet them: monitor, act, analyze, model, collect, settings. */
export const WALK_PAGES: readonly TWalkPage[] = [
  { name: 'overview', path: '/', permission: 'organization:read' },
  { name: 'alerts', path: '/alerts', permission: 'analytics:read' },
  { name: 'alert', list: '/alerts', links: [detail('alerts')], permission: 'analytics:read' },
  { name: 'my-touchpoints', path: '/my-touchpoints', permission: 'analytics:read' },
  { name: 'closed-loop-report', path: '/reports/closed-loop', permission: 'reports:read' },
  { name: 'notifications', path: '/notifications', permission: 'notifications:read' },
  { name: 'cases', path: '/cases', permission: 'cases:read' },
  { name: 'case', list: '/cases', links: [detail('cases')], permission: 'cases:read' },
  { name: 'rules', path: '/rules', permission: 'rules:read' },
  { name: 'rule', list: '/rules', links: [detail('rules')], permission: 'rules:read' },
  { name: 'new-rule', path: '/rules/new', permission: 'rules:write' },
  { name: 'trends', path: '/analytics/trends', permission: 'analytics:read' },
  { name: 'journey-map', path: '/analytics/journey-map', permission: 'analytics:read' },
  { name: 'drivers', path: '/analytics/drivers', permission: 'analytics:read' },
  {
    name: 'experiential-profile',
    path: '/analytics/experiential-profile',
    permission: 'analytics:read',
  },
  {
    name: 'drill-down',
    list: '/',
    links: [/^\/analytics\/responses\?/],
    permission: 'analytics:read',
  },
  { name: 'equity', path: '/equity', permission: 'equity:read' },
  { name: 'themes', path: '/themes', permission: 'analytics:read' },
  { name: 'comments', path: '/comments', permission: 'responses:read' },
  { name: 'brands', path: '/brands', permission: 'model:read' },
  { name: 'brand', list: '/brands', links: [detail('brands')], permission: 'model:read' },
  { name: 'journeys', path: '/journeys', permission: 'model:read' },
  { name: 'journey', list: '/journeys', links: [detail('journeys')], permission: 'model:read' },
  {
    name: 'touchpoint',
    list: '/journeys',
    links: [detail('journeys'), detail('touchpoints')],
    permission: 'model:read',
  },
  {
    name: 'new-touchpoint',
    list: '/journeys',
    links: [detail('journeys')],
    suffix: '/touchpoints/new',
    permission: 'model:write',
  },
  { name: 'teams', path: '/teams', permission: 'model:read' },
  { name: 'team', list: '/teams', links: [detail('teams')], permission: 'model:read' },
  { name: 'surveys', path: '/surveys', permission: 'model:read' },
  { name: 'survey', list: '/surveys', links: [detail('surveys')], permission: 'model:read' },
  {
    name: 'survey-distribution',
    list: '/surveys',
    links: [detail('surveys')],
    suffix: '/distribution',
    permission: 'model:read',
  },
  { name: 'new-survey', path: '/surveys/new', permission: 'model:write' },
  { name: 'responses', path: '/responses', permission: 'responses:read' },
  {
    name: 'response',
    list: '/responses',
    links: [detail('responses')],
    permission: 'responses:read',
  },
  { name: 'customers', path: '/customers', permission: 'customers:read' },
  {
    name: 'customer',
    list: '/customers',
    links: [detail('customers')],
    permission: 'customers:read',
  },
  { name: 'users', path: '/users', permission: 'users:read' },
  { name: 'api-keys', path: '/api-keys', permission: 'apikeys:read' },
  { name: 'webhooks', path: '/webhooks', permission: 'webhooks:read' },
  { name: 'case-settings', path: '/settings/cases', permission: 'cases:admin' },
  { name: 'audit-log', path: '/audit-log', permission: 'audit:read' },
  { name: 'not-found', path: '/no-such-page', permission: 'organization:read' },
];
