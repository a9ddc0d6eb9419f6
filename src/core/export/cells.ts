/**
 * The vocabulary of a report workbook, independent of any spreadsheet library: sheets of typed cells.
 * There is deliberately no formula cell: every string is text, whatever it starts with.
 */

/** A plain value: text, a number, a boolean, an instant (a date cell in UTC), or an empty cell. */
export type Scalar = string | number | boolean | Date | null | undefined;

/** A hyperlink; the writer links only http(s) URLs and writes anything else as plain text. */
export interface LinkCell {
  kind: 'link';
  text: string;
  url: string;
}

/** Text with where it came from, so a cut cell's note can say where to find the whole text. */
export interface SourcedText {
  kind: 'sourced';
  text: string;
  source: string;
}

/** A value with a look that carries meaning (severity colours on the Summary). */
export interface MarkedCell {
  kind: 'marked';
  value: Scalar;
  mark: CellMark;
}
export type CellMark = 'severity-high' | 'severity-medium' | 'severity-low';

export type Cell = Scalar | LinkCell | SourcedText | MarkedCell;

/** How a column's cells look: `time` = date cells with milliseconds, `long` = wrapped text. */
export type ColumnKind = 'text' | 'long' | 'time' | 'number' | 'link';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** Width in characters. */
  width: number;
}

/** One logical sheet: a banner, the alert title, a caption, then a table (header row + rows). */
export interface SheetModel {
  /** Wanted name; the layout makes it valid and unique. */
  name: string;
  title: string;
  caption: string;
  columns: Column[];
  rowCount: number;
  /** Rows, produced lazily: an alert may hold hundreds of thousands of activities. */
  rows(): Iterable<Cell[]>;
}

export interface WorkbookModel {
  /** Product banner, the first row of every sheet. */
  banner: string;
  /** Workbook properties. */
  title: string;
  subject: string;
  created: Date;
  /** The file the data came from, named in the note of a cut cell that has no source of its own. */
  source?: string;
  sheets: SheetModel[];
}

export const PRODUCT_BANNER = 'Microsoft Defender for Identity';
export const CREATOR = 'ATP Alert Workbench';

/** Excel shows times like the portal: `8/1/2018 6:25:34.667 PM` (the cell holds the UTC instant). */
export const TIME_FORMAT = 'm/d/yyyy h:mm:ss.000 AM/PM';

/** Rows above the table on every sheet: banner, title, caption, column headers. */
export const HEADER_ROWS = 4;

/** Untrusted JSON value → cell text: strings as they are, numbers and booleans spelled out, objects as JSON. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return String(value);
  }
}

/** A port, an event id: a number cell when it is one, else its text. */
export function numberOf(value: unknown): number | string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return textOf(value);
}

/** `recordType` → `Record Type`, `sourceIP` → `Source IP`: column headers from fixture keys. */
export function headerOf(key: string): string {
  const spaced = key
    .replace(/[_\s]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim();
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : key;
}
