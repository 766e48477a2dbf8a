import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const RANDOM_SLUG_LENGTH = 10;

/** A random public slug: 10 characters of a-z0-9 (about 52 bits, not guessable by walking). */
export function randomSlug(): string {
  let slug = '';
  for (let i = 0; i < RANDOM_SLUG_LENGTH; i++) slug += ALPHABET[randomInt(ALPHABET.length)];
  return slug;
}
