import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  jsonSchemaTransform,
} from 'fastify-type-provider-zod';
import { openApiForSwaggerUi } from './openapi-display.js';
import { compactOpenApiDocument, type TOpenApiDocument } from './openapi-document.js';
import { createContractRegistry } from './openapi-registry.js';

const PARAMETER_PARTS = ['querystring', 'params', 'headers'] as const;

function isRef(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && '$ref' in schema;
}

/**
 * Serves the OpenAPI document at `/api/openapi.json` and its interactive docs at `/api/docs`.
 * Contracts are written once under `components/schemas` and referred to by `$ref`, error
 * responses once under `components/responses`, so the document stays small enough for the docs
 * page to open quickly.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const registry = createContractRegistry();
  const withRefs = createJsonSchemaTransform({ schemaRegistry: registry });
  // A parameter schema that is itself a contract stays inline: @fastify/swagger lists a query's
  // or path's properties one by one, which it cannot do through a `$ref`.
  const transform: SwaggerTransform = (input) => {
    const written = withRefs(input);
    const schema = written.schema as Record<string, unknown> | undefined;
    if (schema === undefined || schema['hide'] === true) return written;
    const inline = jsonSchemaTransform(input).schema as Record<string, unknown>;
    const parameters = Object.fromEntries(
      PARAMETER_PARTS.filter((part) => isRef(schema[part])).map((part) => [part, inline[part]]),
    );
    return { ...written, schema: { ...schema, ...parameters } };
  };
  const addComponents = createJsonSchemaTransformObject({ schemaRegistry: registry });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Touchstone API',
        version: '0.1.0',
        description:
          'Customer Experience Management. Authenticate with a session cookie (and the x-csrf-token header on writes) or an API key as `Authorization: Bearer ts_...`. Every error has the shape `{ "error": { "code", "message", "details" } }`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, ts_...' },
          session: { type: 'apiKey', in: 'cookie', name: 'ts_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform,
    transformObject: (input) =>
      compactOpenApiDocument(addComponents(input) as TOpenApiDocument) as unknown as ReturnType<
        typeof addComponents
      >,
  });
  let display: { from: unknown; document: Record<string, unknown> } | null = null;
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The document is built once; so is its copy for the page.
    transformSpecificationClone: false,
    transformSpecification: (document: Record<string, unknown>) => {
      if (display?.from !== document) {
        display = { from: document, document: openApiForSwaggerUi(document) };
      }
      return display.document;
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
