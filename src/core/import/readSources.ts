/**
 * Reading import inputs: files, standard input or pasted text. Each is recognised by its content (unless
 * the format is forced), then read by its reader; CEF is streamed line by line, XDR inputs are joined
 * with each other. Unrecognised or unreadable inputs are reasons in the result, never exceptions.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { decodeJsonBytes } from '../json';
import { CefReader } from './cef';
import { DETECT_BYTES, detectFormat } from './detect';
import { readGraph } from './graph';
import { fileLines, forEachLine } from './lines';
import { readSentinel } from './sentinel';
import { combineResults, emptyResult, type ReaderResult, type SourceFormat } from './types';
import { readWorkbook } from './xlsx';
import { readXdr } from './xdr';

export interface ImportSource {
  /** How the input is named in reasons: a path as the user gave it, `<stdin>`, `<clipboard>`. */
  name: string;
  file?: string;
  bytes?: Uint8Array;
}

export interface ReadOptions {
  /** Force a reader instead of detecting it. */
  from?: SourceFormat;
  cancelled?: () => boolean;
  onProgress?: (message: string) => void;
}

export interface ReadOutcome {
  result: ReaderResult;
  formats: { name: string; format?: SourceFormat }[];
  /** CEF lines read (for the benchmark and the report). */
  lines: number;
  cancelled: boolean;
}

/** JSON and CSV exports are read whole; beyond this they are refused (CEF has no such limit). */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

export async function readSources(sources: ImportSource[], options: ReadOptions = {}): Promise<ReadOutcome> {
  const results: ReaderResult[] = [];
  const formats: ReadOutcome['formats'] = [];
  const xdr: { text: string; file: string }[] = [];
  let lines = 0;
  for (const source of sources) {
    if (options.cancelled?.()) return { result: combineResults(results), formats, lines, cancelled: true };
    options.onProgress?.(`Reading ${source.name}`);
    const refuse = (reason: string) => {
      const r = emptyResult();
      r.skipped.push({ where: source.name, reason });
      results.push(r);
    };
    let head: Uint8Array;
    try {
      head = headOf(source);
    } catch (err) {
      refuse(`cannot read it: ${(err as Error).message}`);
      continue;
    }
    const detected = options.from ? { format: options.from } : detectFormat(head);
    formats.push({ name: source.name, format: detected.format });
    if (!detected.format) {
      refuse('reason' in detected ? detected.reason : 'not recognised');
      continue;
    }
    if (detected.format === 'cef') {
      const reader = new CefReader(source.name);
      const stream = source.file ? fileLines(source.file) : Readable.from([Buffer.from(source.bytes ?? new Uint8Array())]);
      const read = await forEachLine(stream, (text, n) => reader.line(text, n), (n) => reader.line('\u0000', n), { cancelled: options.cancelled });
      lines += read.lines;
      results.push(reader.finish());
      if (read.cancelled) return { result: combineResults(results), formats, lines, cancelled: true };
      continue;
    }
    if (detected.format === 'xlsx') {
      results.push(await readWorkbook(source.file ?? Buffer.from(source.bytes ?? new Uint8Array()), source.name));
      continue;
    }
    const size = source.file ? fs.statSync(source.file).size : source.bytes?.length ?? 0;
    if (size > MAX_DOCUMENT_BYTES) {
      refuse(`${Math.round(size / 1048576)} MB is more than a ${detected.format} export is read whole (${MAX_DOCUMENT_BYTES / 1048576} MB): split it, or export JSON Lines`);
      continue;
    }
    const decoded = decodeJsonBytes(source.file ? fs.readFileSync(source.file) : source.bytes ?? new Uint8Array());
    if (!decoded.ok) {
      refuse(decoded.issue.message);
      continue;
    }
    if (detected.format === 'xdr') xdr.push({ text: decoded.text, file: source.name });
    else results.push(detected.format === 'graph' ? readGraph(decoded.text, source.name) : readSentinel(decoded.text, source.name));
  }
  if (xdr.length) results.push(readXdr(xdr));
  return { result: combineResults(results), formats, lines, cancelled: false };
}

function headOf(source: ImportSource): Uint8Array {
  if (!source.file) return (source.bytes ?? new Uint8Array()).subarray(0, DETECT_BYTES);
  const fd = fs.openSync(source.file, 'r');
  try {
    const buf = Buffer.alloc(DETECT_BYTES);
    return buf.subarray(0, fs.readSync(fd, buf, 0, DETECT_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}
