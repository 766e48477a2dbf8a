import type { TErrorBody, TFieldIssue } from '@touchstone/core';

/** A failed API call: the server's error code, message and per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: TFieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field messages keyed by the field path without its `body.`/`query.` prefix. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = d.field.replace(/^(body|query|params)\./, '');
      out[key] ??= d.message;
    }
    return out;
  }
}

/** A page of a cursor-paginated list. */
export interface TPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Query string values; arrays repeat the parameter (`attr=a:1&attr=b:2`). */
export type TQuery = Record<string, string | number | boolean | string[] | undefined | null>;

let csrfToken: string | null = null;

/** Remembers the session's CSRF token; every write sends it back as `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Builds `/api/...?...`, leaving out empty parameters. */
export function apiUrl(path: string, query: TQuery = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

function isErrorBody(body: unknown): body is TErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

async function request<T>(
  method: string,
  path: string,
  query?: TQuery,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // A non-JSON answer (a proxy's error page): reported below by status.
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) {
      const { code, message, details } = parsed.error;
      throw new ApiError(response.status, code, message, details ?? []);
    }
    throw new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
  }
  return parsed as T;
}

/** The typed API: same-origin `/api`, cookie session, CSRF header on writes. */
export const api = {
  get: <T>(path: string, query?: TQuery) => request<T>('GET', path, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, undefined, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, undefined, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, undefined, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Every item of a list, following cursors (bounded: for pickers and maps, not for big tables). */
export async function fetchAll<T>(path: string, query: TQuery = {}, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await api.get<TPage<T>>(path, { ...query, limit: 500, cursor });
    items.push(...page.items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return items;
}
