import { AppError, NUL_MESSAGE, nulPaths, type TFieldIssue } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Checks every request makes before any route sees it, so that both databases give the same
 * answer: text with a NUL character (PostgreSQL's text cannot hold one, SQLite's can) and JSON
 * bodies that are not valid UTF-8 (which would be stored with U+FFFD in place of the bytes) are
 * refused with the field named. Also: a path that exists with other methods answers 405 with
 * `Allow` rather than 404.
 */
export function installRequestHygiene(app: FastifyInstance): void {
  installStrictJson(app);
  app.addHook('preValidation', (request, _reply, done) => {
    const issues: TFieldIssue[] = [
      ...nulPaths(request.params, 'params'),
      ...nulPaths(request.query, 'query'),
      // Parsed JSON only: a streamed body (an import) is checked row by row.
      ...nulPaths(request.body, 'body'),
    ].map((field) => ({ field, message: NUL_MESSAGE }));
    if (issues.length === 0) return done();
    const first = `${issues[0]?.field}: ${NUL_MESSAGE}`;
    return done(new AppError('validation_failed', first, issues));
  });
}

/**
 * JSON bodies decoded strictly: bytes that are not UTF-8 are a 400 naming the byte offset,
 * never silently replaced. Parsing itself stays Fastify's (prototype-poisoning checks included).
 */
function installStrictJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done) => {
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        const error = new AppError(
          'bad_request',
          `the JSON body is not valid UTF-8 (first bad byte at offset ${firstInvalidByte(body)})`,
        );
        done(error, undefined);
        return;
      }
      void parse(request, text, done);
    },
  );
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/** The route table by method, as patterns, for telling 405 from 404. */
export class RouteMethods {
  private readonly routes: { method: string; pattern: RegExp }[] = [];

  add(method: string, url: string): void {
    // The dashboard's catch-all GET would make every path "exist"; it is a fallback, not a route.
    if (url === '/*') return;
    const source = url
      .split('/')
      .map((part) =>
        part === '*'
          ? '.*'
          : part.startsWith(':')
            ? '[^/]+'
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`) });
  }

  /** The methods a path has (HEAD with GET), sorted; empty when the path is unknown. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) methods.add(route.method);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}

/** Records every route's methods, for the not-found handler's 405. */
export function trackRouteMethods(app: FastifyInstance): RouteMethods {
  const table = new RouteMethods();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.add(method, route.url);
  });
  return table;
}
