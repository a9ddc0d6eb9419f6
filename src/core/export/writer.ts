/**
 * Writes a report model to an .xlsx file with exceljs's streaming writer: rows are committed one by
 * one, so memory stays flat however many rows an alert has. The only module that imports exceljs;
 * it is bundled on its own (dist/report-writer.js) and loaded only when an export runs (loadWriter.ts).
 *
 * Every string goes through `cleanCellText` and is written as a shared-string text cell (never a
 * formula, whatever it starts with); every URL through `safeHyperlink`.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CREATOR, HEADER_ROWS, TIME_FORMAT, type Cell, type CellMark, type Column, type WorkbookModel } from './cells';
import { planWorkbook, type LayoutOptions } from './layout';
import { cleanCellText, cutNote, looksLikeFormula, safeHyperlink } from './safety';

export interface WriteOptions extends LayoutOptions {
  /** Called now and then with the table rows written so far and the total. */
  onProgress?(rowsWritten: number, totalRows: number): void;
  /** Polled between rows; when it returns true the export stops and no file is left behind. */
  isCancelled?(): boolean;
}

export interface WriteResult {
  file: string;
  /** Names of the sheets written, in order. */
  sheets: string[];
  /** Table rows written (all sheets). */
  rows: number;
  /** Cells whose text was over Excel's limit and was cut (each has a note). */
  cutCells: number;
  /** Characters XML cannot hold that were replaced by U+FFFD. */
  replacedCharacters: number;
  /** URLs written as text because they were not http(s). */
  unlinkedUrls: number;
  /** Sheets added because a table was longer than Excel's row limit. */
  continuationSheets: number;
  cancelled: boolean;
}

/**
 * Row heights for wrapped text. Neither Excel nor LibreOffice sizes a row to its wrapped text when it
 * opens a file, so a row with a long description would print as one line with the rest drawn over the
 * rows below it: the writer sets the height from an estimate of the lines (Excel's maximum is 409 pt).
 */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;

/** Lines a text needs in a wrapped column `width` characters wide (a word never splits, so round up per paragraph). */
export function wrappedLines(text: string, width: number): number {
  if (!text) return 1;
  const perLine = Math.max(1, Math.floor(width));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines += Math.max(1, Math.ceil(paragraph.length / perLine));
    if (lines * LINE_HEIGHT >= MAX_ROW_HEIGHT) break;
  }
  return lines;
}

function textOfCell(value: NonNullable<Cell>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !(value instanceof Date) && (value.kind === 'sourced' || value.kind === 'link')) return value.text;
  return '';
}

/** Rows between yields to the event loop, which let the zip stream drain and progress and cancellation run. */
const ROWS_PER_SLICE = 2000;

type Style = Partial<ExcelJS.Style>;
const top: Partial<ExcelJS.Alignment> = { vertical: 'top' };
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF8EA9C1' } };
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/**
 * Shared style objects: exceljs keeps one style id per object, so styles.xml stays tiny however many
 * cells use them. Text that looks like a formula also gets the Text number format (`@`), so that
 * editing the cell in Excel keeps it text.
 */
const STYLES = {
  banner: { font: { bold: true, size: 14, color: { argb: 'FF1F4E78' } } },
  title: { font: { bold: true, size: 12 } },
  caption: { font: { italic: true, color: { argb: 'FF595959' } } },
  header: {
    font: { bold: true, color: { argb: 'FFFFFFFF' } },
    fill: solid('FF1F4E78'),
    border: { bottom: thin, right: thin },
    alignment: { vertical: 'middle', wrapText: true },
  },
  text: { alignment: top },
  textAsText: { alignment: top, numFmt: '@' },
  long: { alignment: { vertical: 'top', wrapText: true } },
  longAsText: { alignment: { vertical: 'top', wrapText: true }, numFmt: '@' },
  number: { alignment: top },
  time: { alignment: { vertical: 'top', horizontal: 'left' }, numFmt: TIME_FORMAT },
  link: { alignment: top, font: { color: { argb: 'FF0563C1' }, underline: true } },
} satisfies Record<string, Style>;

const MARK_STYLES: Record<CellMark, Style> = {
  'severity-high': { alignment: top, font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: solid('FFC00000') },
  'severity-medium': { alignment: top, font: { bold: true, color: { argb: 'FF000000' } }, fill: solid('FFFFC000') },
  'severity-low': { alignment: top, font: { color: { argb: 'FF000000' } }, fill: solid('FFD9D9D9') },
};

/**
 * How every sheet prints: landscape, all columns scaled onto one page width (as many pages down as the
 * rows need), the banner, title, caption and column headers repeated at the top of every page, and a
 * footer naming the sheet with the page number. Without it a wide sheet prints one column per page.
 */
const PRINT_SETUP: Pick<Partial<ExcelJS.AddWorksheetOptions>, 'pageSetup' | 'headerFooter'> = {
  pageSetup: {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    // 0: no limit on the number of pages down.
    fitToHeight: 0,
    printTitlesRow: `1:${HEADER_ROWS}`,
    horizontalCentered: false,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
  },
  // &A the sheet's name, &P the page number, &N the number of pages (of this sheet).
  headerFooter: { oddFooter: '&L&A&RPage &P of &N' },
};

/** Writes the workbook to `file` (through a temporary file renamed at the end: never a half-written report). */
export async function writeWorkbook(model: WorkbookModel, file: string, options: WriteOptions = {}): Promise<WriteResult> {
  const plan = planWorkbook(model, options);
  const totalRows = plan.reduce((n, p) => n + p.sheet.rowCount, 0);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`);
  const result: WriteResult = { file, sheets: [], rows: 0, cutCells: 0, replacedCharacters: 0, unlinkedUrls: 0, continuationSheets: 0, cancelled: false };

  const workbook = quietly(() => new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: true }));
  Object.assign(workbook, { creator: CREATOR, lastModifiedBy: CREATOR, created: model.created, modified: model.created, title: model.title, subject: model.subject });
  const cells = new CellWriter(result, model.source);
  try {
    outer: for (const { sheet, parts } of plan) {
      const rows = sheet.rows()[Symbol.iterator]();
      for (const part of parts) {
        const ws = workbook.addWorksheet(part.name, {
          views: [{ state: 'frozen', ySplit: HEADER_ROWS, xSplit: 0, activeCell: `A${HEADER_ROWS + 1}` }],
          ...PRINT_SETUP,
        });
        result.sheets.push(part.name);
        if (part.part > 1) result.continuationSheets++;
        ws.columns = sheet.columns.map((c) => ({ width: c.width }));
        writeTop(ws, model.banner, sheet.title, part.caption, sheet.columns, cells);
        const lastColumn = Math.max(1, sheet.columns.length);
        ws.autoFilter = { from: { row: HEADER_ROWS, column: 1 }, to: { row: HEADER_ROWS + part.rowCount, column: lastColumn } };
        for (let i = 0; i < part.rowCount; i++) {
          const next = rows.next();
          if (next.done) break;
          const row = ws.getRow(HEADER_ROWS + 1 + i);
          const lines = cells.writeRow(row, next.value, sheet.columns);
          if (lines > 1) row.height = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT);
          row.commit();
          result.rows++;
          if (result.rows % ROWS_PER_SLICE === 0) {
            await drained(ws);
            options.onProgress?.(result.rows, totalRows);
            if (options.isCancelled?.()) {
              result.cancelled = true;
              ws.commit();
              break outer;
            }
          }
        }
        // Only the table prints: without a print area, text overflowing the last column would widen the page.
        // exceljs adds the `$` before each column; LibreOffice reads the area only with the rows absolute too.
        ws.pageSetup.printArea = `A$1:${ws.getColumn(lastColumn).letter}$${HEADER_ROWS + part.rowCount}`;
        ws.commit();
      }
    }
    await workbook.commit();
    if (result.cancelled || options.isCancelled?.()) {
      result.cancelled = true;
      await fs.rm(partial, { force: true });
      return result;
    }
    options.onProgress?.(result.rows, totalRows);
    await replace(partial, file);
    return result;
  } catch (err) {
    // Stop the zip and wait for the file to close before removing it: the file stream opens
    // asynchronously (removing first would let it reappear), and Windows cannot delete an open file.
    const internals = workbook as unknown as { zip?: { abort?(): void }; stream?: Writable & { closed?: boolean } };
    internals.zip?.abort?.();
    const out = internals.stream;
    if (out && !out.closed) {
      await new Promise((resolve) => {
        out.once('close', resolve);
        out.destroy();
      });
    }
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * archiver-utils (inside exceljs) still calls the deprecated `new Buffer(string)`, first while the
 * workbook writer is constructed. Node says nothing about such calls from node_modules, but bundled into
 * dist/report-writer.js the call site is not there any more, and the CLI would print DEP0005 on stderr.
 * Node emits that warning at most once per process, so muting deprecations for this one synchronous
 * call lets it pass without hiding any other warning.
 */
function quietly<T>(create: () => T): T {
  const proc = process as NodeJS.Process & { noDeprecation?: boolean };
  const previous = proc.noDeprecation;
  proc.noDeprecation = true;
  try {
    return create();
  } finally {
    proc.noDeprecation = previous;
  }
}

/**
 * Lets the zip stream catch up: exceljs's sheet stream hands data to the compressor without waiting,
 * so when the compressor falls behind (a busy machine, a slow disk) we wait for it to drain instead of
 * queueing the rest of the sheet in memory. Always yields once, so progress and cancellation run.
 */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const pipes = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
  for (const p of pipes) {
    // archiver's streams come from the readable-stream package, which predates `writableNeedDrain`.
    const w = p as Writable & { _writableState?: { needDrain?: boolean } };
    if (!(w.writableNeedDrain ?? w._writableState?.needDrain) || w.destroyed) continue;
    // `once` rejects on 'error'; 'close' ends the wait too, so a failing zip cannot leave us hanging.
    // Aborting afterwards removes the listeners of the event that did not happen.
    const done = new AbortController();
    try {
      await Promise.race([once(w, 'drain', { signal: done.signal }), once(w, 'close', { signal: done.signal })]);
    } finally {
      done.abort();
    }
  }
}

/** Renames the finished file over the target; explains the usual reason it fails (the file is open). */
async function replace(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    await fs.rm(from, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new Error(`Cannot write ${to} (${code}): is it open in a spreadsheet application, or read-only?`, { cause: err });
    }
    if (code === 'EISDIR') throw new Error(`Cannot write ${to}: it is a folder.`, { cause: err });
    throw err;
  }
}

/** Banner, title, caption and the column headers. */
function writeTop(ws: ExcelJS.Worksheet, banner: string, title: string, caption: string, columns: Column[], cells: CellWriter): void {
  const lines: [string, Style][] = [[banner, STYLES.banner], [title, STYLES.title], [caption, STYLES.caption]];
  lines.forEach(([text, style], i) => {
    const row = ws.getRow(i + 1);
    cells.writeText(row.getCell(1), text, style, STYLES.textAsText);
    row.commit();
  });
  const header = ws.getRow(HEADER_ROWS);
  // Two lines at least; a long header in a narrow column wraps onto more.
  header.height = Math.max(2, ...columns.map((c) => wrappedLines(c.header, c.width))) * LINE_HEIGHT;
  columns.forEach((c, i) => cells.writeText(header.getCell(i + 1), c.header, STYLES.header, STYLES.header));
  header.commit();
}

/** Turns model cells into exceljs cells, counting what had to be cleaned. */
class CellWriter {
  constructor(private readonly result: WriteResult, private readonly defaultSource: string | undefined) {}

  /** Writes a table row; returns how many lines its tallest wrapped cell needs. */
  writeRow(row: ExcelJS.Row, values: Cell[], columns: Column[]): number {
    let lines = 1;
    for (let c = 0; c < values.length; c++) {
      const value = values[c];
      if (value === null || value === undefined || value === '') continue;
      const column = columns[c];
      this.write(row.getCell(c + 1), value, column?.kind ?? 'text');
      if (column?.kind === 'long') lines = Math.max(lines, wrappedLines(textOfCell(value), column.width));
    }
    return lines;
  }

  private write(cell: ExcelJS.Cell, value: NonNullable<Cell>, kind: Column['kind']): void {
    const long = kind === 'long';
    if (typeof value === 'string') {
      this.writeText(cell, value, long ? STYLES.long : STYLES.text, long ? STYLES.longAsText : STYLES.textAsText);
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) {
        cell.value = value;
        cell.style = STYLES.number;
      } else this.writeText(cell, String(value), STYLES.text, STYLES.textAsText);
    } else if (typeof value === 'boolean') {
      cell.value = value;
      cell.style = STYLES.text;
    } else if (value instanceof Date) {
      cell.value = value;
      cell.style = STYLES.time;
    } else if (value.kind === 'sourced') {
      this.writeText(cell, value.text, long ? STYLES.long : STYLES.text, long ? STYLES.longAsText : STYLES.textAsText, value.source);
    } else if (value.kind === 'link') {
      const url = safeHyperlink(value.url);
      if (!url) {
        this.result.unlinkedUrls++;
        this.writeText(cell, value.text, STYLES.text, STYLES.textAsText);
        cell.note = 'Not a link: only http and https addresses are made clickable.';
        return;
      }
      const text = this.clean(value.text);
      cell.value = { text: text.text, hyperlink: url, tooltip: url };
      cell.style = STYLES.link;
    } else if (value.value !== null && value.value !== undefined && value.value !== '') {
      this.write(cell, value.value, kind);
      cell.style = MARK_STYLES[value.mark];
    }
  }

  /** A text cell: cleaned, cut with a note when too long, Text-formatted when it looks like a formula. */
  writeText(cell: ExcelJS.Cell, value: string, style: Style, formulaLikeStyle: Style, source?: string): void {
    const clean = this.clean(value);
    // A plain string value: exceljs writes it as a shared string (t="s"), which no application evaluates.
    cell.value = clean.text;
    cell.style = looksLikeFormula(clean.text) ? formulaLikeStyle : style;
    if (clean.cutFrom !== undefined) cell.note = cutNote(clean.cutFrom, source ?? this.defaultSource);
  }

  private clean(value: string) {
    const clean = cleanCellText(value);
    this.result.replacedCharacters += clean.replaced;
    if (clean.cutFrom !== undefined) this.result.cutCells++;
    return clean;
  }
}
