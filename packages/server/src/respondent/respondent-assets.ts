import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
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

/** The content codings an asset is kept in, preferred first. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type TEncoding = (typeof ENCODINGS)[number];
const SUFFIX: Record<TEncoding, string> = { br: '.br', gzip: '.gz' };

/** A built asset in memory: its bytes in each coding, its content hash and entity tag. */
export interface TAsset {
  body: Buffer;
  encoded: Record<TEncoding, Buffer>;
  /** The first 12 characters of the content's SHA-256 (base64url): the asset's hashed name. */
  hash: string;
  etag: string;
  contentType: string;
}

const loaded = new Map<TAssetName, { mtimeMs: number; asset: TAsset }>();

/** The precompressed copy the build wrote beside the file, when it is as new as the file. */
async function precompressed(file: string, mtimeMs: number): Promise<Buffer | null> {
  try {
    if ((await fs.stat(file)).mtimeMs < mtimeMs) return null;
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

async function encodedCopies(file: string, body: Buffer, mtimeMs: number) {
  const br = (await precompressed(`${file}${SUFFIX.br}`, mtimeMs)) ?? zlib.brotliCompressSync(body);
  const gzip =
    (await precompressed(`${file}${SUFFIX.gzip}`, mtimeMs)) ??
    zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION });
  return { br, gzip };
}

/**
 * Reads a built asset with its compressed copies (those of the build, else compressed once
 * here), kept in memory until the file changes (a rebuild while the server runs is picked up).
 * A missing build is a 503 that says how to make one.
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
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12);
  const asset: TAsset = {
    body,
    encoded: await encodedCopies(file, body, mtimeMs),
    hash,
    etag: `"${hash}"`,
    contentType: ASSETS[name],
  };
  loaded.set(name, { mtimeMs, asset });
  return asset;
}

/** The asset's name with its content hash (`respondent-<hash>.js`), served as immutable. */
export function hashedName(name: TAssetName, hash: string): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}-${hash}${name.slice(dot)}`;
}

/**
 * The coding to send for an `Accept-Encoding` header: brotli, else gzip, else none. A coding
 * refused with `q=0` is not chosen.
 */
export function chooseEncoding(acceptEncoding: string | undefined): TEncoding | null {
  if (acceptEncoding === undefined) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [coding = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    accepted.set(coding.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const star = accepted.get('*') ?? 0;
  for (const coding of ENCODINGS) {
    if ((accepted.get(coding) ?? star) > 0) return coding;
  }
  return null;
}
