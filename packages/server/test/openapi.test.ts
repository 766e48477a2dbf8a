import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from './generated/api.js';
import { TEST_DATABASES, createTestEnv, type TTestEnv } from './harness.js';

describe('OpenAPI document', () => {
  let env: TTestEnv & { close(): Promise<void> };
  let baseUrl: string;
  beforeAll(async () => {
    const sqlite = TEST_DATABASES[0];
    if (!sqlite) throw new Error('no test database');
    env = await createTestEnv(sqlite);
    baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => env.close());

  it('is served at /api/openapi.json and is a valid OpenAPI 3.1 document', async () => {
    const res = await fetch(`${baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/teams/{id}']));
  });

  it('matches the document the generated client was built from', async () => {
    const generated = path.join(import.meta.dirname, 'generated/openapi.json');
    const served = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
    expect(served).toEqual(JSON.parse(fs.readFileSync(generated, 'utf8')));
  });

  it('writes each contract and error response once, referred to by $ref', async () => {
    const text = await (await fetch(`${baseUrl}/api/openapi.json`)).text();
    const document = JSON.parse(text) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
    };
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Team', 'Id', 'Timestamp', 'SurveyCondition']),
    );
    expect(document.paths['/api/teams/{id}']?.['get']?.responses).toMatchObject({
      200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Team' } } } },
      404: { $ref: '#/components/responses/NotFound' },
    });
    // Every operation written out in full (each $ref replaced by what it names) is the size
    // the document had when each route wrote its own schemas; shared, it is a fraction of that.
    const inline = await SwaggerParser.dereference(structuredClone(JSON.parse(text)) as never, {
      dereference: { circular: 'ignore' },
    });
    const bytes = Buffer.byteLength(text);
    expect(bytes * 3).toBeLessThan(Buffer.byteLength(JSON.stringify(inline)));
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length;
    expect(bytes / operations).toBeLessThan(2500);
  });

  it('gives the docs page the same operations in OpenAPI 3.0 words', async () => {
    const served = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    const res = await fetch(`${baseUrl}/api/docs/json`);
    const text = await res.text();
    const display = JSON.parse(text) as { openapi: string; paths: Record<string, unknown> };
    expect(display.openapi).toBe('3.0.3');
    expect(Object.keys(display.paths)).toEqual(Object.keys(served.paths));
    // Asserted as booleans: a failure would otherwise print the whole document.
    expect(text.includes('"type":"null"')).toBe(false);
    expect(text.includes('"const":')).toBe(false);
    await expect(SwaggerParser.validate(structuredClone(display) as never)).resolves.toBeTruthy();
  });

  it('serves interactive docs at /api/docs', async () => {
    const res = await fetch(`${baseUrl}/api/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });

  it('drives the API through a typed openapi-fetch client', async () => {
    const client = createClient<paths>({
      baseUrl,
      headers: { authorization: `Bearer ${env.orgA.keys.admin}` },
    });
    const created = await client.POST('/api/teams', {
      body: { name: 'Typed client team', description: 'made by openapi-fetch', memberIds: [] },
    });
    expect(created.response.status).toBe(201);
    const id = created.data?.id ?? '';
    const read = await client.GET('/api/teams/{id}', { params: { path: { id } } });
    expect(read.data?.name).toBe('Typed client team');
    const bad = await client.POST('/api/teams', {
      body: { name: '', description: '', memberIds: [] },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error?.error.code).toBe('validation_failed');
  });

  it('answers /health and /metrics', async () => {
    const health = await fetch(`${baseUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite' });
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toContain('touchstone_http_requests_total');
    expect(metrics).toContain('process_resident_memory_bytes');
  });
});
