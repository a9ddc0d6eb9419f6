// The pseudonym generator: one keyed, deterministic, format-preserving function per kind of identity.
//
// Both the pseudonymiser (which replaces real identities in fixtures) and the fixture scaffolder (which
// invents new ones) use this module, so a scaffolded "user #3 of seed S" and a scrubbed real user look alike
// and follow the same rules. Every function takes a string: a real value to replace, or any seed text when
// there is no original (`p.user('my-seed#3')`). The same key and input always give the same output; another
// key gives unrelated output; without the key nothing can be reversed (HMAC-SHA-256 underneath).
//
// `attempt` (default 0) asks for the next candidate: a caller that finds two originals sharing a pseudonym,
// or a pseudonym that happens to contain an original, asks again with attempt + 1.
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6, pseudonymIpv4, pseudonymIpv6 } from './addresses';
import { KeyedHash, keyedDigits, matchCase } from './keyed';
import { domainSidParts, pseudonymSid } from './sids';
import { keyedPhone, keyedShape } from './shapes';
import {
  COMPUTER_ROLES, GENERIC_LABELS, GIVEN_NAMES, GROUP_KIND_WORDS, HOST_WORDS, ORG_WORD_COUNT, PUBLIC_SUFFIXES, SERVICE_WORDS, SURNAME_COUNT,
  WELL_KNOWN_ACCOUNTS, WELL_KNOWN_GROUPS, orgWordAt, surnameAt,
} from './words';

export interface Person {
  givenName: string;
  surname: string;
  /** "Given Surname". */
  displayName: string;
  /** sAMAccountName style: initial and surname, lower case ("amarwick"). */
  samName: string;
}

/** Real given name and surname of the person behind a user name, when known (from the display name). */
export interface NameHint {
  givenName: string;
  surname: string;
  /** How the caller maps the hint's parts (its own consistent mapping); default: this generator's. */
  nameOf?: (part: 'given' | 'surname', original: string) => string;
}

const ADMIN_PREFIX = /^((?:adm|admin|a|da|ea|t0|t1|t2|priv|x)[-_.])(.+)$/i;
const SERVICE_PREFIX = /^((?:svc|srv|sa|gmsa|msa|app|sys|service)[-_.])(.+)$/i;
const ADMIN_SUFFIX = /^(.+?)([-_.](?:adm|admin|a|da|ea|t0|t1|t2|priv))$/i;
const SID = /^S-1-\d+(?:-\d+)+$/i;
const GUID = /^(\{?)([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})(\}?)$/i;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

const norm = (s: string): string => s.normalize('NFC').trim().toLowerCase();

export class Pseudonyms {
  private readonly hash: KeyedHash;

  /** `key`: the secret key's bytes (a key file's content) or text. */
  constructor(key: Uint8Array | string) {
    this.hash = new KeyedHash(typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
  }

  // ---- people ---------------------------------------------------------------------------------------

  givenName(original: string, attempt = 0): string {
    return GIVEN_NAMES[this.hash.below('given', `${attempt}/${norm(original)}`, GIVEN_NAMES.length)];
  }

  surname(original: string, attempt = 0): string {
    return surnameAt(this.hash.below('surname', `${attempt}/${norm(original)}`, SURNAME_COUNT));
  }

  /** A whole invented person from a seed: what a scaffolder asks for ("user #3 of seed S"). */
  person(seed: string, attempt = 0): Person {
    const givenName = this.givenName(`person/${seed}`, attempt);
    const surname = this.surname(`person/${seed}`, attempt);
    return { givenName, surname, displayName: `${givenName} ${surname}`, samName: (givenName[0] + surname).toLowerCase() };
  }

  /** Short for `userName(seed)`: a sAMAccountName-style user name. */
  user(seedOrOriginal: string, attempt = 0): string {
    return this.userName(seedOrOriginal, { attempt });
  }

  /**
   * A user name (sAMAccountName) that keeps its shape: admin and service prefixes and suffixes
   * ("adm-", "svc-", "-a"), separators ("first.last"), trailing digits, a final `$` and the letter case.
   * With a hint (the real given name and surname) "jwhitfield" becomes the initial of the given name's
   * pseudonym and the surname's pseudonym, so it agrees with the pseudonymised display name.
   * Built-in accounts (Administrator, krbtgt, Guest…) keep their names.
   */
  userName(original: string, options: { attempt?: number; hint?: NameHint } = {}): string {
    const attempt = options.attempt ?? 0;
    const dollar = original.endsWith('$') ? '$' : '';
    const name = dollar ? original.slice(0, -1) : original;
    if (WELL_KNOWN_ACCOUNTS.has(norm(name))) return original;
    const service = SERVICE_PREFIX.exec(name);
    if (service) {
      const word = SERVICE_WORDS[this.hash.below('service', `${attempt}/${norm(service[2])}`, SERVICE_WORDS.length)];
      return service[1] + matchCase(service[2], word + keyedDigits(this.hash, 'service-digits', `${attempt}/${norm(service[2])}`, 2)) + dollar;
    }
    const prefix = ADMIN_PREFIX.exec(name);
    if (prefix) return prefix[1] + this.userName(prefix[2], options) + dollar;
    const suffix = ADMIN_SUFFIX.exec(name);
    if (suffix) return this.userName(suffix[1], options) + suffix[2] + dollar;
    const digits = /\d+$/.exec(name)?.[0] ?? '';
    const letters = name.slice(0, name.length - digits.length);
    const tail = digits ? keyedDigits(this.hash, 'user-digits', `${attempt}/${norm(name)}`, digits.length) : '';
    return matchCase(letters || name, this.personalName(letters || name, attempt, options.hint)) + tail + dollar;
  }

  private personalName(body: string, attempt: number, hint?: NameHint): string {
    const lower = norm(body);
    if (hint) {
      const given = norm(hint.givenName);
      const sur = norm(hint.surname);
      const g = hint.nameOf?.('given', hint.givenName) ?? this.givenName(hint.givenName, attempt);
      const s = hint.nameOf?.('surname', hint.surname) ?? this.surname(hint.surname, attempt);
      for (const sep of ['', '.', '_', '-']) {
        if (lower === `${given}${sep}${sur}`) return `${g}${sep}${s}`;
        if (lower === `${given[0]}${sep}${sur}`) return `${g[0]}${sep}${s}`;
        if (lower === `${sur}${sep}${given}`) return `${s}${sep}${g}`;
        if (lower === `${sur}${sep}${given[0]}`) return `${s}${sep}${g[0]}`;
      }
      if (lower === given) return g;
      if (lower === sur) return s;
    }
    const parts = /^([^._-]+)([._-])([^._-]+)$/.exec(body);
    if (parts) return `${this.givenName(parts[1], attempt)}${parts[2]}${this.surname(parts[3], attempt)}`;
    return (this.givenName(body, attempt)[0] + this.surname(body, attempt)).toLowerCase();
  }

  /**
   * A person's display name: "Jonas Whitfield (admin)" → "Nora Marwick (admin)"; "Whitfield, Jonas" keeps
   * its comma order; middle names become initials; a bracketed remark is kept.
   */
  displayName(original: string, attempt = 0): string {
    const m = /^(.*?)(\s*[([].*)?$/.exec(original.trim())!;
    const core = m[1];
    const remark = m[2] ?? '';
    const comma = /^([^,]+),\s*(.+)$/.exec(core);
    if (comma) return `${this.surname(comma[1], attempt)}, ${this.givenName(comma[2].split(/\s+/)[0], attempt)}${remark}`;
    const words = core.split(/\s+/).filter(Boolean);
    if (words.length === 0) return original;
    if (words.length === 1) return this.givenName(words[0], attempt) + remark;
    const middle = words.slice(1, -1).map((w) => `${this.givenName(w, attempt)[0]}.`);
    return [this.givenName(words[0], attempt), ...middle, this.surname(words[words.length - 1], attempt)].join(' ') + remark;
  }

  /** A group name: built-in groups stay; otherwise a keyed word, keeping a final kind word ("Finance Staff" → "Ironvale Staff"). */
  group(original: string, attempt = 0): string {
    if (WELL_KNOWN_GROUPS.has(norm(original))) return original;
    const words = original.trim().split(/\s+/);
    const last = words.length > 1 && GROUP_KIND_WORDS.has(norm(words[words.length - 1])) ? ` ${words[words.length - 1]}` : '';
    const word = orgWordAt(this.hash.below('group', `${attempt}/${norm(original)}`, ORG_WORD_COUNT));
    return word.charAt(0).toUpperCase() + word.slice(1) + last;
  }

  // ---- computers and domains ---------------------------------------------------------------------

  /**
   * A computer name: keeps a final `$`, the letter case and a role hint (DC, SRV, SQL, FILE, WS, LT, …, or
   * `role` when the caller knows better, e.g. 'DC' for an entity with IsDomainController), then a keyed
   * host word and two digits: "DC1" → "DC-KESTREL42", "WS-FIN-07" → "WS-ORCA17". At most 15 characters
   * (the NetBIOS limit). An IPv4 address given as a name is pseudonymised as an address.
   */
  computer(original: string, options: { attempt?: number; role?: string } = {}): string {
    const attempt = options.attempt ?? 0;
    const dollar = original.endsWith('$') ? '$' : '';
    const name = dollar ? original.slice(0, -1) : original;
    if (parseIpv4(name) !== undefined) return this.ip(name, attempt) + dollar;
    const role = options.role ?? roleOf(name);
    const word = HOST_WORDS[this.hash.below('computer', `${attempt}/${norm(name)}`, HOST_WORDS.length)];
    // Two digits first; later attempts (a large fleet has more machines per role than words × 100) take more.
    const digits = keyedDigits(this.hash, 'computer-digits', `${attempt}/${norm(name)}`, Math.min(6, 2 + Math.floor(attempt / 8)));
    const head = role ? `${role}-` : '';
    const out = head + word.slice(0, Math.max(3, 15 - head.length - digits.length)) + digits;
    return matchCase(name, out) + dollar;
  }

  /**
   * A DNS domain or a NetBIOS domain name, label by label so that "contoso.com", "CONTOSO",
   * "DC=contoso,DC=com" and "contoso-corp.atp.azure.com" agree: top-level and generic labels (com, local,
   * corp…) and Microsoft service suffixes (atp.azure.com…) stay, every other label (or hyphenated part)
   * becomes a keyed organisation-like word.
   */
  domain(original: string, attempt = 0): string {
    const dot = original.endsWith('.') ? '.' : '';
    const name = dot ? original.slice(0, -1) : original;
    const lower = name.toLowerCase();
    const suffix = PUBLIC_SUFFIXES.filter((s) => lower === s || lower.endsWith(`.${s}`)).sort((a, b) => b.length - a.length)[0];
    const own = suffix ? name.slice(0, Math.max(0, name.length - suffix.length - 1)) : name;
    const labels = own ? own.split('.') : [];
    const mapped = labels.map((label, i) => {
      const isTld = !suffix && i === labels.length - 1 && labels.length > 1 && /^[a-z]{2}$/i.test(label);
      return isTld ? label : this.domainLabel(label, attempt);
    });
    if (suffix) mapped.push(name.slice(name.length - suffix.length));
    return mapped.join('.') + dot;
  }

  /** One domain label: generic parts stay, the others become keyed words ("contoso-corp" → "cedarcrest-corp"). */
  domainLabel(label: string, attempt = 0): string {
    return label.split('-').map((part) => {
      if (!part || GENERIC_LABELS.has(part.toLowerCase()) || /^\d+$/.test(part)) return part;
      return matchCase(part, orgWordAt(this.hash.below('domain', `${attempt}/${norm(part)}`, ORG_WORD_COUNT)));
    }).join('-');
  }

  /** A host's FQDN: the first label as a computer name, the rest as a domain ("dc1.contoso.com" → "dc-kestrel42.ironvale.com"). */
  hostName(fqdn: string, attempt = 0): string {
    const at = fqdn.indexOf('.');
    if (at < 0) return this.computer(fqdn, { attempt });
    if (parseIpv4(fqdn) !== undefined) return this.ip(fqdn, attempt);
    return this.computer(fqdn.slice(0, at), { attempt }) + '.' + this.domain(fqdn.slice(at + 1));
  }

  // ---- composite names ---------------------------------------------------------------------------

  /** name@domain (UPN or mail): the user name and the domain each pseudonymised. */
  upn(original: string, attempt = 0): string {
    const at = original.lastIndexOf('@');
    if (at <= 0) return this.userName(original, { attempt });
    return this.userName(original.slice(0, at), { attempt }) + '@' + this.domain(original.slice(at + 1));
  }

  /** DOMAIN\name: the NetBIOS domain and the account (a computer account when it ends in `$`). */
  downLevel(original: string, attempt = 0): string {
    const at = original.indexOf('\\');
    if (at < 0) return this.userName(original, { attempt });
    const account = original.slice(at + 1);
    const mapped = account.endsWith('$') ? this.computer(account, { attempt }) : this.userName(account, { attempt });
    return this.domain(original.slice(0, at)) + '\\' + mapped;
  }

  /**
   * A distinguished name rebuilt RDN by RDN: DC= labels as domain labels, well-known containers kept,
   * OU= kept (organisational structure, not people), other values through `value` (the caller's own
   * mapping) or, without one, as a computer (ends in `$`), an account (no space) or a display name.
   * Escapes (`\,`) are honoured.
   */
  distinguishedName(dn: string, value?: (attribute: string, value: string) => string | undefined, attempt = 0): string {
    const rdns = dn.match(/(?:[^,\\]|\\.)+/g) ?? [];
    return rdns.map((rdn) => {
      const m = /^(\s*)([A-Za-z][A-Za-z0-9-]*)(\s*=\s*)(.*)$/.exec(rdn);
      if (!m) return rdn;
      const [, lead, attr, eq, raw] = m;
      const plain = raw.replace(/\\(.)/g, '$1');
      const type = attr.toUpperCase();
      let out: string;
      if (type === 'DC') out = GENERIC_LABELS.has(plain.toLowerCase()) || /^[a-z]{2}$/i.test(plain) ? plain : this.domainLabel(plain, attempt);
      else if (type === 'OU' || WELL_KNOWN_GROUPS.has(norm(plain)) || WELL_KNOWN_ACCOUNTS.has(norm(plain))) out = plain;
      else out = value?.(type, plain) ?? this.defaultCommonName(plain, attempt);
      return lead + attr + eq + out.replace(/([,\\#+<>;"=])/g, '\\$1');
    }).join(',');
  }

  private defaultCommonName(value: string, attempt: number): string {
    if (value.endsWith('$')) return this.computer(value, { attempt });
    return /\s/.test(value.trim()) ? this.displayName(value, attempt) : this.userName(value, { attempt });
  }

  /** A URL with its host pseudonymised (an address as an address, a name as a domain); the rest kept. */
  urlHost(url: string, attempt = 0): string {
    const m = /^([a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?)(\[[^\]]+\]|[^/?#:]+)(.*)$/is.exec(url);
    if (!m) return url;
    const host = m[2];
    const mapped = host.startsWith('[') ? `[${this.ip(host.slice(1, -1), attempt)}]`
      : this.isIp(host) ? this.ip(host, attempt) : this.domain(host, attempt);
    return m[1] + mapped + m[3];
  }

  // ---- identifiers -------------------------------------------------------------------------------

  /**
   * A SID that stays a valid SID. Domain SIDs (S-1-5-21-a-b-c[-RID]): the domain part maps as a whole, so
   * every account of one domain shares the pseudonymous domain part; RIDs below 1000 (500 Administrator,
   * 502 krbtgt, 512 Domain Admins, 516 Domain Controllers…) stay; other RIDs move to another RID with the
   * same number of digits (a keyed permutation per domain, so two accounts never meet). Well-known SIDs
   * (S-1-5-18, S-1-5-32-544…) stay. Other SIDs keep their form and small parts. A seed that is not a SID
   * gives an account SID in the default seeded domain (`accountSid('', seed)`).
   */
  sid(original: string, attempt = 0): string {
    return SID.test(original.trim()) ? pseudonymSid(this.hash, original, attempt) : this.accountSid('', original, attempt);
  }

  /** The domain SID (S-1-5-21-a-b-c) a seed or a real domain SID maps to. */
  domainSid(seedOrSid: string): string {
    return SID.test(seedOrSid.trim()) ? this.sid(seedOrSid) : `S-1-5-21-${domainSidParts(this.hash, `seed/${norm(seedOrSid)}`, 3).join('-')}`;
  }

  /** An invented account SID: the domain part from `domainSeed` (as `domainSid`), a RID ≥ 1000 from `accountSeed`. */
  accountSid(domainSeed: string, accountSeed: string, attempt = 0): string {
    const rid = 1000 + this.hash.below('sid-seed', `${attempt}/${norm(domainSeed)}/${norm(accountSeed)}`, 9000);
    return `${this.domainSid(domainSeed)}-${rid}`;
  }

  /** A GUID (version-4 layout) keeping braces, hyphens and letter case; a seed gives a fresh GUID. */
  guid(original: string, attempt = 0): string {
    const m = GUID.exec(original.trim());
    const input = m ? (m[2] + m[3] + m[4] + m[5] + m[6]).toLowerCase() : `seed/${norm(original)}`;
    const b = Buffer.from(this.hash.bytes('guid', `${attempt}/${input}`, 16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = b.toString('hex');
    const sep = !m || original.includes('-') ? '-' : '';
    let out = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join(sep);
    if (m && /[A-F]/.test(original) && !/[a-f]/.test(original)) out = out.toUpperCase();
    return m ? `${m[1]}${out}${m[7]}` : out;
  }

  /** A 24-hex-digit ATA ObjectId (alert and entity ids of the older product). */
  objectId(original: string, attempt = 0): string {
    const input = OBJECT_ID.test(original) ? original.toLowerCase() : `seed/${norm(original)}`;
    const out = this.hash.bytes('object-id', `${attempt}/${input}`, 12).toString('hex');
    return /[A-F]/.test(original) ? out.toUpperCase() : out;
  }

  // ---- addresses ---------------------------------------------------------------------------------

  isIp(text: string): boolean {
    return parseIpv4(text) !== undefined || parseIpv6(text) !== undefined;
  }

  /** An IPv4 or IPv6 address (see addresses.ts for what is kept); a seed gives a private 10.x.y.z address. */
  ip(original: string, attempt = 0): string {
    const v4 = parseIpv4(original);
    if (v4 !== undefined) return formatIpv4(pseudonymIpv4(this.hash, v4, attempt));
    const v6 = parseIpv6(original);
    if (v6) return formatIpv6(pseudonymIpv6(this.hash, v6.groups, attempt), v6.zone);
    const b = this.hash.bytes('ip-seed', `${attempt}/${norm(original)}`, 3);
    return `10.${b[0]}.${b[1]}.${1 + (b[2] % 254)}`;
  }

  /** A seed's private IPv4 address, or the pseudonym of a real one. */
  ipv4(original: string, attempt = 0): string {
    return this.ip(parseIpv6(original) ? `seed/${original}` : original, attempt);
  }

  /** A seed's IPv6 address (unique-local), or the pseudonym of a real one. */
  ipv6(original: string, attempt = 0): string {
    if (parseIpv6(original)) return this.ip(original, attempt);
    const b = this.hash.bytes('ipv6-seed', `${attempt}/${norm(original)}`, 16);
    const groups = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(2 * i));
    groups[0] = 0xfd00 | (groups[0] & 0xff);
    return formatIpv6(groups);
  }

  /** Any other value (a malformed address or SID, an odd id): its shape kept, its letters and digits keyed (shapes.ts). */
  shape(original: string, attempt = 0): string {
    return keyedShape(this.hash, original, attempt);
  }

  /** A phone number: a leading "+country" and every non-digit kept, the other digits keyed. */
  phone(original: string, attempt = 0): string {
    return keyedPhone(this.hash, original, attempt);
  }
}

function roleOf(name: string): string | undefined {
  const upper = name.toUpperCase();
  const segments = [upper, ...upper.split(/[-_.]/)];
  for (const seg of segments) for (const role of COMPUTER_ROLES) if (seg.startsWith(role)) return role;
  for (const seg of segments) for (const role of COMPUTER_ROLES) if (role.length >= 3 && seg.endsWith(role)) return role;
  return undefined;
}
