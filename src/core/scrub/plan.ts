// Planning a scrub of files: find the fixtures and ledgers under the given paths, read them, pseudonymise
// them together (scrubDocuments), serialise each in its own format (indent, line endings, BOM), name it
// with its pseudonymised relative path and verify every output — all in memory, so that nothing is
// written when anything is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../discovery';
import { DEFAULT_GLOBS, DEFAULT_LEDGER_PATH, type FileGlobs } from '../fileKinds';
import { decodeJsonBytes, LineMap, parseJsonText } from '../json';
import { DEFAULT_MAX_FILE_BYTES, formatBytes } from '../loader';
import { nodeFileSource } from '../fileSource';
import type { Alert } from '../model';
import { refreshedDigest } from '../import/combine';
import { parseLedger } from '../verdicts/parse';
import { serializeLedger } from '../verdicts/serialize';
import { COLLECT_ORDER, ScrubSession, type ScrubKind } from './documents';
import type { ScrubMapping } from './mapping';
import { LeftoverFinder, type Leftover } from './verify';

export interface PlanOptions {
  /** Files or folders (absolute). */
  paths: string[];
  key: Uint8Array | string;
  shiftDays?: number;
  globs?: FileGlobs;
  /** The ledger's path relative to each folder (default .atp/classifications.json). */
  ledgerPath?: string;
  maxFileBytes?: number;
  /** Progress: a phase and, while reading, how many files of how many. */
  onProgress?: (phase: 'reading' | 'pseudonymising' | 'verifying', done?: number, total?: number) => void;
}

export interface PlannedFile {
  kind: ScrubKind;
  source: string;
  /** The input root the file belongs to. */
  root: string;
  /** The pseudonymised path relative to the output root (with the root's own folder name first when there are several roots). */
  target: string;
  text: string;
}

export interface ScrubPlan {
  roots: string[];
  files: PlannedFile[];
  mapping: ScrubMapping;
  leftovers: Leftover[];
  /** Problems that did not stop the run (a file scrubbed as text, a file skipped), with file and position. */
  warnings: string[];
  /** Input problems that stop the run (a missing path). */
  errors: string[];
}

interface ReadFile {
  kind: ScrubKind;
  source: string;
  root: string;
  name: string;
  text: string;
  format: { indent: string; eol: string; bom: boolean; finalNewline: boolean };
}

export async function planScrub(options: PlanOptions): Promise<ScrubPlan> {
  const roots = options.paths.map((p) => path.resolve(p));
  const found = await discoverFiles(roots, options.globs ?? DEFAULT_GLOBS);
  const errors = found.problems.filter((p) => p.code === 'path-not-found').map((p) => p.message);
  const warnings = found.problems.filter((p) => p.code !== 'path-not-found').map((p) => `${p.file}: ${p.message}`);
  const multi = roots.length > 1;
  const folders = new Map<string, string>();
  const rootFolder = (root: string): string => {
    let folder = folders.get(root);
    if (folder === undefined) {
      folder = fs.statSync(root, { throwIfNoEntry: false })?.isFile() ? path.dirname(root) : root;
      folders.set(root, folder);
    }
    return folder;
  };
  const candidates: Array<{ file: string; kind: ScrubKind; root: string }> = found.files.map((f) => ({ file: f.file, kind: f.kind, root: rootFolder(f.root) }));
  for (const root of roots) {
    const ledger = path.join(root, options.ledgerPath ?? DEFAULT_LEDGER_PATH);
    if (fs.statSync(ledger, { throwIfNoEntry: false })?.isFile()) candidates.push({ file: ledger, kind: 'ledger', root });
  }

  // Entities first: their attributes say what a name is (a person, a computer) before free text repeats it.
  candidates.sort((a, b) => COLLECT_ORDER.indexOf(a.kind) - COLLECT_ORDER.indexOf(b.kind) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const session = new ScrubSession({ key: options.key, shiftDays: options.shiftDays });
  const read: ReadFile[] = [];
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (i % 500 === 0) {
      options.onProgress?.('reading', i, candidates.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const rel = path.relative(c.root, c.file).split(path.sep).join('/');
    const name = multi ? `${path.basename(c.root)}/${rel}` : rel;
    const outcome = readOne(c.file, c.kind, maxBytes);
    if ('skip' in outcome) {
      warnings.push(`${c.file}: ${outcome.skip}; it is not in the output.`);
      continue;
    }
    if (outcome.warning) warnings.push(outcome.warning);
    // Collected and scanned now; only the text is kept (the value is parsed again only where needed).
    session.collect(outcome.kind, outcome.value);
    session.scan(name, outcome.kind === 'text' ? outcome.text : outcome.value);
    read.push({ kind: outcome.kind, source: c.file, root: c.root, name, text: outcome.text, format: formatOf(outcome.text) });
  }

  options.onProgress?.('pseudonymising');
  for (const r of read) session.scanHosts(r.name, r.text);
  session.assign();

  options.onProgress?.('verifying');
  const finder = new LeftoverFinder(session.mapping.tokens());
  const files: PlannedFile[] = [];
  const leftovers: Leftover[] = [];
  const targets = new Map<string, string>();
  for (const r of read) {
    const target = session.rename(r.name);
    const text = rewrite(session, r);
    const clash = targets.get(target.toLowerCase());
    if (clash) errors.push(`${r.source} and ${clash} would both be written as ${target}.`);
    targets.set(target.toLowerCase(), r.source);
    files.push({ kind: r.kind, source: r.source, root: r.root, target, text });
    leftovers.push(...finder.find(target, text, { json: r.kind !== 'text', name: target }));
  }
  files.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  return { roots, files, mapping: session.mapping, leftovers, warnings, errors };
}

/** A file's new text: as text when the session can prove that is the same as value by value, else parsed and serialised again. */
function rewrite(session: ScrubSession, r: ReadFile): string {
  if (r.kind === 'text') return session.rewriteValue('text', r.text) as string;
  const asText = session.rewriteJsonText(r.kind, r.text);
  const out = asText ?? serialise(r.kind, session.rewriteValue(r.kind, JSON.parse(r.text.replace(/^\uFEFF/, ''))), r.format);
  return r.kind === 'alert' && r.text.includes('"digest"') ? withImportDigest(r.text, out) : out;
}

/**
 * An alert an import wrote carries a digest of its text, to tell a hand edit: the pseudonymised text gets
 * its own digest, so the next import still updates it — unless it had been edited by hand already.
 */
function withImportDigest(before: string, after: string): string {
  try {
    const old = JSON.parse(before.replace(/^\uFEFF/, '')) as Alert;
    const digest = refreshedDigest(old, JSON.parse(after.replace(/^\uFEFF/, '')) as Alert);
    const previous = (old.imported as { digest?: unknown } | undefined)?.digest;
    return digest && typeof previous === 'string' ? after.replace(`"${previous}"`, `"${digest}"`) : after;
  } catch {
    return after;
  }
}

type ReadOutcome = { skip: string } | { kind: ScrubKind; text: string; value?: unknown; warning?: string };

function readOne(file: string, kind: ScrubKind, maxBytes: number): ReadOutcome {
  let bytes: Uint8Array;
  try {
    // One open + fstat + read through the loader's file source (its buffer is decoded at once, below).
    const read = nodeFileSource.readFileSync!(file, maxBytes);
    if (!read.stat.isFile) return { skip: 'it is not a regular file' };
    if (!read.bytes) return { skip: `the file is ${formatBytes(read.stat.size)}, over the ${formatBytes(maxBytes)} limit` };
    bytes = read.bytes;
  } catch (err) {
    return { skip: `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok) return { skip: decoded.issue.message.replace(/\.$/, '') };
  const text = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? `\uFEFF${decoded.text}` : decoded.text;
  const parsed = parseJsonText(decoded.text);
  if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object') return { kind, text, value: parsed.value };
  const where = parsed.ok ? { line: 0, character: 0 } : new LineMap(decoded.text).rangeAt(parsed.issue.offset, parsed.issue.length).start;
  const why = parsed.ok ? 'it is not a JSON object' : parsed.issue.message.replace(/\.$/, '');
  return { kind: 'text', text, warning: `${file}:${where.line + 1}:${where.character + 1}: ${why}; scrubbed as plain text (identities found by their form only).` };
}

function formatOf(text: string): ReadFile['format'] {
  const bom = text.charCodeAt(0) === 0xfeff;
  const eol = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text.slice(0, 4096))?.[1] ?? (/^\s*[{[]\s*\S/.test(text) && !/\n/.test(text.trim()) ? '' : '  ');
  return { indent, eol, bom, finalNewline: /\n$/.test(text) };
}

function serialise(kind: ScrubKind, value: unknown, format: ReadFile['format']): string {
  if (kind === 'text') return value as string;
  if (kind === 'ledger') {
    const parsed = parseLedger('ledger', JSON.stringify(value));
    if (parsed.ok) return (format.bom ? '\uFEFF' : '') + serializeLedger(parsed.ledger, format.eol === '\r\n' ? '\r\n' : '\n');
  }
  let text = format.indent ? JSON.stringify(value, null, format.indent) : JSON.stringify(value);
  if (format.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return (format.bom ? '\uFEFF' : '') + text + (format.finalNewline ? format.eol : '');
}
