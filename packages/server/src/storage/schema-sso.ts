/** Table types of single sign-on (migration 0025). */

export interface TSsoSettingsTable {
  organization_id: string;
  issuer_url: string;
  client_id: string;
  client_secret: string;
  /** The role of accounts created at their first sign-in (never `owner`). */
  default_role: string;
  /** 0 or 1: whether the organization's members may sign in with a password. */
  password_sign_in: number;
  updated_at: string;
}

export interface TSsoDomainsTable {
  domain: string;
  organization_id: string;
}

export interface TUserIdentitiesTable {
  /** The provider's issuer identifier and its `sub` for the person. */
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_sign_in_at: string;
}

export interface TSsoFlowsTable {
  /** The `state` sent to the provider (random; also in the browser's flow cookie). */
  state: string;
  organization_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  created_at: string;
  expires_at: string;
}
