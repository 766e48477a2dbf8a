import type { TRole } from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import type { TStorage } from '../storage/database.js';

/** Who is acting, in which organization, with which role. */
export interface TActor {
  organizationId: string;
  role: TRole;
  userId: string | null;
  apiKeyId: string | null;
  /** How the audit log names the actor: `user:<id>` or `apikey:<id>`. */
  label: string;
  via: 'session' | 'apikey';
  /** The session's CSRF token, checked on cookie-authenticated writes. */
  csrfToken: string | null;
}

/** What every service function receives: the actor, and the process's services. */
export interface TServiceContext {
  /** The database (`services.storage`), or the transaction a caller runs the service in. */
  storage: TStorage;
  actor: TActor;
  services: TServices;
}

/** The actor of work the server does on its own behalf (CLI, demo generator, jobs). */
export function systemActor(organizationId: string, label = 'system'): TActor {
  return {
    organizationId,
    role: 'owner',
    userId: null,
    apiKeyId: null,
    label,
    via: 'apikey',
    csrfToken: null,
  };
}
