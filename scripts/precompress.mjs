// Writes brotli (.br) and gzip (.gz) copies beside each text asset of a build, so the server
// sends them compressed without compressing per request. Files under 1 KB are left alone: their
// compressed copies would hardly be smaller than the headers saying so.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TEXT = /\.(?:js|mjs|css|html|svg|json|txt)$/;
const MIN_BYTES = 1024;

/** Compresses the text files of `dir` (recursively); returns the files it compressed. */
export function precompress(dir) {
  const done = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      done.push(...precompress(file));
      continue;
    }
    if (!TEXT.test(entry.name)) continue;
    const body = fs.readFileSync(file);
    if (body.length < MIN_BYTES) continue;
    const br = zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gz = zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION });
    fs.writeFileSync(`${file}.br`, br);
    fs.writeFileSync(`${file}.gz`, gz);
    done.push(file);
  }
  return done;
}
