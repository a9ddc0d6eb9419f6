/**
 * Line-by-line reading of a stream with bounded memory: only the current chunk and one line are held.
 * A line longer than `maxLineChars` (a binary or mangled file) is reported once and discarded, not
 * accumulated, so even a 200 MB file without a newline cannot exhaust memory.
 */
import { StringDecoder } from 'node:string_decoder';
import fs from 'node:fs';

export interface LineOptions {
  maxLineChars?: number;
  /** Checked between chunks; reading stops when it returns true. */
  cancelled?: () => boolean;
}

export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

/** Calls `onLine(text, lineNo)` for each line (1-based; CR LF or LF), `onTooLong(lineNo)` for an oversized one. */
export async function forEachLine(
  input: NodeJS.ReadableStream,
  onLine: (text: string, lineNo: number) => void,
  onTooLong: (lineNo: number) => void,
  options: LineOptions = {},
): Promise<{ lines: number; cancelled: boolean }> {
  const max = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNo = 0;
  let discarding = false;
  const emit = (text: string) => {
    lineNo++;
    if (discarding) {
      discarding = false;
      return;
    }
    onLine(text.endsWith('\r') ? text.slice(0, -1) : text, lineNo);
  };
  for await (const chunk of input) {
    if (options.cancelled?.()) return { lines: lineNo, cancelled: true };
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    if (lineNo === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      emit(text.slice(start, nl));
      start = nl + 1;
    }
    pending = text.slice(start);
    if (pending.length > max) {
      if (!discarding) onTooLong(lineNo + 1);
      discarding = true;
      pending = '';
    }
  }
  pending += decoder.end();
  if (pending.length) emit(pending);
  return { lines: lineNo, cancelled: false };
}

export function fileLines(file: string): NodeJS.ReadableStream {
  return fs.createReadStream(file, { highWaterMark: 256 * 1024 });
}
