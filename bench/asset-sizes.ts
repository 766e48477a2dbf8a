/**
 * Bytes on the wire of the scripts respondents and the dashboard load, as the server sends them
 * for each `Accept-Encoding`: uncompressed, gzip and brotli. Each compressed answer is unpacked
 * and checked equal to the uncompressed one before its size is shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildApp } from '../packages/server/src/http/app.js';
import { benchServices, openBenchSqlite } from './databases.js';

export interface TAssetSize {
  url: string;
  identity: number;
  gzip: number;
  br: number;
}

const WEB_DIST = path.resolve(import.meta.dirname, '../packages/web/dist');

/** The largest of the dashboard's built scripts (its entry chunk), by URL. */
function largestDashboardScript(): string | null {
  const dir = path.join(WEB_DIST, 'assets');
  if (!fs.existsSync(dir)) return null;
  const scripts = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size }))
    .sort((a, b) => b.size - a.size);
  return scripts[0] === undefined ? null : `/assets/${scripts[0].f}`;
}

export async function measureAssetSizes(): Promise<TAssetSize[]> {
  const database = await openBenchSqlite();
  const services = await benchServices(database.storage);
  const app = await buildApp({
    services: { ...services, config: { ...services.config, webRoot: WEB_DIST } },
    logger: false,
  });
  try {
    await app.ready();
    const urls = ['/widget.js', '/assets/respondent.js', '/assets/respondent.css'];
    const dashboard = largestDashboardScript();
    if (dashboard !== null) urls.push(dashboard);
    const sizes: TAssetSize[] = [];
    for (const url of urls) {
      const get = (encoding: string) =>
        app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
      const identity = await get('identity');
      if (identity.statusCode !== 200) throw new Error(`${url} answered ${identity.statusCode}`);
      const gzip = await get('gzip');
      const br = await get('br, gzip');
      if (gzip.headers['content-encoding'] !== 'gzip' || br.headers['content-encoding'] !== 'br') {
        throw new Error(`${url} was not sent compressed`);
      }
      const same =
        zlib.gunzipSync(gzip.rawPayload).equals(identity.rawPayload) &&
        zlib.brotliDecompressSync(br.rawPayload).equals(identity.rawPayload);
      if (!same) throw new Error(`${url}: a compressed answer differs from the plain one`);
      sizes.push({
        url,
        identity: identity.rawPayload.length,
        gzip: gzip.rawPayload.length,
        br: br.rawPayload.length,
      });
    }
    return sizes;
  } finally {
    await app.close();
    await services.close();
    await database.drop();
  }
}
