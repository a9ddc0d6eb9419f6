// --shift-time: one constant offset for every time in the output, so that the story keeps its rhythm
// (the order and distance of events) while the real dates are gone. Whole days only: profiles hold
// date-only keys ("2025-01-13") and active-hour maps that a shift by hours would tear apart.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:(T\d{2}:\d{2}:\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?)?$/;
const ISO_IN_TEXT = /(?<![\d-])\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})?)?(?![\d])/g;

/** "30d", "-2w", "0d" → days; anything else → an error message. */
export function parseShift(text: string): { ok: true; days: number } | { ok: false; message: string } {
  const m = /^([+-]?)(\d{1,5})([dw])$/i.exec(text.trim());
  if (!m) return { ok: false, message: `"${text}" is not a time shift: use whole days or weeks, e.g. 30d, -14d or 2w.` };
  const days = Number(m[2]) * (m[3].toLowerCase() === 'w' ? 7 : 1) * (m[1] === '-' ? -1 : 1);
  return { ok: true, days };
}

/**
 * A full ISO date or date-time moved by `days`, in the same form (fraction digits and zone kept);
 * anything else unchanged.
 */
export function shiftIso(text: string, days: number): string {
  if (days === 0) return text;
  const m = ISO.exec(text);
  if (!m) return text;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== +m[3]) return text;
  date.setUTCDate(date.getUTCDate() + days);
  const y = date.getUTCFullYear();
  if (y < 1 || y > 9999) return text;
  const ymd = `${String(y).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
  return ymd + (m[4] ?? '') + (m[5] ?? '') + (m[6] ?? '');
}

/** Every ISO date or date-time inside free text, shifted. */
export function shiftTimesInText(text: string, days: number): string {
  if (days === 0 || text.length < 10) return text;
  return text.replace(ISO_IN_TEXT, (t) => shiftIso(t, days));
}
