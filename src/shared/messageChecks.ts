/** Checks both webview protocols use on untrusted messages: plain objects with exactly the expected fields. */

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A reason naming the unexpected fields, or undefined when there are none. */
export function onlyKeys(o: Record<string, unknown>, allowed: string[]): string | undefined {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  return extra.length ? `unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` : undefined;
}
