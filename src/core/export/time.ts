/**
 * Fixture times (ISO 8601 UTC with up to 7 fractional digits, as .NET writes them) as instants for
 * Excel date cells. Excel keeps milliseconds at best, so finer digits are dropped (not rounded): the
 * portal shows `.667` for `.6670000` and for `.6679999` alike.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** The instant an ISO 8601 time names, or undefined when the text is not one (it is then written as text). */
export function parseIsoTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC rolls 2019-02-30 over into March: reject dates that do not exist instead.
  const check = new Date(t);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)
    || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone!.toUpperCase() !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    t -= sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60_000;
  }
  // Excel's calendar starts in 1900; earlier instants cannot be date cells.
  return t >= Date.UTC(1900, 0, 1) && t < Date.UTC(10000, 0, 1) ? new Date(t) : undefined;
}

/** `2025-01-14 09:12:44 UTC`: how notes and history lines show a time. */
export function formatUtc(value: unknown): string {
  const d = value instanceof Date ? value : parseIsoTime(value);
  if (!d) return typeof value === 'string' ? value : '';
  return d.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '') + ' UTC';
}
