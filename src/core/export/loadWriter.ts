/**
 * Loads the report writer (and with it exceljs, about a megabyte of code) only when an export runs,
 * so that activating the extension or starting the CLI does not pay for it.
 *
 * Built, the writer is its own bundle beside the caller's: dist/report-writer.js next to
 * dist/extension.js and dist/cli.js (scripts/build.mjs marks `./report-writer.js` external). Run from
 * sources (unit tests through tsx) there is no bundle, so the source module beside this file is used.
 */
import path from 'node:path';

export type ReportWriter = typeof import('./writer');

let loaded: ReportWriter | undefined;

export function loadReportWriter(): ReportWriter {
  if (loaded) return loaded;
  try {
    loaded = require('./report-writer.js') as ReportWriter;
  } catch (err) {
    if (!isMissing(err, 'report-writer')) throw err;
    // Not bundled: a computed path, so that esbuild does not pull the sources into the caller's bundle.
    loaded = require(path.join(__dirname, 'writer')) as ReportWriter;
  }
  return loaded;
}

function isMissing(err: unknown, name: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(name);
}
