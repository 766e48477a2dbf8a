import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes each millisecond in front as 12 hex digits, whichever came before', () => {
    const times = [
      0x0123456789ab, 0x0123456789ac, 0xfffffffffffe, 0, 0x0123456789ab, 1_796_000_000_123,
    ];
    const now = vi.spyOn(Date, 'now');
    for (const ms of times) {
      now.mockReturnValue(ms);
      const first = newId();
      const second = newId();
      const hex = ms.toString(16).padStart(12, '0');
      for (const id of [first, second]) {
        expect(id).toMatch(UUID_V7);
        expect(id.slice(0, 13)).toBe(`${hex.slice(0, 8)}-${hex.slice(8)}`);
      }
      expect(second).not.toBe(first);
    }
  });

  it('has the UUID version 7 layout with the current millisecond in front', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('never repeats across many blocks of random bytes, and sorts by time', () => {
    const ids = Array.from({ length: 20_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    const times = ids.map((id) => id.slice(0, 13));
    expect([...times].sort()).toEqual(times);
  });

  it('spreads the random part over all hex digits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) seen.add(newId().slice(-1));
    expect(seen.size).toBe(16);
  });
});
