/**
 * A small CEF tokenizer that survives what Defender for Identity and ATA really send: anything before
 * `|Microsoft|` (syslog receiver prefixes, a BOM read as Latin-1, a lost `CEF:0`), the spec's escapes
 * (`\|` `\\` in the header; `\=` `\\` `\n` `\r` in values) plus MDI's non-standard `\:`.
 * It scans with indexOf and slices instead of regular expressions and per-character concatenation: a
 * 200 MB stream is a million lines, and this runs once per line.
 */

export interface CefEvent {
  vendor: string;
  product: string;
  version: string;
  signatureId: string;
  name: string;
  severity: string;
  extension: Record<string, string>;
}

export type CefParse = { ok: true; event: CefEvent } | { ok: false; reason: string };

const VENDOR = '|Microsoft|';
const BACKSLASH = 0x5c;
const PIPE = 0x7c;

export function parseCefLine(line: string): CefParse {
  const at = line.indexOf(VENDOR);
  if (at < 0) return { ok: false, reason: line.includes('CEF') ? 'a CEF event that is not from Microsoft (no "|Microsoft|" vendor field)' : 'not a CEF event (no "|Microsoft|" vendor field)' };
  const fields: string[] = ['Microsoft'];
  let i = at + VENDOR.length;
  while (fields.length < 6) {
    const bar = line.indexOf('|', i);
    if (bar < 0) break;
    const slash = line.indexOf('\\', i);
    if (slash < 0 || slash > bar) {
      fields.push(line.slice(i, bar));
      i = bar + 1;
      continue;
    }
    // A backslash before the next pipe: this field has escapes (`\|` and `\\`), read it character by character.
    let field = '';
    for (; i < line.length; i++) {
      const c = line.charCodeAt(i);
      const next = line.charCodeAt(i + 1);
      if (c === BACKSLASH && (next === PIPE || next === BACKSLASH)) {
        field += line[i + 1];
        i++;
      } else if (c === PIPE) break;
      else field += line[i];
    }
    if (i >= line.length) break;
    fields.push(field);
    i++;
  }
  if (fields.length < 6) {
    return { ok: false, reason: `the CEF header is cut short (${fields.length} of the 7 fields Vendor|Product|Version|Signature ID|Name|Severity|Extension)` };
  }
  const [vendor, product, version, signatureId, name, severity] = fields as [string, string, string, string, string, string];
  return { ok: true, event: { vendor, product: product.trim(), version, signatureId: signatureId.trim(), name: name.trim(), severity: severity.trim(), extension: parseExtension(line.slice(i)) } };
}

/** Letters, digits and `_.[]`: the characters of an extension key. */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x5b || c === 0x5d;
}

/** What a regular expression's `\s` matches (white space and line terminators, Unicode's included). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Keys are letters, digits and `_.[]` at the start or after white space, followed by `=`; a value runs to
 * the white space before the next key. `\=` inside a value opens no key: a backslash is no key character.
 */
export function parseExtension(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let key: string | undefined;
  let valueAt = 0;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let k = eq;
    while (k > 0 && isKeyChar(text.charCodeAt(k - 1))) k--;
    if (k === eq || (k > 0 && !isSpace(text.charCodeAt(k - 1)))) continue;
    if (key !== undefined) out[key] = unescapeValue(text.slice(valueAt, endOfValue(text, valueAt, k)));
    key = text.slice(k, eq);
    valueAt = eq + 1;
  }
  if (key !== undefined) out[key] = unescapeValue(text.slice(valueAt, endOfValue(text, valueAt, text.length)));
  return out;
}

/** Where a value ends before the white space that separates it from the next key: one slice, not a slice and a trim. */
function endOfValue(text: string, from: number, to: number): number {
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

/** A value with the spec's escapes undone; line breaks, escaped or not, become `\n`. */
export function unescapeValue(v: string): string {
  let slash = v.indexOf('\\');
  if (slash < 0) return v.includes('\r') ? v.replace(/\r\n?/g, '\n') : v;
  let out = '';
  let from = 0;
  for (; slash >= 0 && slash + 1 < v.length; slash = v.indexOf('\\', from)) {
    const next = v[slash + 1]!;
    out += v.slice(from, slash);
    switch (next) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '=': case '\\': case ':': case '|': out += next; break;
      default: out += '\\' + next;
    }
    from = slash + 2;
  }
  out += v.slice(from);
  return out.includes('\r') ? out.replace(/\r\n?/g, '\n') : out;
}
