/** Times from fixtures: ISO 8601 UTC with up to 7 fractional digits. Shown in UTC and in local time. */

export function parseTime(iso: string | undefined): Date | undefined {
  if (!iso || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) return undefined;
  const d = new Date(iso.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function utcText(d: Date, withMs = false): string {
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${withMs ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base} UTC`;
}

export function localText(d: Date): string {
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
