// Finding identities: structurally first (entity and profile attributes, alert entity references,
// accessed resources, activity sources and destinations, ledger authors and exclusions), then by pattern
// in every string that is content (addresses, SIDs, GUIDs, mail addresses, DOMAIN\name, URL hosts, host
// names under a known domain). Only registration happens here; pseudonyms are assigned afterwards.
import { COMPUTER_ROLES, PUBLIC_SUFFIXES, GENERIC_LABELS } from './words';
import { parseIpv4, parseIpv6 } from './addresses';
import type { ScrubMapping } from './mapping';
import { isWordChar } from './tokens';
import { STRUCTURAL_FIELDS, schemaPropertyNames } from './fields';

type Json = Record<string, unknown>;
const SERVICE_ACCOUNT = /^(?:svc|srv|sa|gmsa|msa|app|sys|service)[-_.]/i;
/** Words that make a display name a job's rather than a person's. */
const ROLE_WORDS: ReadonlySet<string> = new Set([...COMPUTER_ROLES, 'SERVICE', 'ACCOUNT', 'BACKUP', 'SYNC', 'ADMIN', 'ADMINISTRATOR', 'SYSTEM', 'TEST', 'HONEYTOKEN']);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Splits "Jonas Whitfield (admin)" or "Whitfield, Jonas" into given name and surname; registers every name word. */
export function registerPerson(m: ScrubMapping, display: string): { givenName: string; surname: string } | undefined {
  const core = display.replace(/\s*[([].*$/, '').trim();
  const comma = /^([^,]+),\s*(.+)$/.exec(core);
  const words = (comma ? [...comma[2].split(/\s+/), comma[1]] : core.split(/\s+/)).filter((w) => /\p{L}/u.test(w));
  if (words.some((w) => ROLE_WORDS.has(w.toUpperCase()))) return undefined; // "SQL Service": a job, not a person
  if (words.length === 0) return undefined;
  if (words.length === 1) {
    m.register('given', words[0]);
    return undefined;
  }
  words.forEach((w, i) => m.register(i === words.length - 1 ? 'surname' : 'given', w));
  return { givenName: words[0], surname: words[words.length - 1] };
}

/** Registers the own labels of a DNS name (not TLDs, generic labels or Microsoft service suffixes), part by part. */
export function registerDomain(m: ScrubMapping, dns: string): void {
  const name = dns.replace(/\.$/, '').toLowerCase();
  if (name.includes('.')) m.domains.add(name);
  const suffix = PUBLIC_SUFFIXES.filter((s) => name === s || name.endsWith(`.${s}`)).sort((a, b) => b.length - a.length)[0];
  const own = suffix ? name.slice(0, Math.max(0, name.length - suffix.length - 1)) : name;
  const labels = own.split('.').filter(Boolean);
  labels.forEach((label, i) => {
    if (!suffix && i === labels.length - 1 && labels.length > 1 && /^[a-z]{2}$/.test(label)) return;
    for (const part of label.split('-')) if (part && !GENERIC_LABELS.has(part) && !/^\d+$/.test(part)) m.register('label', part);
  });
}

/** "dc1.contoso.com": the first label is the computer, the rest the domain. */
export function registerHost(m: ScrubMapping, fqdn: string, role?: string): void {
  if (parseIpv4(fqdn) !== undefined || parseIpv6(fqdn)) return registerAddress(m, fqdn);
  const at = fqdn.indexOf('.');
  m.register('computer', at < 0 ? fqdn : fqdn.slice(0, at), { role });
  if (at > 0) registerDomain(m, fqdn.slice(at + 1));
}

function registerAddress(m: ScrubMapping, ip: string): void {
  m.register('ip', ip);
  if (parseIpv4(ip) !== undefined) {
    m.registerVariant('ip', ip, '-');
    m.registerVariant('ip', ip, '_');
  }
}

/** name@domain: a user name (with the person's names as a hint) and the domain. */
export function registerMail(m: ScrubMapping, address: string, hint?: { givenName: string; surname: string }): void {
  const at = address.lastIndexOf('@');
  if (at <= 0) return void m.register('user', address, { hint });
  m.register('user', address.slice(0, at), { hint });
  registerDomain(m, address.slice(at + 1));
}

/** CN=…,OU=…,DC=…: CN values by the entity's kind, DC labels as the domain. */
function registerDn(m: ScrubMapping, dn: string, cnKind: 'user' | 'computer' | 'group' | 'person'): void {
  for (const rdn of dn.match(/(?:[^,\\]|\\.)+/g) ?? []) {
    const eq = rdn.indexOf('=');
    if (eq < 0) continue;
    const type = rdn.slice(0, eq).trim().toUpperCase();
    const value = rdn.slice(eq + 1).trim().replace(/\\(.)/g, '$1');
    if (type === 'DC') registerDomain(m, value);
    else if (type === 'CN' && value) {
      if (cnKind === 'computer') m.register('computer', value.replace(/\$$/, ''));
      else if (cnKind === 'group') m.register('group', value);
      else if (/\s|,/.test(value)) registerPerson(m, value);
      else m.register('user', value);
    }
  }
}

export function collectEntity(m: ScrubMapping, e: Json): void {
  const type = str(e.$type) ?? '';
  const name = str(e.SystemDisplayName);
  const sam = str(e.SamName);
  if (type === 'User') {
    const service = sam !== undefined && SERVICE_ACCOUNT.test(sam);
    // A display name that only repeats the account name (name-only entities of an import) is no person's name.
    const person = name && !service && name.toLowerCase() !== sam?.replace(/\$$/, '').toLowerCase();
    const hint = person ? registerPerson(m, name) : undefined;
    if (sam) m.register('user', sam.replace(/\$$/, ''), { hint });
    for (const mail of [str(e.UpnName), str(e.Mail)]) if (mail) registerMail(m, mail, hint);
    if (str(e.DistinguishedName)) registerDn(m, e.DistinguishedName as string, name && /\s/.test(name) ? 'person' : 'user');
  } else if (type === 'Computer') {
    const role = e.IsDomainController === true ? 'DC' : undefined;
    if (sam) registerHost(m, sam.replace(/\$$/, ''), role);
    if (name) registerHost(m, name, role);
    if (str(e.DnsName)) registerHost(m, e.DnsName as string, role);
    if (str(e.DistinguishedName)) registerDn(m, e.DistinguishedName as string, 'computer');
  } else if (type === 'Group') {
    for (const n of [name, sam]) if (n) m.register('group', n);
    if (name) m.registerVariant('group', name, '-');
    if (str(e.DistinguishedName)) registerDn(m, e.DistinguishedName as string, 'group');
  } else if (type === 'Domain') {
    for (const n of [name, str(e.DnsName)]) if (n) registerDomain(m, n);
    if (str(e.DistinguishedName)) registerDn(m, e.DistinguishedName as string, 'group');
  } else {
    if (name && /\s/.test(name)) registerPerson(m, name);
    else if (name) m.register('user', name);
    if (sam) m.register('user', sam.replace(/\$$/, ''));
    if (str(e.DistinguishedName)) registerDn(m, e.DistinguishedName as string, 'person');
  }
  const canonical = str(e.CanonicalName);
  if (canonical) registerDomain(m, canonical.split('/')[0]);
  if (str(e.Sid)) m.register('sid', e.Sid as string);
  if (str(e.PhoneNumber)) m.register('phone', e.PhoneNumber as string);
  if (str(e.IpAddress)) registerAddress(m, e.IpAddress as string);
}

/** Keys of free-form details that name a user, a computer or a domain. */
const USER_KEY = /(user|account)(name)?$/i;
const HOST_KEY = /(workstation|computer|host|machine|device)(name)?$/i;
const DOMAIN_KEY = /domain(name)?$/i;

function collectDetails(m: ScrubMapping, details: unknown): void {
  for (const [k, v] of Object.entries(obj(details))) {
    const value = str(v);
    if (!value) continue;
    if (HOST_KEY.test(k)) registerHost(m, value.replace(/\$$/, ''));
    else if (DOMAIN_KEY.test(k)) registerDomain(m, value);
    else if (USER_KEY.test(k)) {
      if (value.includes('@')) registerMail(m, value);
      else if (value.includes('\\')) m.register('user', value.slice(value.indexOf('\\') + 1));
      else m.register(value.endsWith('$') ? 'computer' : 'user', value.replace(/\$$/, ''));
    }
  }
}

export function collectAlert(m: ScrubMapping, a: Json): void {
  for (const r of arr(a.accessedResources)) {
    const o = obj(r);
    if (str(o.computer)) registerHost(m, o.computer as string);
    const name = str(o.name);
    if (name && o.type === 'Computer') registerHost(m, name.includes('/') ? name.split('/')[1] : name);
    else if (name && /^[\w-]+\/[\w.-]+/.test(name)) registerHost(m, name.split('/')[1].split(':')[0]);
  }
  for (const n of arr(a.networkActivities)) {
    const o = obj(n);
    for (const side of [obj(o.source), obj(o.destination)]) if (str(side.ip)) registerAddress(m, side.ip as string);
    collectDetails(m, o.details);
  }
  for (const e of arr(a.eventActivities)) collectDetails(m, obj(e).details);
}

/** "Avery Lindqvist <avery.lindqvist@contoso.com>" (the ledger's author form), or a bare name. */
function registerAuthor(m: ScrubMapping, author: string): void {
  const match = /^(.*?)\s*<([^>]+)>\s*$/.exec(author);
  const name = match ? match[1] : author;
  const hint = name.trim() ? registerPerson(m, name) : undefined;
  if (match) registerMail(m, match[2], hint);
}

export function collectLedger(m: ScrubMapping, l: Json): void {
  for (const record of Object.values(obj(l.alerts))) {
    const r = obj(record);
    if (str(r.author)) registerAuthor(m, r.author as string);
    for (const h of arr(r.history)) if (str(obj(h).author)) registerAuthor(m, obj(h).author as string);
  }
  for (const x of arr(l.exclusions)) {
    const o = obj(x);
    if (str(o.author)) registerAuthor(m, o.author as string);
    if (str(o.entityName)) registerHost(m, o.entityName as string);
  }
}

// ---- patterns ----------------------------------------------------------------------------------------

const IPV4_TEXT = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g;
const IPV6_TEXT = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.-]+)?(?![\w:])/gi;
const SID_TEXT = /(?<![\w-])S-1-\d+(?:-\d+)+(?![\w-])/gi;
const GUID_TEXT = /(?<![\w-])(?:aa)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/gi;
const OBJECT_ID_TEXT = /(?<![\w-])[0-9a-f]{24}(?![\w-])/gi;
const MAIL_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const DOWN_LEVEL_TEXT = /(?<![\\\w])([A-Za-z][\w-]{0,14})\\([\w.$-]+)/g;
const UNC_TEXT = /\\\\([\w.-]+)\\/g;
const URL_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s"]*@)?([^/\s?#:"\]]+)/gi;

/** Well-known GUIDs (protocol and schema ids shared by every domain) that stay as they are. */
const WELL_KNOWN_GUIDS: ReadonlySet<string> = new Set([
  'e3514235-4b06-11d1-ab04-00c04fc2dcd2', // directory replication service (DRS) SPN class
  '00000000-0000-0000-0000-000000000000',
  '1131f6aa-9c07-11d1-f79f-00c04fc2dcd2', '1131f6ad-9c07-11d1-f79f-00c04fc2dcd2', '89e95b76-444d-4c62-991a-0facbeda640c', // DCSync rights
]);

export class PatternCollector {
  private domainSuffixes: string[] | undefined;

  /** `structuralValues` receives the strings of structural fields (to know which tokens also occur in structure). */
  constructor(private readonly m: ScrubMapping, private readonly structuralValues?: Set<string>) {}

  /**
   * Host names under a domain seen anywhere ("srv9.contoso.com" when contoso.com is known), in any text
   * or JSON value. Call after every document was collected and scanned: the domains are known then.
   */
  scanHosts(value: unknown): void {
    this.domainSuffixes ??= [...new Set([...this.m.domains].filter((d) => d.includes('.')))].map((d) => `.${d}`);
    if (this.domainSuffixes.length === 0) return;
    const visit = (v: unknown): void => {
      if (typeof v === 'string') this.hostsIn(v);
      else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { visit(k); visit(x); }
    };
    visit(value);
  }

  /** "label.<known domain>" found by searching for the domain and reading the label before it (faster than a regex with look-behind). */
  private hostsIn(text: string): void {
    if (!text.includes('.')) return;
    const lower = text.toLowerCase();
    for (const suffix of this.domainSuffixes!) {
      for (let at = lower.indexOf(suffix); at >= 0; at = lower.indexOf(suffix, at + 1)) {
        const end = at + suffix.length;
        if (end < lower.length && (isWordChar(lower.charCodeAt(end)) || lower.charCodeAt(end) === 45)) continue; // a longer name
        let start = at;
        while (start > 0 && (isWordChar(lower.charCodeAt(start - 1)) || lower.charCodeAt(start - 1) === 45)) start--;
        if (start === at || (start > 0 && lower.charCodeAt(start - 1) === 46) || /^\d+$/.test(lower.slice(start, at))) continue;
        this.m.register('computer', text.slice(start, at));
      }
    }
  }

  /** Registers every identity a content string shows by its form. */
  scan(text: string): void {
    const m = this.m;
    if (text.length < 3) return;
    if (text.includes('.')) for (const [ip] of text.matchAll(IPV4_TEXT)) registerAddress(m, ip);
    if (text.includes(':')) {
      for (const [ip] of text.matchAll(IPV6_TEXT)) if ((ip.includes('::') || ip.split(':').length >= 8) && parseIpv6(ip) && ip.length > 2) m.register('ip', ip);
      if (text.includes('://')) for (const hit of text.matchAll(URL_TEXT)) if (parseIpv4(hit[1]) === undefined) registerDomain(m, hit[1]);
    }
    if (text.includes('-')) {
      for (const [sid] of text.matchAll(SID_TEXT)) m.register('sid', sid);
      if (text.length >= 36) for (const [g] of text.matchAll(GUID_TEXT)) if (!WELL_KNOWN_GUIDS.has(g.toLowerCase())) m.register('guid', g);
    }
    if (text.length >= 24 && /[0-9a-f]{24}/i.test(text)) for (const [id] of text.matchAll(OBJECT_ID_TEXT)) if (/\d/.test(id) && /[a-f]/i.test(id)) m.register('objectId', id);
    if (text.includes('@')) for (const [mail] of text.matchAll(MAIL_TEXT)) registerMail(m, mail);
    if (text.includes('\\')) {
      for (const hit of text.matchAll(UNC_TEXT)) registerHost(m, hit[1]);
      for (const hit of text.matchAll(DOWN_LEVEL_TEXT)) {
        if (!GENERIC_LABELS.has(hit[1].toLowerCase()) && !/^(nt authority|builtin)$/i.test(hit[1])) registerDomain(m, hit[1]);
        m.register(hit[2].endsWith('$') ? 'computer' : 'user', hit[2].replace(/\$$/, ''));
      }
    }
  }

  /** Scans every content string (values and non-schema keys) of a JSON value. */
  scanJson(value: unknown, key?: string): void {
    if (typeof value === 'string') {
      if (key === undefined || !STRUCTURAL_FIELDS.has(key)) this.scan(value);
      else this.structuralValues?.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) this.scanJson(v, key);
    } else if (value && typeof value === 'object') {
      const schemaKeys = schemaPropertyNames();
      for (const [k, v] of Object.entries(value)) {
        if (!schemaKeys.has(k)) this.scan(k);
        this.scanJson(v, k);
      }
    }
  }
}

