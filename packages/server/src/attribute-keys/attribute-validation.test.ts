import type { TAttributeKey } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import {
  attributeFromText,
  attributeProblems,
  buildAttributeSchema,
  isCalendarDate,
  mergeAttributes,
} from './attribute-validation.js';

function key(name: string, type: TAttributeKey['type'], options: string[] = []): TAttributeKey {
  return {
    id: '00000000-0000-7000-8000-000000000000',
    entity: 'customer',
    key: name,
    label: name,
    type,
    options,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

const schema = buildAttributeSchema('customer', [
  key('tier', 'enum', ['gold', 'silver']),
  key('visits', 'number'),
  key('vip', 'boolean'),
  key('since', 'date'),
  key('note', 'string'),
]);

describe('attribute validation', () => {
  it('names the key at fault and lists the declared keys for an unknown one', () => {
    expect(
      attributeProblems(
        schema,
        { tier: 'gold', visits: 2, vip: false, since: '2024-02-29', note: 'x' },
        'body.attributes',
      ),
    ).toEqual([]);
    expect(attributeProblems(schema, { colour: 'red' }, 'attributes')).toEqual([
      {
        field: 'attributes.colour',
        message:
          'not a declared attribute; declared customer attributes: note, since, tier, vip, visits',
      },
    ]);
    expect(
      attributeProblems(
        schema,
        { tier: 'bronze', visits: '2', vip: 'yes', since: '2023-02-29' },
        'a',
      ),
    ).toEqual([
      { field: 'a.tier', message: 'must be one of gold, silver' },
      { field: 'a.visits', message: 'must be a number' },
      { field: 'a.vip', message: 'must be true or false' },
      { field: 'a.since', message: 'must be a date written YYYY-MM-DD' },
    ]);
    expect(attributeProblems(schema, { tier: null }, 'a')).toEqual([
      { field: 'a.tier', message: 'must not be null' },
    ]);
    expect(attributeProblems(schema, { tier: null }, 'a', true)).toEqual([]);
  });

  it('reads CSV text by declared type; an empty cell is absent', () => {
    const visits = key('visits', 'number');
    const vip = key('vip', 'boolean');
    expect(attributeFromText(visits, ' 12.5 ')).toEqual({ kind: 'value', value: 12.5 });
    expect(attributeFromText(visits, '-3e2')).toEqual({ kind: 'value', value: -300 });
    expect(attributeFromText(visits, '0x10').kind).toBe('problem');
    expect(attributeFromText(visits, 'Infinity').kind).toBe('problem');
    expect(attributeFromText(visits, '')).toEqual({ kind: 'absent' });
    for (const [text, value] of [
      ['true', true],
      ['YES', true],
      ['1', true],
      ['False', false],
      ['no', false],
      ['0', false],
    ] as const) {
      expect(attributeFromText(vip, text)).toEqual({ kind: 'value', value });
    }
    expect(attributeFromText(vip, 'maybe')).toEqual({
      kind: 'problem',
      message: 'must be true/false, 1/0 or yes/no',
    });
    expect(attributeFromText(key('since', 'date'), '2024-13-01').kind).toBe('problem');
    expect(attributeFromText(key('tier', 'enum', ['gold']), 'gold')).toEqual({
      kind: 'value',
      value: 'gold',
    });
    expect(attributeFromText(key('note', 'string'), ' spaced ')).toEqual({
      kind: 'value',
      value: ' spaced ',
    });
  });

  it('knows calendar days and merges patches', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2024-2-01')).toBe(false);
    expect(mergeAttributes({ a: 1, b: 'x' }, { b: null, c: true })).toEqual({ a: 1, c: true });
  });
});
