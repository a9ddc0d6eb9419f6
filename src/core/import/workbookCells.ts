/**
 * An .xlsx as plain grids of text, numbers and dates, read with exceljs. The only import module that
 * loads exceljs; bundled on its own (dist/workbook-reader.js) and loaded only when a workbook is imported.
 * Before exceljs sees the file, the zip's own directory is checked, so a zip bomb is refused unread.
 * A formula cell gives its formula text (`=…`), never a computed value.
 */
import ExcelJS from 'exceljs';

export type GridValue = string | number | boolean | Date | null;

export interface Grid {
  name: string;
  /** rows[r][c], 0-based; row 0 is the sheet's first row. */
  rows: GridValue[][];
}

/** Uncompressed size a workbook may expand to, and the compression ratio beyond which an entry is a bomb. */
export const MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
const MAX_RATIO = 200;

export async function readGrids(bytes: Buffer): Promise<Grid[]> {
  checkZip(bytes);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: GridValue[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: GridValue[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        cells[c - 1] = plain(cell.value);
      });
      rows[n - 1] = cells;
    });
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}

function plain(v: ExcelJS.CellValue): GridValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as unknown as Record<string, unknown>;
  if (typeof o.formula === 'string') return `=${o.formula}`;
  if (typeof o.sharedFormula === 'string') return `=${o.sharedFormula}`;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
  // A link cell ("View in Browser") stands for its address; its text may be anything.
  if (typeof o.hyperlink === 'string' && /^https?:\/\//i.test(o.hyperlink)) return o.hyperlink;
  if (typeof o.text === 'string') return o.text;
  if (o.text && typeof o.text === 'object' && Array.isArray((o.text as { richText?: unknown }).richText)) {
    return ((o.text as { richText: { text?: string }[] }).richText).map((t) => t.text ?? '').join('');
  }
  if (typeof o.error === 'string') return o.error;
  return null;
}

/** Reads the zip's central directory and refuses archives that would expand beyond reason. */
export function checkZip(bytes: Buffer): void {
  const end = findEndOfCentralDirectory(bytes);
  if (end < 0) throw new Error('not a readable .xlsx: the zip directory is missing (the file is cut or not a workbook)');
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('not a readable .xlsx: the zip directory is damaged');
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    if (size === 0xffffffff || compressed === 0xffffffff) throw new Error('refused: the workbook holds a part over 4 GB (zip64), far beyond any alert report');
    total += size;
    if (total > MAX_UNCOMPRESSED_BYTES) throw new Error(`refused: the workbook would expand to more than ${MAX_UNCOMPRESSED_BYTES / 1048576} MB (a zip bomb?)`);
    if (size > 1048576 && size / Math.max(compressed, 1) > MAX_RATIO) throw new Error(`refused: a part of the workbook is compressed ${Math.round(size / Math.max(compressed, 1))}:1 (a zip bomb?)`);
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}
