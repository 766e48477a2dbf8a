// The dashboard's requests and responses, derived from the types openapi-typescript generates from
// the server's OpenAPI document (`npm run generate:api`, which `npm test` runs first): a route whose
// path, parameters, body or response changes breaks `tsc -p packages/web` instead of the page.
// The import is type-only, so the Vite build does not need the generated file; the type check
// does (run `npm run generate:api` first, as `npm test` does).
import type { paths } from '../../../server/test/generated/api.js';

/** The HTTP methods the dashboard calls. */
export type THttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The document's paths (`/api/users/{id}`) that answer method `M`. */
export type TApiPath<M extends THttpMethod> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type TOperation<M extends THttpMethod, P extends TApiPath<M>> = NonNullable<paths[P][M]>;

type TJsonContent<T> = T extends { content: { 'application/json': infer J } } ? J : undefined;

type TSuccessStatus = 200 | 201 | 202 | 204;

/** What a successful call returns: the 2xx JSON body (`undefined` for a 204). */
export type TResponseBody<M extends THttpMethod, P extends TApiPath<M>> = TJsonContent<
  TOperation<M, P>['responses'][Extract<keyof TOperation<M, P>['responses'], TSuccessStatus>]
>;

/** The JSON body a call sends (`never` when the operation takes none). */
export type TRequestBody<M extends THttpMethod, P extends TApiPath<M>> = TJsonContent<
  NonNullable<TOperation<M, P>['requestBody']>
>;

/** The path parameters (`{ id }`), `never` when the path has none. */
export type TPathParams<M extends THttpMethod, P extends TApiPath<M>> = NonNullable<
  TOperation<M, P>['parameters']['path']
>;

/** A query string value; arrays repeat the parameter (`attr=a:1&attr=b:2`), empty ones are left out. */
export type TQueryValue = string | number | boolean | string[] | undefined | null;

/**
 * The query parameters the operation declares. Their names are checked against the document; their
 * values come from forms and the address bar and are validated by the server (a 400 with details).
 */
export type TQueryParams<M extends THttpMethod, P extends TApiPath<M>> = TLooseQuery<
  NonNullable<TOperation<M, P>['parameters']['query']>
>;

type TLooseQuery<Q> = [Q] extends [never] ? never : { [K in keyof Q]?: TQueryValue };

type TParamsInit<M extends THttpMethod, P extends TApiPath<M>> = [TPathParams<M, P>] extends [never]
  ? { params?: never }
  : { params: TPathParams<M, P> };

type TBodyInit<M extends THttpMethod, P extends TApiPath<M>> = [TRequestBody<M, P>] extends [never]
  ? { body?: never }
  : { body: TRequestBody<M, P> };

/** What a call sends: the path's parameters, the query and, for writes, the JSON body. */
export type TRequestInit<M extends THttpMethod, P extends TApiPath<M>> = TParamsInit<M, P> &
  TBodyInit<M, P> & { query?: TQueryParams<M, P> };

/** A call's init argument, optional when the operation needs no path parameters and no body. */
export type TInitArgs<M extends THttpMethod, P extends TApiPath<M>> =
  Record<never, never> extends TRequestInit<M, P>
    ? [init?: TRequestInit<M, P>]
    : [init: TRequestInit<M, P>];

/** The element type of a cursor-paginated list path's `items`. */
export type TListItem<P extends TApiPath<'get'>> =
  TResponseBody<'get', P> extends { items: (infer I)[]; nextCursor: string | null } ? I : never;

/** The GET paths that answer a page of a cursor-paginated list. */
export type TListPath = {
  [P in TApiPath<'get'>]: [TListItem<P>] extends [never] ? never : P;
}[TApiPath<'get'>];
