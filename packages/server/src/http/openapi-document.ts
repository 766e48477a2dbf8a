import { STATUS_CODES } from 'node:http';

type TNode = Record<string, unknown>;

/** An OpenAPI 3.1 document as `@fastify/swagger` builds it, in the parts rewritten here. */
export interface TOpenApiDocument {
  paths?: Record<string, Record<string, TNode>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> } & TNode;
  [key: string]: unknown;
}

const SCHEMA_REF = '#/components/schemas/';
const RESPONSE_REF = '#/components/responses/';

/**
 * Makes the document say each thing once: an error response that several operations give
 * identically becomes a shared `components/responses` entry; a contract's input schema that is
 * the same as its output schema (`SurveyInput` and `Survey`) becomes one; a schema an operation
 * writes out that equals a named one (a path's id) refers to it; schemas no operation reaches
 * are left out. Pure: returns a new document.
 */
export function compactOpenApiDocument(document: TOpenApiDocument): TOpenApiDocument {
  const shared = shareErrorResponses(withoutSchemaIds(document));
  const merged = mergeSameInputSchemas(shared);
  return pruneUnreachableSchemas(referToNamedSchemas(merged));
}

function shareErrorResponses(document: TOpenApiDocument): TOpenApiDocument {
  // For each error status, the response written most often: that one is shared.
  const counts = new Map<string, Map<string, number>>();
  for (const operation of operations(document)) {
    for (const [status, response] of Object.entries(responsesOf(operation))) {
      if (!/^[45]\d\d$/.test(status)) continue;
      const byText = counts.get(status) ?? new Map<string, number>();
      const text = JSON.stringify(response);
      byText.set(text, (byText.get(text) ?? 0) + 1);
      counts.set(status, byText);
    }
  }
  const sharedText = new Map<string, string>();
  const responses: Record<string, unknown> = { ...document.components?.responses };
  for (const [status, byText] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const [text, count] = [...byText].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (count < 2) continue;
    sharedText.set(status, text);
    const response = JSON.parse(text) as TNode;
    responses[responseName(status)] = { ...response, description: STATUS_CODES[status] ?? status };
  }
  const paths = mapOperations(document, (operation) => {
    const own = responsesOf(operation);
    const rewritten = Object.fromEntries(
      Object.entries(own).map(([status, response]) =>
        sharedText.get(status) === JSON.stringify(response)
          ? [status, { $ref: `${RESPONSE_REF}${responseName(status)}` }]
          : [status, response],
      ),
    );
    return { ...operation, responses: rewritten };
  });
  return { ...document, paths, components: { ...document.components, responses } };
}

/** `422` is `UnprocessableEntity`: the status text in one word. */
function responseName(status: string): string {
  const words = (STATUS_CODES[status] ?? `Error ${status}`).replace(/[^A-Za-z0-9 ]/g, '');
  return words
    .split(' ')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

/**
 * zod writes each component as a standalone JSON Schema (`$schema`, and `$id` naming its own
 * place); inside the document both are noise, and `$id` would keep equal schemas apart.
 */
function withoutSchemaIds(document: TOpenApiDocument): TOpenApiDocument {
  const schemas = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => {
      if (typeof schema !== 'object' || schema === null) return [name, schema];
      const rest = { ...(schema as TNode) };
      delete rest['$schema'];
      delete rest['$id'];
      return [name, rest];
    }),
  );
  return { ...document, components: { ...document.components, schemas } };
}

function mergeSameInputSchemas(document: TOpenApiDocument): TOpenApiDocument {
  const schemas = document.components?.schemas ?? {};
  const renamed = new Map<string, string>();
  // Merging one pair can make another equal (a schema whose parts were merged): repeat.
  for (let changed = true; changed;) {
    changed = false;
    for (const name of Object.keys(schemas)) {
      if (!name.endsWith('Input') || renamed.has(name)) continue;
      const output = name.slice(0, -'Input'.length);
      if (!(output in schemas)) continue;
      const input = JSON.stringify(rewriteRefs(schemas[name], renamed));
      if (input === JSON.stringify(rewriteRefs(schemas[output], renamed))) {
        renamed.set(name, output);
        changed = true;
      }
    }
  }
  const rewritten = rewriteRefs(document, renamed) as TOpenApiDocument;
  const kept = Object.fromEntries(
    Object.entries(rewritten.components?.schemas ?? {}).filter(([name]) => !renamed.has(name)),
  );
  return { ...rewritten, components: { ...rewritten.components, schemas: kept } };
}

/** Shorter schemas (`{ "type": "string" }`) are clearer written out than referred to. */
const MIN_SHARED_SCHEMA_LENGTH = 80;

function referToNamedSchemas(document: TOpenApiDocument): TOpenApiDocument {
  const names = new Map<string, string>();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const text = JSON.stringify(schema);
    if (text.length >= MIN_SHARED_SCHEMA_LENGTH && !names.has(text)) names.set(text, name);
  }
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== 'object' || node === null) return node;
    const name = names.get(JSON.stringify(node));
    if (name !== undefined) return { $ref: `${SCHEMA_REF}${name}` };
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]));
  };
  return { ...document, paths: visit(document.paths) as TOpenApiDocument['paths'] };
}

function pruneUnreachableSchemas(document: TOpenApiDocument): TOpenApiDocument {
  const schemas = document.components?.schemas ?? {};
  const reached = new Set<string>();
  const pending = [
    ...schemaRefs({ paths: document.paths, responses: document.components?.responses }),
  ];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    pending.push(...schemaRefs(schemas[name]));
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } };
}

/** The names of the component schemas a part of the document refers to directly. */
function schemaRefs(node: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith(SCHEMA_REF)) {
          found.push(child.slice(SCHEMA_REF.length));
        } else {
          visit(child);
        }
      }
    }
  };
  visit(node);
  return found;
}

function rewriteRefs(node: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (renamed.size === 0) return node;
  if (Array.isArray(node)) return node.map((value) => rewriteRefs(value, renamed));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
        const target = renamed.get(value.slice(SCHEMA_REF.length));
        return [key, target === undefined ? value : `${SCHEMA_REF}${target}`];
      }
      return [key, rewriteRefs(value, renamed)];
    }),
  );
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function operations(document: TOpenApiDocument): TNode[] {
  return Object.values(document.paths ?? {}).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([, operation]) => operation),
  );
}

function mapOperations(
  document: TOpenApiDocument,
  map: (operation: TNode) => TNode,
): Record<string, Record<string, TNode>> {
  return Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          METHODS.has(method) ? map(operation) : operation,
        ]),
      ),
    ]),
  );
}

function responsesOf(operation: TNode): Record<string, unknown> {
  const responses = operation['responses'];
  return typeof responses === 'object' && responses !== null
    ? (responses as Record<string, unknown>)
    : {};
}
