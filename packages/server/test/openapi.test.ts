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
