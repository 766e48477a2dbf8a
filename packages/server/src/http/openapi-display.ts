/**
 * The document as the docs page (Swagger UI) reads it: OpenAPI 3.0 instead of 3.1. Swagger UI
 * reads a 3.1 document through a second, much slower machinery (ApiDOM) that costs seconds even
 * for a document of one operation; its 3.0 path opens the same operations in a fraction of that.
 * `/api/openapi.json` stays 3.1, the exact contract that clients are generated from; this copy only
 * changes how JSON Schema 2020-12 words are spelled, so the page shows the same thing.
 */
type TNode = Record<string, unknown>;

/** Rewrites a 3.1 document in 3.0 words: `nullable`, boolean exclusive bounds, `enum` for `const`. */
export function openApiForSwaggerUi(document: TNode): TNode {
  return { ...(rewrite(document) as TNode), openapi: '3.0.3' };
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (typeof node !== 'object' || node === null) return node;
  const schema = Object.fromEntries(
    Object.entries(node).map(([key, value]): [string, unknown] => [key, rewrite(value)]),
  );
  return downgradeSchemaWords(schema);
}

function downgradeSchemaWords(schema: TNode): TNode {
  const out: TNode = { ...schema };
  const type = out['type'];
  if (Array.isArray(type)) {
    const kinds = (type as unknown[]).filter((kind) => kind !== 'null');
    if (kinds.length < type.length) out['nullable'] = true;
    if (kinds.length === 1) {
      out['type'] = kinds[0];
    } else {
      delete out['type'];
      out['anyOf'] = kinds.map((kind) => ({ type: kind }));
    }
  }
  if (out['type'] === 'null') {
    delete out['type'];
    out['nullable'] = true;
    out['enum'] = [null];
  }
  const anyOf = out['anyOf'];
  if (Array.isArray(anyOf) && (anyOf as unknown[]).some(isNullType)) {
    const rest = (anyOf as unknown[]).filter((option) => !isNullType(option));
    out['nullable'] = true;
    out['anyOf'] = rest;
  }
  if ('const' in out) {
    out['enum'] = [out['const']];
    delete out['const'];
  }
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[bound] === 'number') {
      out[limit] = out[bound];
      out[bound] = true;
    }
  }
  // Words 3.0 does not know; the page would show them as unknown fields.
  delete out['propertyNames'];
  delete out['$schema'];
  return out;
}

function isNullType(option: unknown): boolean {
  return typeof option === 'object' && option !== null && (option as TNode)['type'] === 'null';
}
