/**
 * One measured export, in its own process so that its peak RSS is its own. export.bench.ts bundles
 * this file with esbuild first (as the extension and the CLI are bundled), then runs
 *   node export-child.js <ours|sheetjs> <input.json> <output.xlsx>
 *   node export-child.js parse <input.json>   (only reads and parses the input: the memory yardstick)
 * input.json = { alert, entities, profiles }. Both writers get the same rows (our report model); the
 * clock runs from reading the input to the file being written. Prints one JSON line.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildAlertReport, HEADER_ROWS, TIME_FORMAT, type Cell, type EntitySource, type WorkbookModel } from '../src/core/export/model';
import { NO_VERDICTS } from '../src/core/verdicts/lookup';
import type { Alert, UniqueEntity, UniqueEntityProfile } from '../src/core/model';

async function main() {
  const [mode, input, output] = process.argv.slice(2);
  if (mode === 'parse' && input) {
    // The memory yardstick: what reading and parsing the input costs before anything is exported.
    const started = performance.now();
    const data = JSON.parse(fs.readFileSync(input, 'utf8')) as { alert: Alert };
    const ms = performance.now() - started;
    process.stdout.write(JSON.stringify({ mode, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, rows: Array.isArray(data.alert.networkActivities) ? data.alert.networkActivities.length : 0, bytes: 0 }) + '\n');
    return;
  }
  if ((mode !== 'ours' && mode !== 'sheetjs') || !input || !output) throw new Error('usage: exportChild.ts <ours|sheetjs|parse> <input.json> <output.xlsx>');
  // Each mode loads only its own library (dynamic imports stay lazy in the bundle), before the clock starts.
  const writer = mode === 'ours' ? await import('../src/core/export/writer') : undefined;
  const XLSX = mode === 'sheetjs' ? await import('xlsx') : undefined;
  const started = performance.now();
  const data = JSON.parse(fs.readFileSync(input, 'utf8')) as { alert: Alert; entities: UniqueEntity[]; profiles: UniqueEntityProfile[] };
  const model = buildAlertReport({ alert: data.alert, entities: source(data.entities, data.profiles), verdicts: NO_VERDICTS, now: new Date(0) });
  let rows: number;
  if (writer) {
    rows = (await writer.writeWorkbook(model, output)).rows;
  } else {
    const lib = (XLSX as unknown as { default?: typeof import('xlsx') }).default ?? (XLSX as typeof import('xlsx'));
    // SheetJS's ES module build (what a bundler picks) needs to be handed the file system.
    (lib as unknown as { set_fs?: (f: typeof fs) => void }).set_fs?.(fs);
    rows = writeWithSheetJs(lib, model, output);
  }
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ mode, ms, maxRssMB: usage.maxRSS / 1024, rows, bytes: fs.statSync(output).size }) + '\n');
}

/** The same sheets and rows through SheetJS: arrays of arrays, `aoa_to_sheet`, `writeFile`. */
function writeWithSheetJs(XLSX: typeof import('xlsx'), model: WorkbookModel, output: string): number {
  const wb = XLSX.utils.book_new();
  let rows = 0;
  for (const sheet of model.sheets) {
    const aoa: unknown[][] = [[model.banner], [sheet.title], [sheet.caption], sheet.columns.map((c) => c.header)];
    for (const row of sheet.rows()) {
      aoa.push(row.map(plain));
      rows++;
    }
    const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true, dateNF: TIME_FORMAT });
    ws['!cols'] = sheet.columns.map((c) => ({ wch: c.width }));
    ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: HEADER_ROWS - 1, c: 0 }, e: { r: HEADER_ROWS - 1 + sheet.rowCount, c: sheet.columns.length - 1 } }) };
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  }
  XLSX.writeFile(wb, output, { cellDates: true });
  return rows;
}

function plain(cell: Cell): unknown {
  if (cell === null || cell === undefined) return null;
  if (typeof cell !== 'object' || cell instanceof Date) return cell;
  if (cell.kind === 'marked') return plain(cell.value);
  return cell.text;
}

function source(entities: UniqueEntity[], profiles: UniqueEntityProfile[]): EntitySource {
  const e = new Map(entities.map((x) => [x.Id.toLowerCase(), { file: 'bench', entity: x }]));
  const p = new Map(profiles.map((x) => [x.UniqueEntityId.toLowerCase(), { file: 'bench', profile: x }]));
  return { entity: (id) => e.get(id.toLowerCase()), profile: (id) => p.get(id.toLowerCase()) };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
