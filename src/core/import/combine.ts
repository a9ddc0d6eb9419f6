/**
 * How a newer record of an alert lands on the fixture we have: scalars from the newer record, lists
 * (entities, evidence, activities, related ids) unioned. And how we know a fixture is still as we wrote
 * it: the `imported` block carries a digest of the rest of the file; a hand edit breaks it.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '../model';
import { orderAlert } from './mapping';
import type { SourceFormat } from './types';

const UNION_KEYS = new Set(['evidence', 'entities', 'relatedEntityIds', 'accessedResources', 'networkActivities', 'eventActivities']);

export interface ImportMark {
  from: SourceFormat;
  synthesised?: string[];
  digest: string;
}

/** When a record was last true: status update, else end, else start. */
function recordTime(a: Alert): string {
  for (const t of [a.statusUpdateTime, a.endTime, a.startTime]) if (typeof t === 'string' && t) return t;
  return '';
}

export function combineAlerts(base: Alert, incoming: Alert): Alert {
  const newer = recordTime(incoming) >= recordTime(base);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(incoming)) {
    if (v === undefined || k === 'imported') continue;
    if (UNION_KEYS.has(k) && Array.isArray(v)) out[k] = union(Array.isArray(base[k]) ? (base[k] as unknown[]) : [], v);
    else if (TIME_KEYS.has(k) && sameInstant(base[k], v)) continue; // `.5Z` and `.5000000Z` are one time: keep the spelling we have
    else if (newer || out[k] === undefined || out[k] === null) out[k] = v;
  }
  if (typeof base.startTime === 'string' && typeof incoming.startTime === 'string' && base.startTime < incoming.startTime) out.startTime = base.startTime;
  return orderAlert(out);
}

const TIME_KEYS = new Set(['startTime', 'endTime', 'statusUpdateTime']);

function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a !== b && !Number.isNaN(Date.parse(a)) && Date.parse(a) === Date.parse(b);
}

/** Items compare with their times as instants, so a workbook's `.500Z` meets the fixture's `.5000000Z`. */
const itemKey = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'time' && typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : v));

function union(a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set(a.map(itemKey));
  const out = [...a];
  for (const x of b) {
    const k = itemKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

export function withoutMark(alert: Alert): Alert {
  const { imported: _mark, ...rest } = alert;
  return rest as Alert;
}

function digestOf(alert: Alert, from: SourceFormat, synthesised: string[] | undefined): string {
  return digestOfBody(bodyText(withoutMark(alert)), from, synthesised);
}

/** The alert without its mark as the file spells it: `JSON.stringify(…, null, 2)`. */
const bodyText = (body: Alert) => JSON.stringify(body, null, 2);

/**
 * The digest of an alert's text without its `imported` block, and of the block's other fields. Taken over
 * the text that is written anyway: the import serialises each alert once, not once more for its digest.
 */
function digestOfBody(text: string, from: SourceFormat, synthesised: string[] | undefined): string {
  const hash = createHash('sha256').update(text).update('\n').update(JSON.stringify({ from, synthesised }));
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}

/** The alert with its `imported` block (source, synthesised fields, digest) last, and the file's text. */
export function markImported(alert: Alert, from: SourceFormat, synthesised: string[]): { alert: Alert; text: string } {
  const synth = synthesised.length ? [...new Set(synthesised)].sort() : undefined;
  const body = orderAlert(withoutMark(alert));
  const text = bodyText(body);
  const mark: ImportMark = { from, ...(synth ? { synthesised: synth } : {}), digest: digestOfBody(text, from, synth) };
  const marked = { ...body, imported: mark } as Alert;
  // `{…}` → `{…,\n  "imported": {…}\n}\n`: what JSON.stringify(marked, null, 2) gives, without serialising the body twice.
  const markText = JSON.stringify(mark, null, 2).replace(/\n/g, '\n  ');
  return { alert: marked, text: text === '{}' ? `{\n  "imported": ${markText}\n}\n` : `${text.slice(0, -2)},\n  "imported": ${markText}\n}\n` };
}

/** True when the file still holds exactly what an import wrote (its digest matches). */
export function isUntouchedImport(alert: Alert): boolean {
  const mark = alert.imported as Partial<ImportMark> | undefined;
  if (!mark || typeof mark !== 'object' || typeof mark.digest !== 'string' || typeof mark.from !== 'string') return false;
  return digestOf(alert, mark.from as SourceFormat, Array.isArray(mark.synthesised) ? mark.synthesised : undefined) === mark.digest;
}

/**
 * The digest an imported alert should carry after it was rewritten as a whole (pseudonymised): the new
 * text's, when the old text was still as the import wrote it — else undefined (a hand edit stays one).
 */
export function refreshedDigest(before: Alert, after: Alert): string | undefined {
  if (!isUntouchedImport(before)) return undefined;
  const mark = after.imported as Partial<ImportMark> | undefined;
  if (!mark || typeof mark.from !== 'string') return undefined;
  return digestOf(after, mark.from as SourceFormat, Array.isArray(mark.synthesised) ? mark.synthesised : undefined);
}

/** Top-level fields that differ, as `field: old → new` (values shortened). */
export function describeChanges(before: Alert, after: Alert): string[] {
  const a = withoutMark(before) as Record<string, unknown>;
  const b = withoutMark(after) as Record<string, unknown>;
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x === y) continue;
    if (Array.isArray(a[k]) || Array.isArray(b[k])) {
      const n = (v: unknown) => (Array.isArray(v) ? v.length : 0);
      out.push(`${k}: ${n(a[k])} → ${n(b[k])} items`);
    } else out.push(`${k}: ${short(x)} → ${short(y)}`);
  }
  return out;
}

const short = (json: string | undefined) => (json === undefined ? '(none)' : json.length > 60 ? `${json.slice(0, 57)}…"` : json);
