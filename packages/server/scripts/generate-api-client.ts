/**
 * Writes the OpenAPI document and TypeScript types generated from it with openapi-typescript to
 * packages/server/test/generated/, so that the type check proves a generated client compiles.
 */
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { ZConfig } from '../src/config.js';
import { createServices } from '../src/composition/create-services.js';
import { buildApp } from '../src/http/app.js';

const outDir = path.resolve(import.meta.dirname, '../test/generated');
const services = await createServices(
  ZConfig.parse({ databaseUrl: ':memory:', logLevel: 'silent' }),
);
const app = await buildApp({ services, logger: false });
await app.ready();
const document = app.swagger();
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'openapi.json'), JSON.stringify(document, null, 2));
const ast = await openapiTS(
  JSON.parse(JSON.stringify(document)) as Parameters<typeof openapiTS>[0],
  // A property with a default is optional in a request and listed as required in a response
  // (zod writes `required` for each); openapi-typescript must not also make every defaulted
  // property of a shared component schema required, or request bodies would demand them.
  { defaultNonNullable: false },
);
fs.writeFileSync(path.join(outDir, 'api.d.ts'), astToString(ast));
await app.close();
await services.close();
process.stderr.write(`wrote ${path.relative(process.cwd(), outDir)}/openapi.json and api.d.ts\n`);
