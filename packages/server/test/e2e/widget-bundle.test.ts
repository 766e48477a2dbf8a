/** The widget script stays small: under 15 KB gzipped, and without zod (tree-shaking holds). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { ensureWidgetBuild } from './respondent-server.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../widget/dist');
const LIMIT_BYTES = 15 * 1024;

beforeAll(() => ensureWidgetBuild(), 120_000);

it('widget.js is under 15 KB gzipped', () => {
  const script = fs.readFileSync(path.join(DIST, 'widget.js'));
  const gzipped = gzipSync(script, { level: 9 }).length;
  console.info(`widget.js: ${script.length} bytes, ${gzipped} bytes gzipped`);
  expect(gzipped).toBeLessThan(LIMIT_BYTES);
});

it('the build writes brotli and gzip copies of every script and stylesheet', () => {
  for (const name of ['widget.js', 'respondent.js', 'respondent.css']) {
    const body = fs.readFileSync(path.join(DIST, name));
    expect(brotliDecompressSync(fs.readFileSync(path.join(DIST, `${name}.br`)))).toEqual(body);
    expect(gunzipSync(fs.readFileSync(path.join(DIST, `${name}.gz`)))).toEqual(body);
  }
});

it('neither script bundles zod: the engine is imported from its own modules', () => {
  for (const name of ['widget.js', 'respondent.js']) {
    const script = fs.readFileSync(path.join(DIST, name), 'utf8');
    // Words only zod's runtime carries (its issue codes and error class).
    expect(script).not.toContain('invalid_type');
    expect(script).not.toContain('ZodError');
  }
});

it('the respondent script injects no inline styles (its CSS is a file, for the strict CSP)', () => {
  const script = fs.readFileSync(path.join(DIST, 'respondent.js'), 'utf8');
  expect(script).not.toMatch(/createElement\(["']style["']\)/);
  expect(fs.existsSync(path.join(DIST, 'respondent.css'))).toBe(true);
});
