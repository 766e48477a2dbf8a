import type { TErrorBody, TFieldIssue } from '@touchstone/core';
import type {
  THttpMethod,
  TApiPath,
  TInitArgs,
  TListItem,
  TListPath,
  TQueryParams,
  TQueryValue,
  TResponseBody,
} from './openapi-types.js';

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

/** Query string values by name, as pages build them for the API and their react-query keys. */
export type TQuery = Record<string, TQueryValue>;

let csrfToken: string | null = null;

/** Remembers the session's CSRF token; every write sends it back as `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Builds the URL of a document path (`/api/users/{id}`), leaving out empty query values. */
function apiUrl(
  path: string,
  params: Readonly<Record<string, string | number>> = {},
  query: TQuery = {},
): string {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name] ?? '')),
  );
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else search.append(key, String(value));
  }
  const qs = search.toString();
  return `${url}${qs ? `?${qs}` : ''}`;
}

/** The URL of a GET path the browser follows itself (downloads, images), typed like a call. */
export function apiLink<P extends TApiPath<'get'>>(
  path: P,
  ...[init]: TInitArgs<'get', P>
): string {
  return apiUrl(path, init?.params, init?.query);
}

function isErrorBody(body: unknown): body is TErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
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

/** One typed method: path, parameters, body and result come from the OpenAPI document. */
function method<M extends THttpMethod>(name: M) {
  return <P extends TApiPath<M>>(
    path: P,
    ...[init]: TInitArgs<M, P>
  ): Promise<TResponseBody<M, P>> => {
    const url = apiUrl(path, init?.params, init?.query);
    // A POST without a body still sends `{}`, as JSON routes expect.
    const body: unknown = init?.body ?? (name === 'post' ? {} : undefined);
    return request<TResponseBody<M, P>>(name.toUpperCase(), url, body);
  };
}

/** The typed API: same-origin `/api`, cookie session, CSRF header on writes. */
export const api = {
  get: method('get'),
  post: method('post'),
  patch: method('patch'),
  put: method('put'),
  delete: method('delete'),
};

/** Every item of a list, following cursors (bounded: for pickers and maps, not for big tables). */
export async function fetchAll<P extends TListPath>(
  path: P,
  query?: TQueryParams<'get', P>,
  maxPages = 20,
): Promise<TListItem<P>[]> {
  const items: TListItem<P>[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const url = apiUrl(path, {}, { ...query, limit: 500, cursor });
    const page = await request<{ items: TListItem<P>[]; nextCursor: string | null }>('GET', url);
    items.push(...page.items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return items;
}
