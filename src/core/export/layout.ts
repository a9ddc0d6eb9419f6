/**
 * From logical sheets to the sheets of the file: valid unique names, and tables longer than Excel's
 * row limit continued on numbered continuation sheets (`Network Activities (2)`, …), each with the
 * same banner, title and column headers, and a caption saying which rows it holds.
 */
import { HEADER_ROWS, type SheetModel, type WorkbookModel } from './cells';
import { EXCEL_LIMITS, SheetNamer, groupDigits } from './safety';

export interface SheetPart {
  /** The sheet's name in the file. */
  name: string;
  caption: string;
  /** 1-based part number and the number of parts of this logical sheet. */
  part: number;
  parts: number;
  /** 0-based index of this part's first table row within the logical sheet, and how many rows it holds. */
  firstRow: number;
  rowCount: number;
}

export interface PlannedSheet {
  sheet: SheetModel;
  parts: SheetPart[];
}

export interface LayoutOptions {
  /** Rows per sheet including the header rows (Excel: 1 048 576); lower only in tests. */
  maxRowsPerSheet?: number;
}

export function planWorkbook(model: WorkbookModel, options: LayoutOptions = {}): PlannedSheet[] {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_LIMITS.rowsPerSheet;
  const perSheet = maxRows - HEADER_ROWS;
  if (!Number.isInteger(perSheet) || perSheet < 1) throw new RangeError(`A sheet needs room for at least one row below its ${HEADER_ROWS} header rows.`);
  const namer = new SheetNamer();
  return model.sheets.map((sheet) => {
    const count = Math.max(1, Math.ceil(sheet.rowCount / perSheet));
    const parts: SheetPart[] = [];
    for (let i = 0; i < count; i++) {
      const firstRow = i * perSheet;
      const rowCount = Math.max(0, Math.min(perSheet, sheet.rowCount - firstRow));
      const name = namer.name(sheet.name, i === 0 ? '' : ` (${i + 1})`);
      const caption = count === 1 ? sheet.caption
        : `${sheet.caption} Part ${i + 1} of ${count}: rows ${groupDigits(firstRow + 1)} to ${groupDigits(firstRow + rowCount)}` +
          `${i === 0 ? '' : ` (continued from "${parts[0]!.name}")`}; Excel holds at most ${groupDigits(maxRows)} rows per sheet.`;
      parts.push({ name, caption, part: i + 1, parts: count, firstRow, rowCount });
    }
    return { sheet, parts };
  });
}
