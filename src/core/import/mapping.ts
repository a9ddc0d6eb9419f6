/**
 * What every source needs to become a fixture: the external ID (from the internal type name or the
 * title, since only CEF carries it), severity and status vocabularies, UTC times, and the fixture's key
 * order so that the same alert always serialises to the same bytes.
 */
import { catalog, type CatalogEntry } from '../catalog';
import type { Alert, AlertStatus, Severity } from '../model';
import { lookupTable } from '../../shared/lookupTable';

/** ATA and early MDI named types `…SuspiciousActivity`; MDI names them `…SecurityAlert`. */
export function normaliseType(type: string): string {
  return type.trim().replace(/SuspiciousActivity$/, 'SecurityAlert');
}

/**
 * Types shared by several external IDs, and words in the title or message that tell them apart. The
 * 2017 ATA brute-force type covered LDAP simple binds (now 2004) as well as Kerberos and NTLM (2023).
 */
const FAMILIES: Record<string, { externalId: string; words: RegExp }[]> = lookupTable({
  AbnormalProtocolSecurityAlert: [
    { externalId: '2002', words: /over-?pass-?the-?hash|kerberos/i },
    { externalId: '2033', words: /brute[- ]?force|smb/i },
    { externalId: '2034', words: /metasploit/i },
    { externalId: '2035', words: /wanna-?cry|ransomware/i },
  ],
  EncryptionDowngradeSecurityAlert: [
    { externalId: '2008', words: /over-?pass-?the-?hash|forced encryption/i },
    { externalId: '2010', words: /skeleton/i },
  ],
  BruteForceSecurityAlert: [
    { externalId: '2004', words: /ldap|simple bind/i },
    { externalId: '2023', words: /kerberos|ntlm/i },
  ],
});

export type TypeLookup = { externalId: string } | { ambiguous: string[] } | undefined;

/** The external ID of an internal type name; `text` (title, message) settles shared types. */
export function externalIdForType(type: string, text: string): TypeLookup {
  const normal = normaliseType(type);
  const family = FAMILIES[normal];
  if (family) {
    const hits = family.filter((f) => f.words.test(text));
    // The first word list that matches wins only when it is the only one: "overpass" and "Kerberos" both
    // match 2002, but a message naming Metasploit and Kerberos is left to the user.
    const ids = [...new Set(hits.map((h) => h.externalId))];
    return ids.length === 1 ? { externalId: ids[0]! } : { ambiguous: family.map((f) => f.externalId) };
  }
  const entries = catalog.entries().filter((e) => e.alertType === normal);
  if (entries.length === 1) return { externalId: entries[0]!.externalId };
  return entries.length > 1 ? { ambiguous: entries.map((e) => e.externalId) } : undefined;
}

/** Titles compared without `[PREVIEW]`, case, punctuation and spacing. */
export function foldTitle(title: string): string {
  return title.replace(/\[preview\]/gi, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const byFoldedName = new Map<string, CatalogEntry[]>();
for (const e of catalog.entries()) {
  const k = foldTitle(e.name);
  byFoldedName.set(k, [...(byFoldedName.get(k) ?? []), e]);
}

/** The catalog entry whose name is this title (exactly, then folded), when exactly one is. */
export function catalogEntryForTitle(title: string): CatalogEntry | undefined {
  const exact = catalog.entries().filter((e) => e.name === title.trim());
  if (exact.length === 1) return exact[0];
  const folded = byFoldedName.get(foldTitle(title)) ?? [];
  return folded.length === 1 ? folded[0] : undefined;
}

export interface Mapped<T> {
  value: T;
  warning?: string;
}

/** Severity words and CEF's 0–10 scale (MDI sends 3, 5, 10). Informational becomes Low, with a warning. */
export function severityOf(value: unknown): Mapped<Severity> | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
    const n = Number(value);
    return { value: n <= 3 ? 'Low' : n <= 6 ? 'Medium' : 'High' };
  }
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'high') return { value: 'High' };
  if (v === 'medium') return { value: 'Medium' };
  if (v === 'low') return { value: 'Low' };
  if (v === 'informational' || v === 'information') return { value: 'Low', warning: `severity "${value}" became Low (fixtures know Low, Medium, High)` };
  return undefined;
}

/** Sentinel, Graph (v1 and v2) and XDR status words → ours. New/in progress are Open; resolved/dismissed are Closed. */
export function statusOf(value: unknown): Mapped<AlertStatus> | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (['new', 'newalert', 'inprogress', 'active', 'open', 'unknown'].includes(v)) return { value: 'Open' };
  if (['resolved', 'closed', 'dismissed'].includes(v)) return { value: 'Closed' };
  if (v === 'suppressed') return { value: 'Suppressed' };
  return undefined;
}

const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?\s*(AM|PM)?$/i;
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A source time as ISO 8601 UTC. Times already in UTC keep their digits (CEF's 7 fractional digits
 * survive); offsets are converted; epoch milliseconds are accepted. Undefined when it is not a time.
 */
export function utcTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  // `2025-01-10…` is neither epoch milliseconds nor a US date: most times skip both expressions.
  const isoLike = t.charCodeAt(4) === 0x2d;
  if (!isoLike && /^\d{12,14}$/.test(t)) return new Date(Number(t)).toISOString();
  const us = isoLike ? null : US_TIME.exec(t);
  if (us) {
    // Log Analytics' CSV export: `1/10/2025, 8:55:01.500 AM` in a column headed `[UTC]`.
    let hour = Number(us[4]) % 12;
    if (us[8]?.toUpperCase() === 'PM') hour += 12;
    else if (!us[8]) hour = Number(us[4]);
    const ms = Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5]), Number(us[6]), Number((us[7] ?? '.0').slice(1, 4).padEnd(3, '0')));
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const m = ISO.exec(t);
  if (!m) return undefined;
  const zone = (m[4] ?? 'Z').toUpperCase();
  if (zone === 'Z' || zone === '+00:00' || zone === '+0000' || zone === '-00:00') {
    const fraction = m[3] ? m[3].slice(0, 8) : '';
    return `${m[1]}T${m[2]}${fraction}Z`;
  }
  const ms = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const ALERT_KEY_ORDER = [
  'id', 'externalId', 'type', 'title', 'description', 'phase', 'severity', 'status', 'startTime', 'endTime',
  'statusUpdateTime', 'url', 'evidence', 'entities', 'accessedResources', 'networkActivities', 'eventActivities', 'relatedEntityIds',
];

const ALERT_KEY_INDEX = new Set(ALERT_KEY_ORDER);

/** The alert with the contract's key order (unknown keys after, in their order; `imported` last), empty values left out. */
export function orderAlert(alert: Record<string, unknown>): Alert {
  const out: Record<string, unknown> = {};
  for (const k of ALERT_KEY_ORDER) putNonEmpty(out, alert, k);
  for (const k of Object.keys(alert)) if (!ALERT_KEY_INDEX.has(k) && k !== 'imported') putNonEmpty(out, alert, k);
  putNonEmpty(out, alert, 'imported');
  return out as Alert;
}

function putNonEmpty(out: Record<string, unknown>, alert: Record<string, unknown>, k: string): void {
  const v = alert[k];
  if (v === undefined || (Array.isArray(v) && v.length === 0 && k !== 'entities')) return;
  out[k] = v;
}

/** `https\://`, `https:////`: repairs what MDI's CEF does to its links; undefined for anything not http(s). */
export function cleanUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const u = (trimmed.includes('\\') ? trimmed.replace(/\\:/g, ':') : trimmed).replace(/^(https?:)\/{3,}/i, '$1//');
  return /^https?:\/\/\S+$/i.test(u) ? u : undefined;
}

/** The alert id in a portal link: its last path segment. */
export function idFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  // Found with indexOf and one slice: CEF asks this of every line.
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  let end = query < 0 ? (hash < 0 ? url.length : hash) : hash < 0 ? query : Math.min(query, hash);
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end--;
  if (end === 0) return undefined;
  return url.slice(url.lastIndexOf('/', end - 1) + 1, end);
}

const ALERT_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24}|aa(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}))$/i;
export const isAlertId = (v: unknown): v is string => typeof v === 'string' && ALERT_ID.test(v);
