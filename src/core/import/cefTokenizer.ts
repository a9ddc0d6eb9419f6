/**
 * A small CEF tokenizer that survives what Defender for Identity and ATA really send: anything before
 * `|Microsoft|` (syslog receiver prefixes, a BOM read as Latin-1, a lost `CEF:0`), the spec's escapes
 * (`\|` `\\` in the header; `\=` `\\` `\n` `\r` in values) plus MDI's non-standard `\:`.
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

export function parseCefLine(line: string): CefParse {
  const at = line.indexOf(VENDOR);
  if (at < 0) return { ok: false, reason: line.includes('CEF') ? 'a CEF event that is not from Microsoft (no "|Microsoft|" vendor field)' : 'not a CEF event (no "|Microsoft|" vendor field)' };
  const fields: string[] = ['Microsoft'];
  let i = at + VENDOR.length;
  let field = '';
  while (fields.length < 6 && i < line.length) {
    const c = line[i]!;
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) {
      field += line[i + 1];
      i += 2;
      continue;
    }
    if (c === '|') {
      fields.push(field);
      field = '';
    } else field += c;
    i++;
  }
  if (fields.length < 6) {
    return { ok: false, reason: `the CEF header is cut short (${fields.length} of the 7 fields Vendor|Product|Version|Signature ID|Name|Severity|Extension)` };
  }
  const [vendor, product, version, signatureId, name, severity] = fields as [string, string, string, string, string, string];
  return { ok: true, event: { vendor, product: product.trim(), version, signatureId: signatureId.trim(), name: name.trim(), severity: severity.trim(), extension: parseExtension(line.slice(i)) } };
}

/** Keys are letters, digits and `_.[]`; a value runs to the space before the next `key=`. */
const KEY = /(?:^|\s)([A-Za-z0-9_.[\]]+)=/g;

export function parseExtension(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const starts: { key: string; keyAt: number; valueAt: number }[] = [];
  KEY.lastIndex = 0;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    const keyAt = m.index + (m[0].length - m[1]!.length - 1);
    // `\=` inside a value is not a key: the character before the `=` would be a backslash, which the
    // key pattern excludes, so only genuine `key=` openings match here.
    starts.push({ key: m[1]!, keyAt, valueAt: m.index + m[0].length });
  }
  for (let n = 0; n < starts.length; n++) {
    const s = starts[n]!;
    const end = n + 1 < starts.length ? starts[n + 1]!.keyAt : text.length;
    out[s.key] = unescapeValue(text.slice(s.valueAt, end).replace(/\s+$/, ''));
  }
  return out;
}

export function unescapeValue(v: string): string {
  if (!v.includes('\\')) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c !== '\\' || i + 1 >= v.length) {
      out += c;
      continue;
    }
    const next = v[++i]!;
    switch (next) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '=': case '\\': case ':': case '|': out += next; break;
      default: out += c + next;
    }
  }
  return out.replace(/\r\n?/g, '\n');
}
