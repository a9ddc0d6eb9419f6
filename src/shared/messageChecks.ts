/** Checks both webview protocols use on untrusted messages: plain objects with exactly the expected fields. */

export { isRecord } from './text';

/** A reason naming the unexpected fields, or undefined when there are none. */
export function onlyKeys(o: Record<string, unknown>, allowed: string[]): string | undefined {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  return extra.length ? `unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` : undefined;
}
