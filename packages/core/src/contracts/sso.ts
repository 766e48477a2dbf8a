/**
 * Contracts of single sign-on: an organization's OpenID Connect settings (the provider's issuer,
 * the client registered there, which e-mail domains it accepts, the role of accounts created at
 * first sign-in, and whether its members may still sign in with a password).
 */
import { z } from 'zod';
import { ZTimestamp } from './common.js';
import { ZRole } from './user.js';

/** Roles a just-in-time account may get: anything but owner. */
export const ZSsoDefaultRole = ZRole.exclude(['owner']);
export type TSsoDefaultRole = z.infer<typeof ZSsoDefaultRole>;

/** An e-mail domain, lower case, without `@`: `example.com`. */
export const ZEmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a domain');

export const ZSsoSettings = z.object({
  /** False until settings are saved; the other fields then hold their defaults. */
  configured: z.boolean(),
  issuerUrl: z.string().nullable(),
  clientId: z.string().nullable(),
  /** The client secret is stored but never returned. */
  hasClientSecret: z.boolean(),
  /** Domains whose addresses may sign in; empty: any verified address. */
  allowedDomains: z.array(z.string()),
  defaultRole: ZSsoDefaultRole,
  /** False: members sign in with SSO only (owners too, once one has signed in with SSO). */
  passwordSignIn: z.boolean(),
  /** The redirect URI to register at the provider. */
  redirectUri: z.string(),
  updatedAt: ZTimestamp.nullable(),
});
export type TSsoSettings = z.infer<typeof ZSsoSettings>;

/** Sets the settings; `clientSecret` left out keeps the stored one (required the first time). */
export const ZSsoSettingsUpdate = z.strictObject({
  issuerUrl: z.url({ protocol: /^https?$/ }).max(500),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000).optional(),
  allowedDomains: z.array(ZEmailDomain).max(50).default([]),
  defaultRole: ZSsoDefaultRole.default('viewer'),
  passwordSignIn: z.boolean().default(true),
});
export type TSsoSettingsUpdate = z.infer<typeof ZSsoSettingsUpdate>;

/** Where to start SSO: an organization's slug, an e-mail domain, or an e-mail address. */
export const ZSsoStartQuery = z.strictObject({ org: z.string().trim().min(1).max(320) });
export type TSsoStartQuery = z.infer<typeof ZSsoStartQuery>;

/** The provider's answer at the redirect URI: a code and the state, or an error. */
export const ZSsoCallbackQuery = z.object({
  code: z.string().max(4000).optional(),
  state: z.string().max(500).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  session_state: z.string().max(500).optional(),
});
export type TSsoCallbackQuery = z.infer<typeof ZSsoCallbackQuery>;
