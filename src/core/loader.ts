/**
 * Loading one fixture file into a record the index can hold. Never throws for bad content: every
 * failure becomes an `invalid` record with a problem that names the file and, where there is one, the
 * position.
 */
import { decodeJsonBytes, parseJsonText, LineMap, type JsonIssue, type ParseOptions } from './json';
import { JsonLocator } from './jsonLocator';
import type { Alert, FileKind, Problem, UniqueEntity, UniqueEntityProfile } from './model';
import type { FileSource, FileStat, SyncRead } from './fileSource';

/** Default size limit for one fixture file (a setting in the extension, a flag in the CLI). */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Files at least this large are loaded and validated off a thread that must stay responsive (the
 * extension host): parsing one blocks a thread for 40 ms or more.
 */
export const OFF_THREAD_MIN_BYTES = 4 * 1024 * 1024;

interface RecordBase {
  file: string;
  size: number;
}
export interface AlertRecord extends RecordBase { kind: 'alert'; ok: true; alert: Alert }
export interface EntityRecord extends RecordBase { kind: 'entity'; ok: true; entity: UniqueEntity }
export interface ProfileRecord extends RecordBase { kind: 'profile'; ok: true; profile: UniqueEntityProfile }
export interface InvalidRecord extends RecordBase {
  kind: Exclude<FileKind, 'ledger'>;
  ok: false;
  problem: Problem;
  /**
   * The id a tolerant parse still found in the broken file (an alert's `id`, an entity's `Id`, a
   * profile's `UniqueEntityId`): references to it then point at "a file with errors", not at nothing.
   */
  recoveredId?: string;
}
export type FileRecord = AlertRecord | EntityRecord | ProfileRecord | InvalidRecord;

export interface LoadOptions {
  maxFileBytes?: number;
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function problemFrom(file: string, issue: JsonIssue, text?: string): Problem {
  const range = text === undefined ? ZERO : new LineMap(text).rangeAt(issue.offset, issue.length);
  return { file, range, severity: 'error', code: issue.code, message: issue.message };
}

/**
 * Reads and loads one file (`stat`: the file's, when the caller has it already). I/O errors (unreadable,
 * vanished, a directory) become invalid records.
 */
export async function loadFile(
  source: FileSource,
  file: string,
  kind: Exclude<FileKind, 'ledger'>,
  options: LoadOptions = {},
  known?: FileStat,
): Promise<FileRecord> {
  const base = { file, size: 0, kind };
  try {
    const stat = known ?? await source.stat(file);
    const refused = checkStat(base, stat, options);
    if (refused) return refused;
    return loadBytes(file, kind, await source.readFile(file), base);
  } catch (err) {
    return invalid(base, 'unreadable', `The file cannot be read: ${describeIoError(err)}.`);
  }
}

/** The same as `loadFile`, with the source's synchronous read (see FileSource). */
export function loadFileSync(
  source: Required<Pick<FileSource, 'readFileSync'>>,
  file: string,
  kind: Exclude<FileKind, 'ledger'>,
  options: LoadOptions = {},
): FileRecord {
  let read: SyncRead;
  try {
    read = source.readFileSync(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  } catch (err) {
    return invalid({ file, size: 0, kind }, 'unreadable', `The file cannot be read: ${describeIoError(err)}.`);
  }
  return loadRead(file, kind, read, options);
}

/** Loads a file from what a synchronous read gave (its stat, and its bytes unless it is no file or too big). */
export function loadRead(file: string, kind: Exclude<FileKind, 'ledger'>, read: SyncRead, options: LoadOptions = {}): FileRecord {
  const base = { file, size: 0, kind };
  const refused = checkStat(base, read.stat, options);
  if (refused) return refused;
  return loadBytes(file, kind, read.bytes!, base);
}

function checkStat(base: Omit<InvalidRecord, 'ok' | 'problem'>, stat: { size: number; isFile: boolean }, options: LoadOptions): InvalidRecord | undefined {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  base.size = stat.size;
  if (!stat.isFile) return invalid(base, 'not-a-file', 'The path is not a regular file.');
  if (stat.size > maxBytes) {
    return invalid(base, 'file-too-large', `The file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit (setting "atpWorkbench.maxFileSizeMB"); it is not loaded.`);
  }
  return undefined;
}

/** Loads already-read bytes (the editor's buffer, or a file). */
function loadBytes(
  file: string,
  kind: Exclude<FileKind, 'ledger'>,
  bytes: Uint8Array,
  stat: { size: number } = { size: bytes.length },
): FileRecord {
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok) return { ...stat, file, kind, ok: false, problem: problemFrom(file, decoded.issue) };
  return loadText(file, kind, decoded.text, stat);
}

export function loadText(
  file: string,
  kind: Exclude<FileKind, 'ledger'>,
  text: string,
  stat: { size: number } = { size: text.length },
  options: ParseOptions = {},
): FileRecord {
  const base = { file, kind, size: stat.size };
  const parsed = parseJsonText(text, options);
  if (!parsed.ok) {
    const record: InvalidRecord = { ...base, ok: false, problem: problemFrom(file, parsed.issue, text) };
    const id = parsed.recovered?.[ID_PROPERTY[kind]];
    if (id !== undefined && nonEmptyString(id)) record.recoveredId = id;
    return record;
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return invalidAt(base, text, [], 'not-an-object', `Expected a JSON object (a ${kindLabel(kind)}), found ${describeValue(value)}.`);
  }
  const obj = value as Record<string, unknown>;
  // Records are built field by field (not spread): bulk loading builds tens of thousands of them.
  switch (kind) {
    case 'alert':
      if (!nonEmptyString(obj.id)) return invalidAt(base, text, obj.id === undefined ? [] : ['id'], 'alert-without-id', 'The alert has no "id" (a non-empty string); it cannot be indexed.');
      return { file, kind, size: stat.size, ok: true, alert: obj as Alert };
    case 'entity':
      if (!nonEmptyString(obj.Id)) return invalidAt(base, text, obj.Id === undefined ? [] : ['Id'], 'entity-without-id', 'The Unique Entity Json has no "Id" (a non-empty string); it cannot be indexed.');
      return { file, kind, size: stat.size, ok: true, entity: obj as UniqueEntity };
    case 'profile':
      if (!nonEmptyString(obj.UniqueEntityId)) {
        return invalidAt(base, text, obj.UniqueEntityId === undefined ? [] : ['UniqueEntityId'], 'profile-without-entity-id', 'The Unique Entity Profile Json has no "UniqueEntityId" (a non-empty string); it cannot be indexed.');
      }
      return { file, kind, size: stat.size, ok: true, profile: obj as UniqueEntityProfile };
  }
}

function invalid(base: Omit<InvalidRecord, 'ok' | 'problem'>, code: string, message: string): InvalidRecord {
  return { ...base, ok: false, problem: { file: base.file, range: ZERO, severity: 'error', code, message } };
}

function invalidAt(base: Omit<InvalidRecord, 'ok' | 'problem'>, text: string, path: string[], code: string, message: string): InvalidRecord {
  const range = new JsonLocator(text, { parsed: true }).range(path);
  // Without a path the range is the whole document: keep a one-line document's, else just its opening brace.
  const oneLine = range.start.line === range.end.line;
  const narrowed = path.length || oneLine ? range : { start: range.start, end: { line: range.start.line, character: range.start.character + 1 } };
  return { ...base, ok: false, problem: { file: base.file, range: narrowed, severity: 'error', code, message } };
}

const ID_PROPERTY = { alert: 'id', entity: 'Id', profile: 'UniqueEntityId' } as const;

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.trim().length > 0;

function kindLabel(kind: Exclude<FileKind, 'ledger'>): string {
  return kind === 'alert' ? 'alert fixture' : kind === 'entity' ? 'Unique Entity Json' : 'Unique Entity Profile Json';
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function describeIoError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOENT': return 'it no longer exists';
    case 'EISDIR': return 'it is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return e?.message ?? String(err);
  }
}
