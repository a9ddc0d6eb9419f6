/**
 * Defensive readers for fixture values. The index keeps alerts as parsed, not schema-checked, so any
 * field may hold any JSON value; these never throw and never return non-strings where strings are wanted.
 */
import { isRecord } from '../../shared/text';

/** Longest string the panel shows from one field; a fixture cannot make the webview lay out megabytes. */
const MAX_TEXT = 4000;
/**
 * Longest description or evidence line the panel shows. The webview clamps long text to a few lines with
 * "Show all", so these may be long and are shown whole; the bound still keeps megabytes out of the page.
 */
export const MAX_LONG_TEXT = 100_000;

export const asObj = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
export const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A displayable string: strings as they are (clipped), numbers and booleans printed, anything else undefined. */
export function text(v: unknown, max = MAX_TEXT): string | undefined {
  if (typeof v === 'string') return v.length > max ? v.slice(0, max) + '…' : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return undefined;
}

/** A non-empty trimmed-to-something string, else undefined. */
export function nonEmpty(v: unknown, max = MAX_TEXT): string | undefined {
  const t = text(v, max);
  return t !== undefined && t.trim().length > 0 ? t : undefined;
}

export const isHttpUrl = (v: string): boolean => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** Milliseconds since the epoch for an ISO 8601 string, or undefined. */
export function timeMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  // Date.parse handles up to 3 fractional digits everywhere; trim the 7-digit .NET form (only when there is
  // a fourth digit: 100 000 activity times go through here when a big table is sorted or searched).
  const dot = v.indexOf('.', 19);
  const long = dot > 0 && v.charCodeAt(dot + 4) >= 48 && v.charCodeAt(dot + 4) <= 57;
  const ms = Date.parse(long ? v.replace(/(\.\d{3})\d+/, '$1') : v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Compact one-line rendering of a details object: `key: value; key: value`. */
export function detailsText(v: unknown, max = 400): string {
  if (!isRecord(v)) return text(v, max) ?? '';
  const parts: string[] = [];
  for (const [k, val] of Object.entries(v)) {
    let s: string;
    if (val === null) s = 'null';
    else if (typeof val === 'object') {
      try {
        s = JSON.stringify(val);
      } catch {
        s = '…';
      }
    } else s = String(val);
    parts.push(`${k}: ${s}`);
    if (parts.join('; ').length > max) break;
  }
  const joined = parts.join('; ');
  return joined.length > max ? joined.slice(0, max) + '…' : joined;
}
