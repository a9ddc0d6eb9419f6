// SID pseudonyms: a SID stays a valid SID of the same form, one real domain gives one pseudonymous domain
// part, and relative ids keep their meaning where they have one (the well-known ones below 1000).
import { type KeyedHash } from './keyed';

const SID = /^(S)-1-(\d+)((?:-\d+)+)$/i;
const FIRST_DOMAIN_RID = 1000;

/** `count` sub-authorities for a domain; real ones are random 32-bit numbers, so these stay in the upper range. */
export function domainSidParts(hash: KeyedHash, domain: string, count: number): number[] {
  const bytes = hash.bytes('sid-domain', domain, 4 * count);
  return Array.from({ length: count }, (_, i) => 0x40000000 + (bytes.readUInt32BE(4 * i) % 0xc0000000));
}

/** Another RID with the same number of digits, by a keyed permutation per domain (two accounts never meet). */
function pseudonymRid(hash: KeyedHash, domain: string, rid: number, attempt: number): number {
  if (rid < FIRST_DOMAIN_RID || !Number.isSafeInteger(rid) || rid > 0xffffffff) return rid;
  const digits = String(rid).length;
  const low = Math.max(FIRST_DOMAIN_RID, 10 ** (digits - 1));
  const high = Math.min(0x100000000, 10 ** digits);
  return low + hash.permute('sid-rid', `${attempt}/${domain}/${digits}`, high - low, rid - low);
}

/**
 * S-1-5-21-a-b-c[-RID]: the domain part maps as a whole (any number of parts; a RID is the fifth or later
 * sub-authority); other SIDs keep every sub-authority below 1000 and key the rest, so well-known SIDs
 * (S-1-5-18, S-1-5-32-544) come back unchanged.
 */
export function pseudonymSid(hash: KeyedHash, original: string, attempt: number): string {
  const m = SID.exec(original.trim());
  if (!m) return original;
  const authority = m[2];
  const subs = m[3].slice(1).split('-').map(Number);
  const head = `${m[1]}-1-${authority}`;
  if (authority === '5' && subs[0] === 21 && subs.length >= 2) {
    const hasRid = subs.length >= 5;
    const domain = (hasRid ? subs.slice(1, -1) : subs.slice(1)).join('-');
    const parts = [21, ...domainSidParts(hash, domain, subs.length - 1 - (hasRid ? 1 : 0))];
    if (hasRid) parts.push(pseudonymRid(hash, domain, subs[subs.length - 1], attempt));
    return `${head}-${parts.join('-')}`;
  }
  if (subs.every((s) => s < FIRST_DOMAIN_RID)) return original.trim();
  const bytes = hash.bytes('sid-other', `${attempt}/${original.trim().toLowerCase()}`, 4 * subs.length);
  return `${head}-${subs.map((s, i) => (s < FIRST_DOMAIN_RID ? s : bytes.readUInt32BE(4 * i))).join('-')}`;
}
