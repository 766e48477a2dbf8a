import { createHash } from 'node:crypto';
import { AppError } from '@touchstone/core';
import type { TImportSource } from './import-source.js';
import type { TSourceDigest } from './imports.repository.js';

/** Bytes of the file's start hashed to tell, on a resume, that it is the same file. */
export const HEAD_BYTES = 64 * 1024;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

/**
 * Passes the file through, holding its first HEAD_BYTES until they are hashed. With `known`
 * (the digest of an earlier request of the same import), a file that starts otherwise is
 * refused with a 409 before any row is read: its rows are not the ones the import counted.
 * `onHead` gets the digest, or `'other file'` before the refusal.
 */
export async function* checkedHead(
  source: TImportSource,
  known: TSourceDigest | null,
  onHead: (head: TSourceDigest | 'other file') => void,
): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let size = 0;
  const check = () => {
    const head = Buffer.concat(held).subarray(0, HEAD_BYTES);
    if (known !== null) {
      const same =
        head.length >= known.bytes && sha256(head.subarray(0, known.bytes)) === known.digest;
      if (!same) {
        onHead('other file');
        throw new AppError(
          'conflict',
          'the file does not start as the one this import began with',
          [{ field: 'headers.import-id', message: 'names an import of another file' }],
        );
      }
    }
    if (known === null || head.length > known.bytes) {
      onHead({ digest: sha256(head), bytes: head.length });
    }
  };
  for await (const chunk of source) {
    const bytes = asBuffer(chunk);
    if (held.length === 0 && size >= HEAD_BYTES) {
      yield bytes;
      continue;
    }
    held.push(bytes);
    size += bytes.length;
    if (size >= HEAD_BYTES) {
      check();
      yield* held;
      held = [];
    }
  }
  if (size < HEAD_BYTES) {
    check();
    yield* held;
  }
}
