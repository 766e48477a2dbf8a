import { expect, it } from 'vitest';
import { nulPaths } from './nul-text.js';

it('names every string holding a NUL, keys included, up to the limit', () => {
  const value = {
    name: 'a\u0000b',
    fine: 'plain',
    nested: { list: ['ok', 'x\u0000'], ['k\u0000ey']: 1 },
    number: 3,
  };
  expect(nulPaths(value, 'body')).toEqual([
    'body.name',
    'body.nested.list.1',
    'body.nested.k\\u0000ey',
  ]);
  expect(nulPaths(value, 'body', 1)).toEqual(['body.name']);
  expect(nulPaths('\u0000', '')).toEqual(['']);
  expect(nulPaths({ bytes: Buffer.from([0]) }, '')).toEqual([]);
  expect(nulPaths(null, 'x')).toEqual([]);
});
