import { api } from '../../api/client.js';
import type { TRequestBody } from '../../api/openapi-types.js';

/** The single sign-on settings endpoints of the settings page. */
export const ssoEndpoints = {
  settings: () => api.get('/api/sso-settings'),
  save: (body: TRequestBody<'put', '/api/sso-settings'>) => api.put('/api/sso-settings', { body }),
  remove: () => api.delete('/api/sso-settings'),
};

export const ssoKeys = { settings: ['sso-settings'] as const };

/** Where the browser goes to sign in with an organization's identity provider. */
export function ssoStartUrl(organization: string): string {
  return `/api/auth/sso/start?org=${encodeURIComponent(organization.trim())}`;
}
