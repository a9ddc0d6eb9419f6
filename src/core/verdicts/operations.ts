/**
 * Changes to a ledger, applied to the copy just re-read from disk under the lock. Replaying the
 * intended change on the freshest copy is the merge: whatever another window or a CLI run wrote in the
 * meantime stays, and our change lands on top of it. Each function returns whether anything changed.
 */
import { DETERMINATIONS, VERDICTS, isDetermination, isVerdict, type Determination, type Verdict } from '../model';
import type { Exclusion } from './lookup';
import { asHistoryEntry, exclusionKey, type Ledger, type LedgerRecord } from './ledger';

export interface Stamp {
  author: string;
  /** ISO 8601 UTC; defaults to now. */
  time?: string;
}

export interface Classification {
  alertId: string;
  verdict: Verdict;
  determination?: Determination;
  note?: string;
}

const nowUtc = (): string => new Date().toISOString();

/**
 * Records a verdict. The current one (if any) moves into the history first. Recording exactly what is
 * already there (same verdict, determination, note and author) changes nothing.
 */
export function classify(ledger: Ledger, c: Classification, stamp: Stamp): boolean {
  checkClassification(c);
  const author = checkAuthor(stamp.author);
  const existing = own(ledger, c.alertId);
  const note = normaliseNote(c.note);
  if (existing && existing.verdict === c.verdict && existing.determination === c.determination && existing.note === note && existing.author === author) {
    return false;
  }
  const record: LedgerRecord = { verdict: c.verdict, author, time: stamp.time ?? nowUtc(), history: existing ? [...existing.history, asHistoryEntry(existing)] : [] };
  if (c.determination !== undefined) record.determination = c.determination;
  if (note !== undefined) record.note = note;
  ledger.alerts[c.alertId] = record;
  return true;
}

/** Removes the current verdict: the record stays, marked `cleared`, and the history keeps the old verdict. */
export function clearVerdict(ledger: Ledger, alertId: string, stamp: Stamp, note?: string): boolean {
  const existing = own(ledger, alertId);
  if (!existing || existing.verdict === 'cleared') return false;
  const record: LedgerRecord = { verdict: 'cleared', author: checkAuthor(stamp.author), time: stamp.time ?? nowUtc(), history: [...existing.history, asHistoryEntry(existing)] };
  const n = normaliseNote(note);
  if (n !== undefined) record.note = n;
  ledger.alerts[alertId] = record;
  return true;
}

export interface ExclusionRequest {
  externalId: string;
  entityId: string;
  entityName?: string;
  reason?: string;
  alertId?: string;
}

/** Records "close and exclude": no more alerts of `externalId` are expected from the entity. Idempotent. */
export function addExclusion(ledger: Ledger, x: ExclusionRequest, stamp: Stamp): boolean {
  if (!/^[0-9]{3,5}$/.test(x.externalId)) throw new RangeError(`"${x.externalId}" is not an external ID (3 to 5 digits).`);
  if (!/^\S(?:.*\S)?$/.test(x.entityId)) throw new RangeError('An exclusion needs the id of the excluded entity.');
  const key = exclusionKey(x.externalId, x.entityId);
  if (ledger.exclusions.some((e) => exclusionKey(e.externalId, e.entityId) === key)) return false;
  const e: Exclusion = { externalId: x.externalId, entityId: x.entityId, author: checkAuthor(stamp.author), time: stamp.time ?? nowUtc() };
  if (x.entityName) e.entityName = x.entityName;
  const reason = normaliseNote(x.reason);
  if (reason !== undefined) e.reason = reason;
  if (x.alertId) e.alertId = x.alertId;
  ledger.exclusions.push(e);
  return true;
}

export function removeExclusion(ledger: Ledger, externalId: string, entityId: string): boolean {
  const key = exclusionKey(externalId, entityId);
  const before = ledger.exclusions.length;
  ledger.exclusions = ledger.exclusions.filter((e) => exclusionKey(e.externalId, e.entityId) !== key);
  return ledger.exclusions.length !== before;
}

function own(ledger: Ledger, alertId: string): LedgerRecord | undefined {
  return Object.prototype.hasOwnProperty.call(ledger.alerts, alertId) ? ledger.alerts[alertId] : undefined;
}

/** Rejects what the schema would reject, before anything is written. */
function checkClassification(c: Classification): void {
  if (typeof c.alertId !== 'string' || c.alertId.length === 0) throw new RangeError('An alert id is required.');
  if (!isVerdict(c.verdict)) throw new RangeError(`"${String(c.verdict)}" is not a verdict: use ${VERDICTS.join(', ')}.`);
  if (c.determination !== undefined && !isDetermination(c.determination)) {
    throw new RangeError(`"${String(c.determination)}" is not a determination: use one of ${DETERMINATIONS.join(', ')}.`);
  }
  if (c.note !== undefined && typeof c.note !== 'string') throw new RangeError('A note must be text.');
}

function checkAuthor(author: string): string {
  const a = typeof author === 'string' ? author.trim() : '';
  if (!a) throw new RangeError('An author is required (setting "atpWorkbench.verdicts.author", git user.name, or --author).');
  return a;
}

/** Empty or blank notes are no note; surrounding blank space is not part of it. */
function normaliseNote(note: string | undefined): string | undefined {
  if (typeof note !== 'string') return undefined;
  const n = note.trim();
  return n.length ? n : undefined;
}
