/**
 * Making untrusted fixture text safe to put in a spreadsheet: never a formula, never a link to anything
 * but a web page, never a character the XML inside an .xlsx cannot hold, never over Excel's limits.
 * Pure functions; the writer passes every string through `cleanCellText` and every URL through
 * `safeHyperlink`, so nothing reaches a workbook unchecked.
 */

/** Excel's hard limits (Microsoft's "Excel specifications and limits"). */
export const EXCEL_LIMITS = {
  cellCharacters: 32_767,
  rowsPerSheet: 1_048_576,
  sheetNameCharacters: 31,
  hyperlinkCharacters: 2_079,
} as const;

/**
 * First characters that make a spreadsheet treat typed or imported text as a formula (the OWASP
 * "CSV injection" list: = + - @ tab CR; LF too, since XML turns a CR into a LF).
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);

/** True when text would start a formula if a person re-entered it, or a CSV export were re-imported. */
export function looksLikeFormula(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!);
}

/**
 * Characters XML 1.0 cannot hold: C0 controls other than tab/LF/CR, U+FFFE, U+FFFF and lone surrogates
 * (half of a character whose other half is missing).
 */
const ILLEGAL = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const XML_ILLEGAL = new RegExp(ILLEGAL, 'g');
/** OOXML reads `_xHHHH_` in a string as an escaped character: escape the underscore to keep it literal. */
const OOXML_ESCAPE_LOOKALIKE = /_x([0-9A-Fa-f]{4})_/g;
/** Anything that needs work: the above, a CR (XML parsers turn it into LF; we do it ourselves so what is
 * written is what is read back), or an `_xHHHH_` look-alike. */
const NEEDS_CLEANING = new RegExp(`${ILLEGAL}|\\r|_x[0-9A-Fa-f]{4}_`);

export const REPLACEMENT_CHARACTER = '\uFFFD';

export interface CleanText {
  /** The text to write. */
  text: string;
  /** How many characters XML cannot hold were replaced by U+FFFD. */
  replaced: number;
  /** Set when the text was cut to fit a cell: the length of the text before cutting. */
  cutFrom?: number;
}

/**
 * Cleans one cell's text. Fast path: ordinary text is returned as it is, without copying.
 * Line endings become LF; characters XML cannot hold (and lone surrogates) become U+FFFD; text over
 * Excel's cell limit is cut and ends with a visible marker saying how long it was.
 */
export function cleanCellText(value: string, limit: number = EXCEL_LIMITS.cellCharacters): CleanText {
  if (value.length <= limit && !NEEDS_CLEANING.test(value)) return { text: value, replaced: 0 };
  let replaced = 0;
  let text = value.replace(/\r\n?/g, '\n');
  text = text.replace(XML_ILLEGAL, () => {
    replaced++;
    return REPLACEMENT_CHARACTER;
  });
  const result: CleanText = { text, replaced };
  if (text.length > limit) {
    result.text = cutWithMarker(text, limit);
    result.cutFrom = text.length;
  }
  // Escaping adds characters the reader removes again, so it comes after cutting (Excel counts decoded text).
  result.text = result.text.replace(OOXML_ESCAPE_LOOKALIKE, '_x005F_x$1_');
  return result;
}

/** The visible end of a cut cell, e.g. ` … [cut: 32 700 of 120 000 characters shown; see the cell's note]`. */
export function cutMarker(shown: number, total: number): string {
  return ` … [cut: ${groupDigits(shown)} of ${groupDigits(total)} characters shown; see the cell's note]`;
}

function cutWithMarker(text: string, limit: number): string {
  // The marker's own length depends on how much is shown; its digits can only shrink as `shown` does.
  let shown = limit - cutMarker(limit, text.length).length;
  // Never split a surrogate pair: that would leave half a character, which XML cannot hold.
  const last = text.charCodeAt(shown - 1);
  if (last >= 0xd800 && last <= 0xdbff) shown--;
  return text.slice(0, Math.max(0, shown)) + cutMarker(shown, text.length);
}

/** The note attached to a cut cell: what happened and where the whole text is. */
export function cutNote(total: number, source: string | undefined): string {
  const where = source ? ` The complete text is in ${source}.` : ' The complete text is in the fixture file.';
  return `This text has ${groupDigits(total)} characters, over Excel's limit of ${groupDigits(EXCEL_LIMITS.cellCharacters)} per cell, so it was cut.${where}`;
}

/** `1048576` → `1 048 576` (a thin grouping that reads the same in every locale). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/**
 * The URL to link to, or undefined when the value must not become a link: only absolute http and https
 * URLs, no credentials, within Excel's hyperlink length.
 */
export function safeHyperlink(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > EXCEL_LIMITS.hyperlinkCharacters) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007F]/.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href.length <= EXCEL_LIMITS.hyperlinkCharacters ? url.href : undefined;
}

/** Characters Excel refuses in a sheet name. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * A valid sheet name from any text: no `[]:*?/\`, no control characters, no straight apostrophe (one
 * inside becomes ’), not blank, not Excel's reserved "History", at most 31 characters.
 */
export function validSheetName(wanted: string, fallback = 'Sheet'): string {
  let name = wanted
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(SHEET_NAME_FORBIDDEN, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim()
    // Print titles name the sheet as 'name'!$1:$4, which exceljs does not escape: no straight apostrophe inside.
    .replace(/'/g, '\u2019');
  if (!name) name = fallback;
  if (name.toLowerCase() === 'history') name = `${name} (data)`;
  return truncateChars(name, EXCEL_LIMITS.sheetNameCharacters).trim().replace(/'+$/, '') || fallback;
}

/**
 * Sheet names unique within one workbook (Excel compares them case-insensitively): the first keeps its
 * name, later ones get ` (2)`, ` (3)`… while staying within 31 characters.
 */
export class SheetNamer {
  private readonly used = new Set<string>();

  /** A unique valid name for `wanted`; `suffix` (e.g. ` (2)` of a continuation sheet) is never cut off. */
  name(wanted: string, suffix = ''): string {
    const base = validSheetName(wanted);
    const withSuffix = (n: string, extra: string) => truncateChars(n, EXCEL_LIMITS.sheetNameCharacters - extra.length).trimEnd() + extra;
    let candidate = withSuffix(base, suffix);
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = withSuffix(base, `${suffix} (${n})`);
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
