import { expect, it } from 'vitest';
import { sqlLiteral } from './response-bulk-batch.js';

it('writes SQL literals only for values that can be one, quotes doubled', () => {
  expect(sqlLiteral(null)).toBe('NULL');
  expect(sqlLiteral(3)).toBe('3');
  expect(sqlLiteral(-12)).toBe('-12');
  expect(sqlLiteral("it's")).toBe("'it''s'");
  expect(sqlLiteral("''")).toBe("''''''");
  expect(sqlLiteral('')).toBe("''");
  // Bound instead: a fraction (its text might not read back the same), an integer past 2^53,
  // and a string SQLite's parser would cut at the NUL.
  expect(sqlLiteral(1.5)).toBeNull();
  expect(sqlLiteral(2 ** 60)).toBeNull();
  expect(sqlLiteral('a\u0000b')).toBeNull();
});
