/**
 * The OpenAPI document is the truth: requests generated from it (property-based, fast-check
 * arbitraries built from each operation's parameter and body schemas, valid and deliberately
 * broken ones) run against the app on every database. Every answer must be a documented status
 * of its operation, never a server error, and a JSON answer must match the schema documented for
 * that status. Bounded: a fixed number of requests per operation, from a fixed seed.
 */
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';

const REQUESTS_PER_OPERATION = 12;
const SEED = 20261207;

/** Operations left out, with why. */
const SKIPPED = new Map<string, string>([
  ['DELETE /api/organization', 'deletes the organization the walk runs in'],
  ['POST /api/auth/sign-out', 'ends no session here; nothing to fuzz'],
  ['PUT /api/sso-settings', 'fetches the discovery document of the issuer URL in the body'],
]);

type TSchema = Record<string, unknown>;
interface TParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: TSchema;
}
interface TOperation {
  parameters?: TParameter[];
  requestBody?: { content?: Record<string, { schema?: TSchema }> };
  responses: Record<string, TResponse>;
}
/** A documented response, or a `$ref` to a shared one under `components/responses`. */
interface TResponse {
  $ref?: string;
  content?: Record<string, { schema?: TSchema }>;
}
interface TDocument {
  paths: Record<string, Record<string, TOperation>>;
  components?: Record<string, unknown>;
}

/** The response a `$ref` names (`#/components/responses/NotFound`), or the response itself. */
function resolveResponse(response: TResponse | undefined, doc: TDocument): TResponse | undefined {
  const ref = response?.$ref;
  if (ref === undefined) return response;
  const name = ref.replace('#/components/responses/', '');
  const shared = (doc.components?.['responses'] as Record<string, TResponse> | undefined)?.[name];
  if (shared === undefined) throw new Error(`unresolved response ${ref}`);
  return shared;
}

/** A value that breaks a schema: the wrong type, an out-of-range number, a too long string. */
const broken: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constant(-1),
  fc.constant(1e12),
  fc.constant('x'.repeat(5000)),
  fc.constant({ unexpected: true }),
  fc.constant([]),
  fc.string(),
);

/** fast-check arbitrary of values a JSON Schema (as zod's OpenAPI output writes them) admits. */
function arbitrary(schema: TSchema | undefined, doc: TDocument, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 6) return fc.constant(null);
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
    return arbitrary(target as TSchema, doc, depth + 1);
  }
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  if ('const' in schema) return fc.constant(schema['const']);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      return fc.oneof(...(options as TSchema[]).map((s) => arbitrary(s, doc, depth + 1)));
    }
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length > 0) return arbitrary(allOf[0] as TSchema, doc, depth);
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[])[0] : schema['type'];
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -1000;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : 1000;
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = arbitrary(schema['items'] as TSchema | undefined, doc, depth + 1);
      const minLength = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const maxLength = Math.min(
        typeof schema['maxItems'] === 'number' ? schema['maxItems'] : 3,
        minLength + 3,
      );
      return fc.array(items, { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const properties = (schema['properties'] ?? {}) as Record<string, TSchema>;
      const required = new Set((schema['required'] ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) {
        record[name] = arbitrary(property, doc, depth + 1);
      }
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return fc.constant(null);
  }
}

function stringArbitrary(schema: TSchema): fc.Arbitrary<string> {
  const format = schema['format'];
  if (format === 'uuid') return fc.uuid({ version: 7 });
  if (format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (format === 'date') {
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (format === 'email') return fc.emailAddress();
  if (format === 'uri') return fc.webUrl();
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength = Math.min(
    typeof schema['maxLength'] === 'number' ? schema['maxLength'] : 40,
    minLength + 40,
  );
  if (typeof schema['pattern'] === 'string') {
    // A pattern is not generated from: a few plain words, which may or may not match.
    return fc.constantFrom('abc', 'lounge-bar', 'x_1', 'A1');
  }
  return fc.string({ minLength, maxLength });
}

/** A generated value as it goes into a URL: objects as JSON. */
function text(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** One request of an operation: path and query from its parameters, maybe a JSON body. */
interface TRequest {
  url: string;
  body?: unknown;
}

function requestArbitrary(path: string, op: TOperation, doc: TDocument): fc.Arbitrary<TRequest> {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const value = (p: TParameter) =>
    fc.oneof({ weight: 4, arbitrary: arbitrary(p.schema, doc) }, { weight: 1, arbitrary: broken });
  const pathValues = fc.tuple(...pathParams.map((p) => arbitrary(p.schema, doc)));
  const queryValues = fc.tuple(
    ...queryParams.map((p) => fc.option(value(p), { nil: undefined, freq: p.required ? 10 : 2 })),
  );
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const body =
    bodySchema === undefined
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 4, arbitrary: arbitrary(bodySchema, doc) },
          { weight: 1, arbitrary: broken },
        );
  return fc.tuple(pathValues, queryValues, body).map(([pathParts, queryParts, payload]) => {
    let url = path;
    pathParams.forEach((p, i) => {
      url = url.replace(`{${p.name}}`, encodeURIComponent(text(pathParts[i] ?? 'x')));
    });
    const search = new URLSearchParams();
    queryParams.forEach((p, i) => {
      const v = queryParts[i];
      if (v === undefined || v === null) return;
      search.set(p.name, text(v));
    });
    const query = search.toString();
    return {
      url: query === '' ? url : `${url}?${query}`,
      ...(payload === undefined ? {} : { body: payload }),
    };
  });
}

describeEachDatabase('OpenAPI contract', (env) => {
  it('every generated request gets a documented status, no 5xx, a body matching its schema', async () => {
    const doc = (
      await env().app.inject({ method: 'GET', url: '/api/openapi.json' })
    ).json<TDocument>();
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    formats.default(ajv);
    ajv.addSchema({ $id: 'touchstone', components: doc.components ?? {} });
    const validators = new Map<string, ReturnType<typeof ajv.compile>>();
    const validatorOf = (key: string, schema: TSchema) => {
      let validate = validators.get(key);
      if (!validate) {
        const rewritten = JSON.parse(
          JSON.stringify(schema).replaceAll('"#/components/', '"touchstone#/components/'),
        ) as TSchema;
        validate = ajv.compile(rewritten);
        validators.set(key, validate);
      }
      return validate;
    };

    const failures: string[] = [];
    let sent = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (SKIPPED.has(name)) continue;
        const samples = fc.sample(requestArbitrary(path, op, doc), {
          numRuns: REQUESTS_PER_OPERATION,
          seed: SEED,
        });
        for (const request of samples) {
          sent++;
          const res = await env().as('owner', {
            method: method.toUpperCase(),
            url: request.url,
            ...(request.body === undefined ? {} : { payload: request.body as object }),
          });
          const status = String(res.statusCode);
          const where = `${name} ${request.url} ${JSON.stringify(request.body ?? null).slice(0, 200)}`;
          if (res.statusCode >= 500) {
            failures.push(`${status} ${where}: ${res.body.slice(0, 300)}`);
            continue;
          }
          // Rate limits and a method the path does not take are the server's, not the operation's.
          if (res.statusCode === 429) continue;
          const documented = resolveResponse(op.responses[status] ?? op.responses['default'], doc);
          if (documented === undefined) {
            failures.push(`undocumented ${status} ${where}: ${res.body.slice(0, 200)}`);
            continue;
          }
          const schema = documented.content?.['application/json']?.schema;
          const type = String(res.headers['content-type'] ?? '');
          if (schema === undefined || !type.includes('application/json')) continue;
          const validate = validatorOf(`${name} ${status}`, schema);
          if (!validate(res.json())) {
            const problem = ajv.errorsText(validate.errors);
            failures.push(`${status} body off its schema (${problem}) ${where}`);
          }
        }
      }
    }
    const report = process.env['TOUCHSTONE_FUZZ_REPORT'];
    if (report !== undefined) fs.writeFileSync(report, failures.join('\n'));
    expect(sent).toBeGreaterThan(500);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 300_000);
});
