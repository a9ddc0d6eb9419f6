/**
 * Reading written reports back with exceljs (a different code path from the streaming writer) and
 * comparing every sheet, row and cell with the model they were written from.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { HEADER_ROWS, type Cell, type WorkbookModel } from '../../src/core/export/cells';
import { planWorkbook, type LayoutOptions } from '../../src/core/export/layout';
import { cleanCellText, safeHyperlink } from '../../src/core/export/safety';

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The text a reader gets for a string the writer was given (cleaned; `_xHHHH_` escapes decoded again). */
export function readText(s: string): string {
  return cleanCellText(s).text.replace(/_x005F_/g, '_');
}

/** What exceljs reads back for a model cell. */
export function expectedValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null || cell === undefined || cell === '') return null;
  if (typeof cell === 'string') return readText(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean' || cell instanceof Date) return cell;
  if (cell.kind === 'sourced') return readText(cell.text);
  if (cell.kind === 'link') {
    const url = safeHyperlink(cell.url);
    return url ? { text: readText(cell.text), hyperlink: url } : readText(cell.text);
  }
  return expectedValue(cell.value);
}

/** Compares every sheet (names, order, banner, title, caption, headers) and every cell with the model. */
export function assertMatchesModel(wb: ExcelJS.Workbook, model: WorkbookModel, layout: LayoutOptions = {}): void {
  const plan = planWorkbook(model, layout);
  const expectedNames = plan.flatMap((p) => p.parts.map((x) => x.name));
  assert.deepEqual(wb.worksheets.map((w) => w.name), expectedNames, 'sheet names and order');
  for (const { sheet, parts } of plan) {
    const rows = [...sheet.rows()];
    for (const part of parts) {
      const ws = wb.getWorksheet(part.name)!;
      const at = (r: number, c: number) => ws.getRow(r).getCell(c).value;
      assert.equal(at(1, 1), model.banner, `${part.name}: banner`);
      assert.equal(at(2, 1), readText(sheet.title), `${part.name}: title`);
      assert.equal(at(3, 1), readText(part.caption), `${part.name}: caption`);
      assert.deepEqual(sheet.columns.map((_, c) => at(HEADER_ROWS, c + 1)), sheet.columns.map((c) => c.header), `${part.name}: headers`);
      for (let i = 0; i < part.rowCount; i++) {
        const row = rows[part.firstRow + i]!;
        const got = sheet.columns.map((_, c) => normalise(at(HEADER_ROWS + 1 + i, c + 1)));
        assert.deepEqual(got, row.map(expectedValue), `${part.name}: row ${i + 1}`);
      }
      assert.equal(ws.actualRowCount, HEADER_ROWS + part.rowCount, `${part.name}: no extra rows`);
    }
  }
}

/** exceljs adds a `tooltip` to hyperlink values it reads; compare text and target only. */
function normalise(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (v && typeof v === 'object' && 'hyperlink' in v) return { text: v.text, hyperlink: v.hyperlink };
  return v === undefined ? null : v;
}

/** The raw XML of every worksheet in the file. */
export async function sheetXml(file: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    out[name] = await zip.file(name)!.async('string');
  }
  return out;
}
