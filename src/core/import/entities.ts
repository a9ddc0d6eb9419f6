/**
 * Name-only entities. CEF, Graph, Sentinel and XDR name users and computers but rarely carry the AD
 * objectGUID that a Unique Entity Json `Id` is, so the importer derives a deterministic id (a UUIDv5 of
 * the SID, else of the account or host name) and marks the document `IsPartial: true`. The same user
 * imported twice, from any source, gets the same id; the merger then prefers an existing entity file.
 */
import { createHash } from 'node:crypto';
import type { UniqueEntity } from '../model';

/** Our own namespace for UUIDv5 ids of synthesised entities. */
const NAMESPACE = Buffer.from('6f1c7d52c0a94f0b8e4e2b1d9a7c3e10', 'hex');

/** Names repeat on every line of a stream: each distinct one is hashed once (bounded). */
const memo = new Map<string, string>();

export function uuidV5(name: string): string {
  const known = memo.get(name);
  if (known) return known;
  if (memo.size > 100_000) memo.clear();
  const id = computeUuidV5(name);
  memo.set(name, id);
  return id;
}

const HEX = Buffer.from('0123456789abcdef');

/**
 * The UUID in its 36 characters, made as one flat string: ids are compared on every line of a stream (is
 * this entity already on the alert?), and a string joined from pieces is compared piece by piece.
 */
function computeUuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const out = Buffer.allocUnsafe(36);
  for (let i = 0, o = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
    out[o++] = HEX[hash[i]! >> 4]!;
    out[o++] = HEX[hash[i]! & 0x0f]!;
  }
  return out.toString('latin1');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SID = /^S-1-\d+(-\d+)+$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const UPN = /^[^@\s]+@[^@\s]+$/;
const DNS = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/;

export const isGuid = (v: unknown): v is string => typeof v === 'string' && GUID.test(v);
export function isIpAddress(v: string): boolean {
  return IPV4.test(v) || (v.includes(':') && /^[0-9a-f:.]+$/i.test(v) && v.split(':').length >= 3);
}

const clean = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export interface UserFacts {
  name?: string;
  domain?: string;
  sid?: string;
  upn?: string;
  displayName?: string;
  objectGuid?: string;
}

/** A User from whatever names a source gives; `fqdn\name` and `name@domain` are split. */
export function userEntity(facts: UserFacts): UniqueEntity | undefined {
  let name = clean(facts.name);
  let domain = clean(facts.domain);
  if (name?.includes('\\')) [domain, name] = [name.slice(0, name.lastIndexOf('\\')), name.slice(name.lastIndexOf('\\') + 1)];
  const upn = clean(facts.upn) ?? (name && UPN.test(name) ? name : undefined);
  if (name && UPN.test(name)) [name, domain] = [name.split('@')[0], domain ?? name.split('@')[1]];
  const sid = clean(facts.sid) && SID.test(facts.sid!.trim()) ? facts.sid!.trim().toUpperCase() : undefined;
  const display = clean(facts.displayName) ?? name ?? upn;
  if (!display && !sid) return undefined;
  // A name with spaces is a display name ("Pam Beesly"), not an account name.
  const sam = name && !/\s/.test(name) ? name : undefined;
  const key = sid ?? (sam ? `${(domain ?? '').toLowerCase()}\\${sam.toLowerCase()}` : `display:${display!.toLowerCase()}`);
  const id = isGuid(facts.objectGuid) ? facts.objectGuid.toLowerCase() : uuidV5(`user:${key}`);
  const e: UniqueEntity = { $type: 'User', Id: id, SystemDisplayName: display ?? sid! };
  if (sam) e.SamName = sam;
  if (upn && UPN.test(upn)) e.UpnName = upn;
  if (sid) e.Sid = sid;
  if (domain) e.DomainName = domain;
  if (!isGuid(facts.objectGuid)) e.IsPartial = true;
  return e;
}

export interface ComputerFacts {
  name?: string;
  dnsName?: string;
  domain?: string;
  os?: string;
  ip?: string;
}

/** A Computer from a host name (short or FQDN); an IP address alone stays `computer <ip>`. */
export function computerEntity(facts: ComputerFacts): UniqueEntity | undefined {
  const given = clean(facts.name) ?? clean(facts.dnsName);
  if (!given) return facts.ip ? ipEntity(facts.ip) : undefined;
  if (isIpAddress(given)) return ipEntity(given);
  const short = given.split('.')[0]!.replace(/\$$/, '');
  let dns = clean(facts.dnsName) ?? (given.includes('.') ? given : undefined);
  if (!dns && facts.domain && facts.domain.includes('.')) dns = `${short}.${facts.domain}`;
  const e: UniqueEntity = { $type: 'Computer', Id: uuidV5(`computer:${short.toLowerCase()}`), SystemDisplayName: short.toUpperCase() };
  if (/^[^\s"/\\[\]:;|=,+*?<>]+$/.test(short)) e.SamName = `${short.toUpperCase()}$`;
  if (dns && DNS.test(dns.replace(/\.$/, ''))) e.DnsName = dns.toLowerCase();
  if (clean(facts.os)) e.OperatingSystemDisplayName = facts.os!.trim();
  if (facts.ip && isIpAddress(facts.ip.trim())) e.IpAddress = facts.ip.trim();
  e.IsPartial = true;
  return e;
}

/** The contract's unresolved computer: `computer <ip>`. */
export function ipEntity(ip: string): UniqueEntity {
  const a = ip.trim();
  const e: UniqueEntity = { $type: 'Computer', Id: `computer ${a}`, SystemDisplayName: a };
  if (IPV4.test(a) || isIpAddress(a)) e.IpAddress = a;
  return e;
}

export function groupEntity(facts: { id?: string; name?: string; sid?: string }): UniqueEntity | undefined {
  const name = clean(facts.name);
  const sid = clean(facts.sid) && SID.test(facts.sid!.trim()) ? facts.sid!.trim().toUpperCase() : undefined;
  if (!name && !sid) return undefined;
  const e: UniqueEntity = { $type: 'Group', Id: isGuid(facts.id) ? facts.id.toLowerCase() : uuidV5(`group:${sid ?? name!.toLowerCase()}`), SystemDisplayName: name ?? sid! };
  if (sid) e.Sid = sid;
  if (!isGuid(facts.id)) e.IsPartial = true;
  return e;
}

/** Later facts fill what earlier ones lacked; nothing known is overwritten. */
export function mergeEntity(into: UniqueEntity, more: UniqueEntity): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(more)) {
    if (k === 'IsPartial' || v === undefined || v === null) continue;
    if (into[k] === undefined || into[k] === null) {
      into[k] = v;
      changed = true;
    }
  }
  return changed;
}

/** Collects entities by id, merging the facts of repeated mentions. */
export class EntityBag {
  private readonly byId = new Map<string, UniqueEntity>();
  add(e: UniqueEntity | undefined): string | undefined {
    if (!e) return undefined;
    const known = this.byId.get(e.Id);
    if (known) mergeEntity(known, e);
    else this.byId.set(e.Id, { ...e });
    return e.Id;
  }
  values(): UniqueEntity[] {
    return [...this.byId.values()];
  }
}
