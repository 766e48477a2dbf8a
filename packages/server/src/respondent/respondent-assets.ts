import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AppError } from '@touchstone/core';

/** Where `npm run build -w @touchstone/widget` writes the browser assets. */
export const WIDGET_DIST = fileURLToPath(new URL('../../../widget/dist/', import.meta.url));

/** The built files this server serves, with their content types. */
export const ASSETS = {
  'respondent.js': 'text/javascript; charset=utf-8',
  'respondent.css': 'text/css; charset=utf-8',
  'widget.js': 'text/javascript; charset=utf-8',
} as const;
export type TAssetName = keyof typeof ASSETS;

/** A built asset in memory with its entity tag. */
export interface TAsset {
  body: Buffer;
  etag: string;
  contentType: string;
}

const loaded = new Map<TAssetName, { mtimeMs: number; asset: TAsset }>();

/**
 * Reads a built asset, kept in memory until the file changes (a rebuild while the server runs
 * is picked up). A missing build is a 503 that says how to make one.
 */
export async function readAsset(name: TAssetName, dist: string = WIDGET_DIST): Promise<TAsset> {
  const file = `${dist}${name}`;
  let mtimeMs: number;
  try {
    mtimeMs = (await fs.stat(file)).mtimeMs;
  } catch {
    throw new AppError('unavailable', `${name} is not built: run npm run build:web`);
  }
  const cached = loaded.get(name);
  if (cached && cached.mtimeMs === mtimeMs) return cached.asset;
  const body = await fs.readFile(file);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  const asset = { body, etag, contentType: ASSETS[name] };
  loaded.set(name, { mtimeMs, asset });
  return asset;
}
