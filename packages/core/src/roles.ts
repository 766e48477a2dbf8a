/** Roles and the one permission matrix that every API route is checked against. */
export const ROLES = ['owner', 'admin', 'analyst', 'agent', 'viewer'] as const;
export type TRole = (typeof ROLES)[number];

const ALL: readonly TRole[] = ROLES;
const ADMINS: readonly TRole[] = ['owner', 'admin'];
const PEOPLE_READERS: readonly TRole[] = ['owner', 'admin', 'analyst', 'agent'];

/**
 * Who may do what. Viewers read the experience model and dashboards but not personal data;
 * agents read customers (they handle cases about them); analysts read everything they analyse;
 * only owners and admins change the model, people and keys; only owners delete the organization.
 * Cases: agents read and work their teams' cases only (checked by the cases service, not here);
 * owners and admins see and work all, and keep the taxonomy and SLA policies; analysts read
 * cases and the closed-loop reports. Everyone reads their own notifications. Only owners and
 * admins set up single sign-on.
 */
export const PERMISSIONS = {
  'organization:read': ALL,
  'organization:update': ADMINS,
  'organization:delete': ['owner'],
  'users:read': ADMINS,
  'users:write': ADMINS,
  'apikeys:read': ADMINS,
  'apikeys:write': ADMINS,
  'model:read': ALL,
  'model:write': ADMINS,
  'customers:read': PEOPLE_READERS,
  'customers:write': ADMINS,
  'interactions:read': PEOPLE_READERS,
  'interactions:write': ADMINS,
  'responses:read': PEOPLE_READERS,
  'responses:write': ADMINS,
  'import:run': ADMINS,
  'audit:read': ADMINS,
  'events:read': ADMINS,
  'campaigns:read': PEOPLE_READERS,
  'campaigns:write': ADMINS,
  'analytics:read': ALL,
  'analytics:admin': ADMINS,
  'equity:read': ['owner', 'admin', 'analyst'],
  'alerts:write': ['owner', 'admin', 'analyst'],
  'webhooks:read': ADMINS,
  'webhooks:write': ADMINS,
  'cases:read': ['owner', 'admin', 'analyst', 'agent'],
  'cases:write': ['owner', 'admin', 'agent'],
  'cases:admin': ADMINS,
  'rules:read': ['owner', 'admin', 'analyst'],
  'rules:write': ADMINS,
  'reports:read': ['owner', 'admin', 'analyst'],
  'notifications:read': ALL,
  'sso:admin': ADMINS,
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

/** True when the role is granted the permission by the matrix. */
export function roleAllows(role: TRole, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly TRole[]).includes(role);
}

/** Owners may grant any role; admins may grant any role but owner. */
export function canGrantRole(actor: TRole, granted: TRole): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && granted !== 'owner';
}
