/**
 * The dashboard's files as the server sends them: the build's compressed copies to browsers that
 * accept them, hashed files cached for a year, index.html revalidated on every visit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { precompress } from '../../../../scripts/precompress.mjs';
import { createTestEnv, TEST_DATABASES, type TTestEnv } from '../../test/harness.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-web-'));
const SCRIPT = `console.log(${JSON.stringify('a dashboard module '.repeat(400))});\n`;
let env: TTestEnv & { close(): Promise<void> };

beforeAll(async () => {
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Touchstone</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-AbC123xy.js'), SCRIPT);
  expect(precompress(root)).toEqual([path.join(root, 'assets', 'index-AbC123xy.js')]);
  const sqlite = TEST_DATABASES.find((d) => d.dialect === 'sqlite');
  if (sqlite === undefined) throw new Error('no SQLite test database');
  env = await createTestEnv(sqlite, { webRoot: root });
});

afterAll(async () => {
  await env?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('sends hashed files compressed when accepted, cached for a year', async () => {
  const br = await env.app.inject({
    method: 'GET',
    url: '/assets/index-AbC123xy.js',
    headers: { 'accept-encoding': 'gzip, br' },
  });
  expect(br.statusCode).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
  expect(br.rawPayload.length).toBeLessThan(SCRIPT.length / 10);

  const gzip = await env.app.inject({
    method: 'GET',
    url: '/assets/index-AbC123xy.js',
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);

  const plain = await env.app.inject({ method: 'GET', url: '/assets/index-AbC123xy.js' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(SCRIPT);
});

it('revalidates index.html, also for client-side routes', async () => {
  for (const url of ['/', '/analytics/trends']) {
    const page = await env.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<title>Touchstone</title>');
  }
});
