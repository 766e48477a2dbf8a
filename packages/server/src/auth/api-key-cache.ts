import type { TApiKeyAuthRow } from './auth.repository.js';

/**
 * Recently verified API keys, by the hash of their secret. Integrations send thousands of
 * requests a second with one key; looking it up each time costs a query per request. An entry
 * lives a few seconds, a revocation in this process removes it at once, and another process's
 * revocation takes effect within the TTL.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface TEntry {
  key: TApiKeyAuthRow;
  expiresAt: number;
}

const entries = new Map<string, TEntry>();

export function getCachedApiKey(hash: string, now: number): TApiKeyAuthRow | undefined {
  const entry = entries.get(hash);
  if (entry === undefined) return undefined;
  if (entry.expiresAt <= now) {
    entries.delete(hash);
    return undefined;
  }
  return entry.key;
}

export function cacheApiKey(hash: string, key: TApiKeyAuthRow, now: number): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(hash, { key, expiresAt: now + API_KEY_CACHE_TTL_MS });
}

/** Forgets a key (by id) after it was revoked or changed. */
export function forgetApiKey(id: string): void {
  for (const [hash, entry] of entries) if (entry.key.id === id) entries.delete(hash);
}
