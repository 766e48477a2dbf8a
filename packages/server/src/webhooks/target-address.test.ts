import { describe, expect, it } from 'vitest';
import { addressRange, refusalOf } from './target-address.js';

describe('webhook target addresses', () => {
  it('names the internal range of an address, and null for a public one', () => {
    const cases: [string, string | null][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', null],
      ['192.168.100.1', 'private'],
      ['100.64.0.1', 'shared (carrier-grade NAT)'],
      ['100.128.0.1', null],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['fd12:3456::1', 'unique-local'],
      ['fc00::1', 'unique-local'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:7f00:1', 'loopback'],
      ['[::ffff:192.168.1.1]', 'private'],
      ['8.8.8.8', null],
      ['203.0.113.10', null],
      ['2606:4700:4700::1111', null],
      ['::ffff:8.8.8.8', null],
      ['example.com', 'not an IP address'],
    ];
    for (const [address, range] of cases) expect(addressRange(address), address).toBe(range);
  });

  it('allows loopback only under the loopback policy, and everything under all', () => {
    expect(refusalOf('127.0.0.1', 'none')).toContain('loopback');
    expect(refusalOf('127.0.0.1', 'loopback')).toBeNull();
    expect(refusalOf('::1', 'loopback')).toBeNull();
    expect(refusalOf('10.0.0.1', 'loopback')).toContain('private');
    expect(refusalOf('169.254.169.254', 'loopback')).toContain('link-local');
    expect(refusalOf('10.0.0.1', 'all')).toBeNull();
    expect(refusalOf('8.8.8.8', 'none')).toBeNull();
  });
});
