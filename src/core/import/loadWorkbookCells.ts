/**
 * Loads the workbook reader (and exceljs) only when a workbook is imported. Built, it is its own bundle
 * beside the caller's (dist/workbook-reader.js; scripts/build.mjs marks it external); from sources (unit
 * tests through tsx) the source module beside this file is used. Same arrangement as the report writer.
 */
import path from 'node:path';

export type WorkbookCells = typeof import('./workbookCells');

let loaded: WorkbookCells | undefined;

export function loadWorkbookCells(): WorkbookCells {
  if (loaded) return loaded;
  try {
    loaded = require('./workbook-reader.js') as WorkbookCells;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes('workbook-reader')) throw err;
    loaded = require(path.join(__dirname, 'workbookCells')) as WorkbookCells;
  }
  return loaded;
}
