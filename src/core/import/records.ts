/**
 * Records out of JSON, JSON Lines and CSV exports, each with where it is (`file[3]`, `file:12`), and a
 * reason for each record that cannot be read. A broken JSON Lines line or a CSV row with a missing
 * column costs that record only.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { LineMap, parseJsonText } from '../json';
import type { Skipped } from './types';

export type Row = Record<string, unknown>;
export interface Located {
  record: Row;
  where: string;
}

const isObject = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);

export function jsonRecords(text: string, file: string, skipped: Skipped[]): Located[] {
  const parsed = parseJsonText(text, { duplicateKeys: false });
  if (parsed.ok) return fromValue(parsed.value, file, skipped);
  const lines = text.split(/\r?\n/);
  const out: Located[] = [];
  let good = 0;
  const broken: Skipped[] = [];
  lines.forEach((line, i) => {
    if (!/\S/.test(line)) return;
    const one = parseJsonText(line, { duplicateKeys: false });
    if (!one.ok) {
      broken.push({ where: `${file}:${i + 1}:${one.issue.offset + 1}`, reason: `broken JSON line: ${one.issue.message}` });
      return;
    }
    good++;
    if (isObject(one.value)) out.push({ record: one.value, where: `${file}:${i + 1}` });
    else broken.push({ where: `${file}:${i + 1}`, reason: 'a JSON Lines record must be an object' });
  });
  if (good === 0) {
    // Not JSON Lines either: report the whole document's first syntax error with its position.
    const at = new LineMap(text).rangeAt(parsed.issue.offset, parsed.issue.length).start;
    skipped.push({ where: `${file}:${at.line + 1}:${at.character + 1}`, reason: parsed.issue.message });
    return [];
  }
  skipped.push(...broken);
  return out;
}

/** An array, `{ value: [...] }` (Graph pages), a Log Analytics `{ tables: [{ columns, rows }] }` answer, or one object. */
function fromValue(value: unknown, file: string, skipped: Skipped[]): Located[] {
  if (Array.isArray(value)) return objects(value, (i) => `${file}[${i}]`, skipped);
  if (!isObject(value)) {
    skipped.push({ where: file, reason: 'expected a JSON object or array of records' });
    return [];
  }
  if (Array.isArray(value.value)) return objects(value.value, (i) => `${file}: value[${i}]`, skipped);
  if (Array.isArray(value.tables)) {
    const out: Located[] = [];
    value.tables.forEach((t, ti) => {
      const table = isObject(t) ? t : {};
      const columns = Array.isArray(table.columns) ? table.columns.map((c) => (isObject(c) ? String(c.name ?? c.ColumnName ?? '') : String(c))) : [];
      const rows = Array.isArray(table.rows) ? table.rows : [];
      rows.forEach((r, ri) => {
        if (!Array.isArray(r)) return skipped.push({ where: `${file}: tables[${ti}].rows[${ri}]`, reason: 'a row must be an array' });
        out.push({ record: Object.fromEntries(columns.map((c, i) => [c, r[i]])), where: `${file}: tables[${ti}].rows[${ri}]` });
      });
    });
    return out;
  }
  return [{ record: value, where: file }];
}

function objects(items: unknown[], where: (i: number) => string, skipped: Skipped[]): Located[] {
  const out: Located[] = [];
  items.forEach((item, i) => {
    if (isObject(item)) out.push({ record: item, where: where(i) });
    else skipped.push({ where: where(i), reason: 'a record must be a JSON object' });
  });
  return out;
}

/** CSV with a header row (comma, semicolon or tab); a row with more or fewer fields than the header is refused. */
export function csvRecords(text: string, file: string, skipped: Skipped[], required: string[] = []): Located[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].sort((a, b) => first.split(b).length - first.split(a).length)[0]!;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as never;
  } catch (err) {
    skipped.push({ where: file, reason: `unreadable CSV: ${(err as Error).message}` });
    return [];
  }
  // Log Analytics names time columns `TimeGenerated [UTC]`: the unit is not part of the column's name.
  const header = rows.shift()?.record.map((h) => h.trim().replace(/\s*\[[^\]]*\]$/, '')) ?? [];
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length) {
    skipped.push({ where: `${file}:1`, reason: `the CSV header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
    return [];
  }
  const out: Located[] = [];
  for (const { record, info } of rows) {
    if (record.length !== header.length) {
      skipped.push({ where: `${file}:${info.lines}`, reason: `the row has ${record.length} fields, the header ${header.length}: a column is missing or the row is cut` });
      continue;
    }
    out.push({ record: Object.fromEntries(header.map((h, i) => [h, record[i]])), where: `${file}:${info.lines}` });
  }
  return out;
}

/** JSON (any of the shapes above) or CSV, by the first non-blank character. */
export function tableRecords(text: string, file: string, skipped: Skipped[], csvRequired: string[] = []): Located[] {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  return t.startsWith('{') || t.startsWith('[') ? jsonRecords(text, file, skipped) : csvRecords(text, file, skipped, csvRequired);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** A field that holds JSON as a string (Sentinel's Entities, ExtendedProperties; XDR's AdditionalFields), or already parsed. */
export function embeddedJson(v: unknown): { ok: true; value: unknown } | { ok: false; reason: string } | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return { ok: true, value: v };
  const parsed = parseJsonText(v, { duplicateKeys: false });
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, reason: parsed.issue.message };
}
