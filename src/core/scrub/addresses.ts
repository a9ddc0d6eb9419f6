// IP address pseudonyms that keep what an analyst reasons with: the address class (private stays private,
// loopback stays loopback, public stays public) and the subnets (two addresses that share a prefix share the
// pseudonym's prefix of the same length, Crypto-PAn style), while the bits themselves come from the key.
import { type KeyedHash } from './keyed';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  return ((+m[1] << 24) >>> 0) + (+m[2] << 16) + (+m[3] << 8) + +m[4];
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Ranges whose fixed prefix is kept; the bits below it are pseudonymised. Order matters: first match wins. */
const V4_CLASSES: ReadonlyArray<{ name: string; base: number; bits: number; keep?: boolean }> = [
  { name: 'unspecified', base: 0x00000000, bits: 8, keep: true },
  { name: 'loopback', base: 0x7f000000, bits: 8, keep: true },
  { name: 'multicast', base: 0xe0000000, bits: 4, keep: true },
  { name: 'reserved', base: 0xf0000000, bits: 4, keep: true },
  { name: 'private10', base: 0x0a000000, bits: 8 },
  { name: 'private172', base: 0xac100000, bits: 12 },
  { name: 'private192', base: 0xc0a80000, bits: 16 },
  { name: 'linklocal', base: 0xa9fe0000, bits: 16 },
  { name: 'cgnat', base: 0x64400000, bits: 10 },
  { name: 'documentation1', base: 0xc0000200, bits: 24 },
  { name: 'documentation2', base: 0xc6336400, bits: 24 },
  { name: 'documentation3', base: 0xcb007100, bits: 24 },
];

function inPrefix(value: number, base: number, bits: number): boolean {
  return bits === 0 || (value >>> (32 - bits)) === (base >>> (32 - bits));
}

function v4Class(value: number): { name: string; base: number; bits: number; keep?: boolean } {
  return V4_CLASSES.find((c) => inPrefix(value, c.base, c.bits)) ?? { name: 'public', base: value & 0xff000000, bits: 8 };
}

/**
 * An IPv4 pseudonym. The network bits under the class prefix are flipped by a keyed function of the bits
 * above them (prefix-preserving); the host octet goes through a keyed permutation of 1–254 per subnet,
 * so .0 and .255 stay themselves and no two hosts of a subnet meet. Public addresses keep their first
 * octet and stay public (a rare landing in a special range is walked on with the next attempt).
 */
export function pseudonymIpv4(hash: KeyedHash, value: number, attempt = 0): number {
  const cls = v4Class(value);
  if (cls.keep) return value;
  const tag = `${cls.name}/${attempt}`;
  let out = value;
  for (let bit = cls.bits; bit < 24; bit++) {
    const prefix = value >>> (32 - bit);
    const flip = hash.bit('ipv4-bit', `${tag}/${bit}/${prefix}`);
    if (flip) out = (out ^ (1 << (31 - bit))) >>> 0;
  }
  const host = value & 255;
  if (host !== 0 && host !== 255) {
    const mapped = 1 + hash.permute('ipv4-host', `${tag}/${value >>> 8}`, 254, host - 1);
    out = ((out & 0xffffff00) >>> 0) + mapped;
  }
  if (cls.name === 'public' && v4Class(out).name !== 'public') return pseudonymIpv4(hash, value, attempt + 1);
  return out;
}

/** An IPv6 address as eight 16-bit groups, or undefined. Accepts "::", an embedded IPv4 tail and a %zone. */
export function parseIpv6(text: string): { groups: number[]; zone: string } | undefined {
  const [addr, zone = ''] = text.split('%', 2);
  if (!/^[0-9A-Fa-f:.]+$/.test(addr) || !addr.includes(':')) return undefined;
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (i === pieces.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 && head.length !== 8) return undefined;
  if (halves.length === 2 && head.length + tail.length > 7) return undefined;
  const groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  return { groups, zone };
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups shortened to "::". */
export function formatIpv6(groups: number[], zone = ''): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(((groups[6] << 16) >>> 0) + groups[7])}${zone ? `%${zone}` : ''}`;
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text = best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  return zone ? `${text}%${zone}` : text;
}

/**
 * An IPv6 pseudonym: loopback, unspecified and multicast stay; an IPv4-mapped address maps its IPv4 part;
 * link-local keeps fe80::/64; unique-local keeps fd00::/8 with a keyed site and subnet; global addresses
 * move into the documentation prefix 2001:db8::/32 (one original /48 site → one pseudonymous site, one
 * /64 subnet → one subnet). The interface identifier is keyed per address.
 */
export function pseudonymIpv6(hash: KeyedHash, groups: number[], attempt = 0): number[] {
  const zeroHead = groups.slice(0, 5).every((g) => g === 0);
  if (zeroHead && groups[5] === 0 && groups[6] === 0 && groups[7] <= 1) return groups;
  if ((groups[0] & 0xff00) === 0xff00) return groups;
  if (zeroHead && groups[5] === 0xffff) {
    const v4 = pseudonymIpv4(hash, ((groups[6] << 16) >>> 0) + groups[7], attempt);
    return [0, 0, 0, 0, 0, 0xffff, v4 >>> 16, v4 & 0xffff];
  }
  const key = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  const iid = hash.bytes('ipv6-iid', `${attempt}/${key(0, 8)}`, 8);
  const tail = [iid.readUInt16BE(0), iid.readUInt16BE(2), iid.readUInt16BE(4), iid.readUInt16BE(6)];
  if ((groups[0] & 0xffc0) === 0xfe80) return [0xfe80, 0, 0, 0, ...tail];
  const site = hash.bytes('ipv6-site', `${attempt}/${key(0, 3)}`, 6);
  const subnet = hash.permute('ipv6-subnet', `${attempt}/${key(0, 3)}`, 0x10000, groups[3]);
  if ((groups[0] & 0xfe00) === 0xfc00) {
    return [0xfd00 | site[0], site.readUInt16BE(1), site.readUInt16BE(3), subnet, ...tail];
  }
  return [0x2001, 0x0db8, site.readUInt16BE(0), subnet, ...tail];
}
