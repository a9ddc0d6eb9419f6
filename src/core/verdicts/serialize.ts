/**
 * Stable serialisation: alert ids sorted, the same key order in every record, exclusions sorted, 2-space
 * JSON and a final newline. Writing an unchanged ledger gives the same bytes, and one new verdict
 * changes only the lines of that alert's record in a pull-request diff.
 */
import type { Exclusion, VerdictHistoryEntry } from './lookup';
import type { Ledger, LedgerRecord } from './ledger';

/** Key orders, alphabetical as the schema promises (so a hand-sorted file is already canonical). */
const RECORD_KEYS = ['author', 'determination', 'history', 'note', 'time', 'verdict'] as const;
const HISTORY_KEYS = ['author', 'determination', 'note', 'time', 'verdict'] as const;
const EXCLUSION_KEYS = ['alertId', 'author', 'entityId', 'entityName', 'externalId', 'reason', 'time'] as const;

/** Plain code-unit order: the same on every machine, unlike `localeCompare`. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function pick<K extends string>(source: Partial<Record<K, unknown>>, keys: readonly K[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

function sortExclusions(list: readonly Exclusion[]): Exclusion[] {
  return [...list].sort((a, b) => byCodeUnit(a.externalId, b.externalId) || byCodeUnit(a.entityId, b.entityId) || byCodeUnit(a.time, b.time));
}

/** The canonical text of a ledger, with `eol` line endings (kept from the file on disk). */
export function serializeLedger(ledger: Ledger, eol: '\n' | '\r\n' = '\n'): string {
  const parts: string[] = [];
  if (ledger.$schema !== undefined) parts.push(`  "$schema": ${JSON.stringify(ledger.$schema)}`);
  // The alerts object is written by hand: JS objects put integer-like keys ("2024") first whatever the
  // insertion order, and an id "__proto__" must stay an ordinary key.
  const ids = Object.keys(ledger.alerts).sort(byCodeUnit);
  const entries = ids.map((id) => {
    const record = ledger.alerts[id] as LedgerRecord;
    const out = pick(record as unknown as Record<string, unknown>, RECORD_KEYS);
    out.history = (record.history ?? []).map((h: VerdictHistoryEntry) => pick(h as unknown as Record<string, unknown>, HISTORY_KEYS));
    return `    ${JSON.stringify(id)}: ${indent(out, '    ')}`;
  });
  parts.push(ids.length ? `  "alerts": {\n${entries.join(',\n')}\n  }` : '  "alerts": {}');
  const exclusions = sortExclusions(ledger.exclusions).map((x) => pick(x as unknown as Record<string, unknown>, EXCLUSION_KEYS));
  parts.push(`  "exclusions": ${indent(exclusions, '  ')}`);
  parts.push(`  "schemaVersion": ${JSON.stringify(ledger.schemaVersion)}`);
  const text = `{\n${parts.join(',\n')}\n}\n`;
  return eol === '\n' ? text : text.replace(/\n/g, '\r\n');
}

function indent(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

/** The line ending a file already uses, so a Windows checkout does not see every line change. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
