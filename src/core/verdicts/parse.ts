/**
 * Reading a ledger: bytes → parsed JSON → schema check → `Ledger`. Anything wrong becomes problems
 * with the file and position, never an exception, so a caller can refuse to write and say where.
 */
import { decodeJsonBytes, LineMap, parseJsonText } from '../json';
import { JsonLocator } from '../jsonLocator';
import type { Problem } from '../model';
import { loadValidation } from '../lazyBundles';
import type { Exclusion } from './lookup';
import { emptyLedger, type Ledger, type LedgerRecord } from './ledger';

export type LedgerParse = { ok: true; ledger: Ledger; text: string } | { ok: false; problems: Problem[] };

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function parseLedger(file: string, content: Uint8Array | string): LedgerParse {
  const decoded = typeof content === 'string' ? { ok: true as const, text: content.replace(/^\uFEFF/, '') } : decodeJsonBytes(content);
  if (!decoded.ok) return { ok: false, problems: [{ file, range: ZERO, severity: 'error', code: decoded.issue.code, message: decoded.issue.message }] };
  const text = decoded.text;
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const range = new LineMap(text).rangeAt(parsed.issue.offset, parsed.issue.length);
    return { ok: false, problems: [{ file, range, severity: 'error', code: parsed.issue.code, message: parsed.issue.message }] };
  }
  // The schema check lives in the validation bundle (loaded on first use, not at activation).
  const { schemaProblems, sortProblems, locateProblems } = loadValidation();
  const found = schemaProblems('ledger', parsed.value);
  if (found.length) return { ok: false, problems: sortProblems(locateProblems(file, new JsonLocator(text, { parsed: true }), found)) };
  return { ok: true, ledger: toLedger(parsed.value as Record<string, unknown>), text };
}

/** A schema-valid document as a `Ledger` whose alert map has no prototype ("__proto__" is just an id). */
function toLedger(doc: Record<string, unknown>): Ledger {
  const ledger = emptyLedger();
  if (typeof doc.$schema === 'string') ledger.$schema = doc.$schema;
  Object.assign(ledger.alerts, doc.alerts as Record<string, LedgerRecord>);
  ledger.exclusions = Array.isArray(doc.exclusions) ? [...(doc.exclusions as Exclusion[])] : [];
  return ledger;
}

/** "file:line:column: message" with 1-based positions (as compilers and the CLI print them). */
function describeProblem(p: Problem): string {
  return `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`;
}

/** The ledger does not parse or does not validate: it is left untouched and writes are refused. */
export class LedgerInvalidError extends Error {
  readonly code = 'ledger-invalid';
  constructor(readonly file: string, readonly problems: Problem[]) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    const first = problems[0] ? describeProblem(problems[0]) : file;
    super(`The verdict ledger is not valid, so it was not changed: ${first}${more}. Fix the file, then try again.`);
    this.name = 'LedgerInvalidError';
  }
}
