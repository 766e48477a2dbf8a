/**
 * The relying party's side of OpenID Connect, on openid-client: discovery from the issuer, the
 * authorization URL (code flow with PKCE S256, state and nonce) and the code exchange with the
 * ID token's validation. No token or key handling of our own.
 */
import * as oidc from 'openid-client';

/** What discovery and the code exchange need of an organization's settings. */
export interface TOidcClientSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A started flow's secrets, checked when the provider sends the browser back. */
export interface TFlowSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The person the provider vouches for, from the ID token (and userinfo where it says more). */
export interface TOidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * Why an issuer URL is refused, or null: HTTPS only, except on loopback (a provider on this
 * machine, as in development and the tests), and no credentials, query or fragment.
 */
export function issuerUrlProblem(issuerUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    return 'not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  if (url.search !== '' || url.hash !== '') return 'must have no query or fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return null;
  return 'must be https (http only on loopback)';
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Reads the provider's metadata; throws with the provider's or the network's reason. */
export async function discoverProvider(settings: TOidcClientSettings): Promise<oidc.Configuration> {
  const url = new URL(settings.issuerUrl);
  return oidc.discovery(
    url,
    settings.clientId,
    undefined,
    oidc.ClientSecretBasic(settings.clientSecret),
    {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
    },
  );
}

/** Fresh secrets of one flow: state, nonce and the PKCE verifier. */
export function newFlowSecrets(): TFlowSecrets {
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
}

/** The provider's authorization URL for a flow, asking for the person's e-mail and name. */
export async function authorizationUrl(
  config: oidc.Configuration,
  flow: TFlowSecrets,
  redirectUri: string,
): Promise<URL> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: 'S256',
  });
}

/**
 * Exchanges the code of the callback URL (checking state, nonce, PKCE and the ID token's
 * signature, issuer, audience and expiry) and reads who signed in. Claims missing from the ID
 * token are read from the userinfo endpoint, which providers use for scope claims.
 */
export async function completeSignIn(
  config: oidc.Configuration,
  callbackUrl: URL,
  flow: TFlowSecrets,
): Promise<TOidcIdentity> {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (idClaims === undefined) throw new Error('the provider returned no ID token');
  let claims: Record<string, unknown> = idClaims;
  if (typeof claims['email'] !== 'string' && config.serverMetadata().userinfo_endpoint) {
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = { ...userinfo, ...idClaims };
  }
  const email = claims['email'];
  const name = claims['name'];
  return {
    issuer: idClaims.iss,
    subject: idClaims.sub,
    email: typeof email === 'string' ? email.toLowerCase() : null,
    emailVerified: claims['email_verified'] === true,
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : null,
  };
}

/** A thrown value's message, with its cause's (fetch names the network failure there). */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
