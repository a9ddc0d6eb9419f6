/**
 * Finding the workspace's entity file for a name-only entity: same `Id`, else same `Sid`, else same
 * `DnsName`, else same `SamName` in the same domain (NetBIOS `CONTOSO` or DNS `contoso.com` alike).
 */
import type { UniqueEntity } from '../model';

const lower = (v: unknown) => (typeof v === 'string' && v ? v.toLowerCase() : undefined);

/** Domain names an entity is known under: the UPN suffix, the DNS suffix, the DN's DC= parts, each with its first label. */
function domainsOf(e: UniqueEntity): Set<string> {
  const out = new Set<string>();
  const add = (d: string | undefined) => {
    if (!d) return;
    out.add(d.toLowerCase());
    out.add(d.toLowerCase().split('.')[0]!);
  };
  if (typeof e.UpnName === 'string') add(e.UpnName.split('@')[1]);
  if (typeof e.DnsName === 'string' && e.DnsName.includes('.')) add(e.DnsName.slice(e.DnsName.indexOf('.') + 1));
  if (typeof e.DistinguishedName === 'string') {
    const dc = [...e.DistinguishedName.matchAll(/DC=([^,]+)/gi)].map((m) => m[1]);
    if (dc.length) add(dc.join('.'));
  }
  if (typeof e.DomainName === 'string') add(e.DomainName);
  return out;
}

export class EntityMatcher {
  private readonly byId = new Map<string, UniqueEntity>();
  private readonly bySid = new Map<string, UniqueEntity>();
  private readonly byDns = new Map<string, UniqueEntity>();
  private readonly bySam = new Map<string, UniqueEntity[]>();

  constructor(existing: Iterable<UniqueEntity>) {
    for (const e of existing) this.add(e);
  }

  add(e: UniqueEntity): void {
    const id = lower(e.Id);
    if (id && !this.byId.has(id)) this.byId.set(id, e);
    const sid = lower(e.Sid);
    if (sid && !this.bySid.has(sid)) this.bySid.set(sid, e);
    const dns = lower(e.DnsName);
    if (dns && e.$type === 'Computer' && !this.byDns.has(dns)) this.byDns.set(dns, e);
    const sam = lower(e.SamName);
    if (sam) this.bySam.set(`${e.$type}|${sam}`, [...(this.bySam.get(`${e.$type}|${sam}`) ?? []), e]);
  }

  match(e: UniqueEntity): UniqueEntity | undefined {
    const byId = this.byId.get(lower(e.Id)!);
    if (byId) return byId;
    if (String(e.Id).startsWith('computer ')) return undefined;
    const sid = lower(e.Sid);
    if (sid && this.bySid.has(sid)) return this.bySid.get(sid);
    const dns = lower(e.DnsName);
    if (dns && e.$type === 'Computer' && this.byDns.has(dns)) return this.byDns.get(dns);
    const sam = lower(e.SamName);
    if (!sam) return undefined;
    const candidates = (this.bySam.get(`${e.$type}|${sam}`) ?? []).filter((c) => c.$type === e.$type);
    const domain = lower(e.DomainName) ?? (typeof e.DnsName === 'string' && e.DnsName.includes('.') ? lower(e.DnsName.slice(e.DnsName.indexOf('.') + 1)) : undefined);
    if (domain) {
      const same = candidates.filter((c) => domainsOf(c).has(domain) || domainsOf(c).has(domain.split('.')[0]!));
      return same.length === 1 ? same[0] : undefined;
    }
    // No domain known: a unique account name is the same account.
    return candidates.length === 1 ? candidates[0] : undefined;
  }
}
