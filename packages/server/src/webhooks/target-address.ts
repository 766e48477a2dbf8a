/**
 * Which network addresses a webhook may reach. Internal addresses are refused so that a
 * subscription cannot make the server call its own network (server-side request forgery);
 * the configuration may allow loopback (a receiver on this machine) or every address.
 */
import { BlockList, isIP } from 'node:net';

export type TPrivateTargets = 'none' | 'loopback' | 'all';

/** Named address ranges a webhook may not reach unless the configuration allows them. */
const RANGES: [string, string, number, 'ipv4' | 'ipv6'][] = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['shared (carrier-grade NAT)', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
];

const LISTS = new Map<string, BlockList>();
for (const [name, network, prefix, family] of RANGES) {
  const list = LISTS.get(name) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(name, list);
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`), else null. */
function mappedIpv4(address: string): string | null {
  const match = /^::ffff:(?:0:)?((?:\d{1,3}\.){3}\d{1,3})$/i.exec(address);
  if (match?.[1] !== undefined) return match[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] === undefined || hex[2] === undefined) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The internal range an IP address falls in (`loopback`, `private` ...), or null if public. */
export function addressRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = isIP(bare) === 6 ? mappedIpv4(bare) : null;
  const text = v4 ?? bare;
  const family = isIP(text) === 4 ? 'ipv4' : isIP(text) === 6 ? 'ipv6' : null;
  if (family === null) return 'not an IP address';
  for (const [name, list] of LISTS) if (list.check(text, family)) return name;
  return null;
}

/** Why an address is refused under the policy, or null when it may be reached. */
export function refusalOf(address: string, policy: TPrivateTargets): string | null {
  const range = addressRange(address);
  if (range === null || policy === 'all') return null;
  if (range === 'loopback' && policy === 'loopback') return null;
  return `${address} is a ${range} address; webhooks may not reach it (WEBHOOK_ALLOW_PRIVATE_TARGETS)`;
}
