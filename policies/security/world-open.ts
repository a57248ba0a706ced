/**
 * "Open to the world": a set of source CIDRs that together cover every IPv4 address or every IPv6
 * address, however they are written (`0.0.0.0/0`; `0.0.0.0/1` + `128.0.0.0/1`; `::/0` as
 * `0:0:0:0:0:0:0:0/0`; the whole IPv4 space as IPv4-mapped IPv6, `::ffff:0.0.0.0/96`). Addresses
 * are validated by node:net (`isIPv4`/`isIPv6`); coverage is computed on the address ranges.
 * A prefix that doesn't parse covers nothing here: the schema and the provider reject it.
 */
import { isIPv4, isIPv6 } from 'node:net';

interface Range {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

const BITS = { 4: 32n, 6: 128n } as const;
/** ::ffff:0:0/96 (RFC 4291 §2.5.5.2): IPv4 addresses written as IPv6. */
const MAPPED_PREFIX = 0xffffn << 32n;

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(address: string): bigint {
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) is two groups.
  const tail = address.includes('.') ? address.slice(address.lastIndexOf(':') + 1) : undefined;
  const head = tail === undefined ? address : address.slice(0, address.lastIndexOf(':') + 1) + '0:0';
  const [left, right] = head.includes('::') ? head.split('::') as [string, string] : [head, undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const all = right === undefined ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  const value = all.reduce((v, group) => (v << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
  return tail === undefined ? value : (value & ~0xffffffffn) | ipv4Value(tail);
}

/** The address range of a CIDR (a bare address is a /32 or /128); IPv4-mapped IPv6 ranges become IPv4. */
export function cidrRange(cidr: string): Range | undefined {
  const slash = cidr.trim().lastIndexOf('/');
  const address = slash < 0 ? cidr.trim() : cidr.trim().slice(0, slash);
  const lengthText = slash < 0 ? undefined : cidr.trim().slice(slash + 1);
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined) return undefined;
  const bits = BITS[family];
  if (lengthText !== undefined && !/^\d{1,3}$/.test(lengthText)) return undefined;
  const length = lengthText === undefined ? bits : BigInt(Number(lengthText));
  if (length > bits) return undefined;
  const host = (1n << (bits - length)) - 1n;
  const value = family === 4 ? ipv4Value(address) : ipv6Value(address);
  const range: Range = { family, first: value & ~host, last: value | host };
  if (family === 6 && length >= 96n && range.first >> 32n === MAPPED_PREFIX >> 32n) {
    return { family: 4, first: range.first & 0xffffffffn, last: range.last & 0xffffffffn };
  }
  return range;
}

/** Do these CIDRs together cover every address of one family? */
function covers(ranges: Range[], family: 4 | 6): boolean {
  const sorted = ranges.filter((r) => r.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const r of sorted) {
    if (r.first > next) return false;
    if (r.last + 1n > next) next = r.last + 1n;
  }
  return next === 1n << BITS[family];
}

/** `IPv4`, `IPv6`, both, or none: which whole address spaces these CIDRs open. */
export function worldOpenFamilies(cidrs: readonly unknown[]): ('IPv4' | 'IPv6')[] {
  const ranges = cidrs.flatMap((c) => (typeof c === 'string' ? [cidrRange(c)].filter((r): r is Range => r !== undefined) : []));
  return [...(covers(ranges, 4) ? ['IPv4' as const] : []), ...(covers(ranges, 6) ? ['IPv6' as const] : [])];
}

export function isWorldOpen(cidrs: readonly unknown[]): boolean {
  return worldOpenFamilies(cidrs).length > 0;
}

/**
 * The CIDRs that make a set world-open, without the ones it doesn't need (smallest dropped
 * first): `0.0.0.0/1`, `128.0.0.0/1` of `[0.0.0.0/1, 128.0.0.0/1, 203.0.113.0/24]`. Empty when the
 * set isn't world-open.
 */
export function worldCover(cidrs: readonly string[]): string[] {
  if (!isWorldOpen(cidrs)) return [];
  const size = (c: string) => {
    const r = cidrRange(c);
    return r ? r.last - r.first : -1n;
  };
  const kept = [...cidrs];
  for (const candidate of [...cidrs].sort((a, b) => (size(a) < size(b) ? -1 : size(a) > size(b) ? 1 : 0))) {
    const without = kept.filter((c, i) => i !== kept.indexOf(candidate));
    if (isWorldOpen(without)) kept.splice(kept.indexOf(candidate), 1);
  }
  return kept;
}
