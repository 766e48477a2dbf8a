import path from 'node:path';
import { z } from 'zod';

/** Everything configurable, parsed once at start; nothing else reads `process.env`. */
export const ZConfig = z.object({
  /** `postgres://...` for PostgreSQL; otherwise a SQLite file path (or `:memory:`). */
  databaseUrl: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** What the server logs: warnings and errors by default; `info` adds a line per request. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** `pretty`: readable lines on stderr; `json`: pino's JSON lines on stdout, for a collector. */
  logFormat: z.enum(['pretty', 'json']).default('pretty'),
  /** Serve cookies with the Secure flag (behind HTTPS). */
  secureCookies: z.boolean().default(false),
  /** Session lifetime in hours. */
  sessionHours: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  /** Largest accepted request body in bytes (imports have their own, larger limit). */
  bodyLimit: z.coerce.number().int().positive().default(1_048_576),
  importBodyLimit: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1_048_576),
  /**
   * Respondent writes (public POST/PUT: starts, partial saves, completions) per client IP and
   * minute. One respondent makes about one write per question, and a lounge or event full of
   * people on one Wi-Fi shares one address: 300 serves some 25 respondents a minute there.
   */
  publicRateLimit: z.coerce.number().int().positive().default(300),
  /** Respondent submissions per survey and minute, across all clients. */
  surveyRateLimit: z.coerce.number().int().positive().default(6000),
  /**
   * Behind a reverse proxy, which `X-Forwarded-For` hops to believe for the client IP (rate
   * limits per IP): `true` (all), a hop count, or addresses/CIDRs separated by commas. Off by
   * default: otherwise anyone could pick the address their requests are counted under.
   */
  trustProxy: z
    .union([z.boolean(), z.number().int().positive(), z.array(z.string().min(1))])
    .default(false),
  /** Folder of the built dashboard, served at `/` when present. */
  webRoot: z.string().nullable().default(null),
  /** SMTP server for e-mail invitations, e.g. `smtp://user:pass@127.0.0.1:2525`; null: no e-mail. */
  smtpUrl: z.url().nullable().default(null),
  /** The From of every e-mail. */
  mailFrom: z.string().min(3).default('Touchstone <surveys@touchstone.local>'),
  /** Origin that respondents reach, for links in e-mails; null: http://<host>:<port>. */
  publicBaseUrl: z.url().nullable().default(null),
  /** Default contact frequency: no invitation to a customer invited in this many days. */
  invitationMinDays: z.coerce.number().int().min(0).max(3650).default(30),
  /** Default days after which a campaign reminds non-respondents (0: no reminder). */
  reminderDays: z.coerce.number().int().min(0).max(365).default(3),
  /**
   * Webhook targets on private, loopback, link-local and other internal addresses are refused
   * (server-side request forgery); `loopback` allows loopback only (a receiver on this machine),
   * `all` allows every address. From `WEBHOOK_ALLOW_PRIVATE_TARGETS` (`true` means `all`).
   */
  webhookAllowPrivateTargets: z.enum(['none', 'loopback', 'all']).default('none'),
  /** How long one webhook attempt may take, connect to last byte, in milliseconds. */
  webhookTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * How long a claimed job stays claimed without word from its worker: the jobs of a process
   * that died are taken over once their lease ends. Default: the job worker's (5 minutes).
   */
  jobLeaseMs: z.coerce.number().int().min(1000).max(3_600_000).optional(),
  /**
   * How far the JavaScript heap may grow past what a full collection left alive before the next
   * full collection, in percent (V8's heap growing factor); 0 leaves V8's own, which lets a
   * server's heap reach twice its live size or more between collections.
   */
  heapGrowthPercent: z.coerce.number().int().min(0).max(400).default(20),
});
export type TConfig = z.infer<typeof ZConfig>;

export const DEFAULT_SQLITE_PATH = path.join('data', 'touchstone.db');

/** `TRUST_PROXY`: unset or `false`, `true`, a hop count, or a comma-separated address list. */
export function parseTrustProxy(text: string | undefined): boolean | number | string[] {
  const value = text?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `WEBHOOK_ALLOW_PRIVATE_TARGETS`: unset or `false` (none), `true` or `all`, or `loopback`. */
export function parseAllowPrivateTargets(text: string | undefined): string {
  const value = text?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === 'none') return 'none';
  return value === 'true' ? 'all' : value;
}

/** Reads the configuration from the environment, with explicit overrides (from CLI flags) first. */
export function loadConfig(overrides: Partial<TConfig> = {}): TConfig {
  const env = process.env;
  return ZConfig.parse({
    databaseUrl: env['DATABASE_URL'] ?? DEFAULT_SQLITE_PATH,
    host: env['HOST'],
    port: env['PORT'],
    logLevel: env['LOG_LEVEL'],
    logFormat: env['LOG_FORMAT'],
    secureCookies: env['SECURE_COOKIES'] === 'true',
    sessionHours: env['SESSION_HOURS'],
    bodyLimit: env['BODY_LIMIT'],
    importBodyLimit: env['IMPORT_BODY_LIMIT'],
    publicRateLimit: env['PUBLIC_RATE_LIMIT'],
    surveyRateLimit: env['SURVEY_RATE_LIMIT'],
    trustProxy: parseTrustProxy(env['TRUST_PROXY']),
    webRoot: env['WEB_ROOT'] ?? null,
    smtpUrl: env['SMTP_URL'] ?? null,
    mailFrom: env['MAIL_FROM'],
    publicBaseUrl: env['PUBLIC_BASE_URL'] ?? null,
    invitationMinDays: env['INVITATION_MIN_DAYS'],
    reminderDays: env['REMINDER_DAYS'],
    webhookAllowPrivateTargets: parseAllowPrivateTargets(env['WEBHOOK_ALLOW_PRIVATE_TARGETS']),
    webhookTimeoutMs: env['WEBHOOK_TIMEOUT_MS'],
    jobLeaseMs: env['JOB_LEASE_MS'],
    heapGrowthPercent: env['HEAP_GROWTH_PERCENT'],
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  });
}
