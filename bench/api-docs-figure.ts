/**
 * The API reference: bytes of the OpenAPI document and the time the docs page (Swagger UI) takes,
 * in headless Chromium, from opening it to showing the first operation. `/api/docs` as the server
 * serves it is measured against two baselines in the same run: the same 3.1 document read by
 * Swagger UI as it is, and that document with every `$ref` written out in place (as routes wrote
 * their schemas before contracts became shared components).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { buildApp } from '../packages/server/src/http/app.js';
import { launchChromium } from '../packages/server/test/e2e/chromium.js';
import { benchServices, openBenchSqlite } from './databases.js';
import { median } from './report.js';

export interface TApiDocsFigure {
  form: string;
  bytes: number;
  operations: number;
  /** Median milliseconds from navigation to the first operation shown. */
  renderMs: number;
  runs: number[];
}

/** Serves `document` in Swagger UI as it is (no rewriting); returns the docs page's URL. */
async function serveDocs(document: Record<string, unknown>) {
  const app = Fastify({ logger: false });
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/docs/`, close: () => app.close() };
}

function countOperations(document: Record<string, unknown>): number {
  const paths = (document['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.values(paths).reduce((n, item) => n + Object.keys(item).length, 0);
}

/** Milliseconds from navigation to the first operation shown, one fresh context per load. */
async function renderTimes(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  runs: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url);
    await page.locator('.opblock').first().waitFor({ state: 'visible', timeout: 120_000 });
    times.push(performance.now() - started);
    await context.close();
  }
  return times;
}

/** Measures the served docs page and both baselines, `runs` page loads each. */
export async function measureApiDocs(runs = 5): Promise<TApiDocsFigure[]> {
  const database = await openBenchSqlite();
  const services = await benchServices(database.storage);
  const app = await buildApp({ services, logger: false });
  const browser = await launchChromium();
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/api/openapi.json`);
    if (res.status !== 200) throw new Error(`/api/openapi.json answered ${res.status}`);
    const shared = (await res.json()) as Record<string, unknown>;
    // Recursive schemas (survey conditions) keep their `$ref`: they cannot be written out.
    const inline = (await SwaggerParser.dereference(structuredClone(shared) as never, {
      dereference: { circular: 'ignore' },
    })) as unknown as Record<string, unknown>;
    const figure = (form: string, document: Record<string, unknown>, times: number[]) => ({
      form,
      bytes: Buffer.byteLength(JSON.stringify(document)),
      operations: countOperations(document),
      renderMs: median(times),
      runs: times,
    });
    const figures: TApiDocsFigure[] = [
      figure(
        '/api/docs as served',
        shared,
        await renderTimes(browser, `${address}/api/docs/`, runs),
      ),
    ];
    for (const [form, document] of [
      ['the 3.1 document read as it is', shared],
      ['every $ref written out, read as it is', inline],
    ] as const) {
      const server = await serveDocs(document);
      try {
        figures.push(figure(form, document, await renderTimes(browser, server.url, runs)));
      } finally {
        await server.close();
      }
    }
    return figures;
  } finally {
    await browser.close();
    await app.close();
    await services.close();
    await database.drop();
  }
}
