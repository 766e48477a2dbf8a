/**
 * A real OpenID provider for tests (oidc-provider on loopback, its in-memory adapter): one
 * confidential client, test accounts by login name, and the provider's own login and consent
 * pages, which tests fill in as a person would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type TProviderAccount } from 'oidc-provider';

/** The claims of a test account; its login name is its `sub`. */
export interface TTestAccountClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TOidcTestProvider {
  /** `http://127.0.0.1:<port>`, the issuer. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds (or changes) an account that signs in with this login name. */
  account(login: string, claims: TTestAccountClaims): void;
  close(): Promise<void>;
}

export async function startOidcTestProvider(redirectUris: string[]): Promise<TOidcTestProvider> {
  const accounts = new Map<string, TTestAccountClaims>();
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'touchstone-test';
  const clientSecret = 'a-test-client-secret-of-enough-length-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['touchstone-oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: unknown, sub: string): TProviderAccount | undefined => {
      const claims = accounts.get(sub);
      if (claims === undefined) return undefined;
      return { accountId: sub, claims: () => Promise.resolve({ sub, ...claims }) };
    },
  });
  handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    account: (login, claims) => accounts.set(login, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
