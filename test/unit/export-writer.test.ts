import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildAlertReport, NETWORK_COLUMNS, SUMMARY_COLUMNS, type WorkbookModel } from '../../src/core/export/model';
import { buildIndexReport } from '../../src/core/export/indexReport';
import { loadReportWriter } from '../../src/core/export/loadWriter';
import { EXCEL_LIMITS, REPLACEMENT_CHARACTER } from '../../src/core/export/safety';
import type { Alert } from '../../src/core/model';
import { tempWorkspace } from './helpers';
import { ENTITIES, HOSTILE, IDS, entitySource, expectedText, fullAlert, hostileAlert, hostileEntities, verdicts } from './exportFixtures';
import { assertMatchesModel, readWorkbook, sheetXml } from './exportReadBack';

const NOW = new Date(Date.UTC(2025, 1, 3, 10, 0, 0));
const writer = loadReportWriter();
const dir = tempWorkspace({});
let n = 0;
const target = (name = `r${++n}.xlsx`) => path.join(dir, name);
const model = (alert: Alert = fullAlert(), entities = entitySource()) =>
  buildAlertReport({ alert, file: '/ws/alerts/a.alert.json', entities, verdicts: verdicts(), now: NOW });

test('every sheet, row and column reads back with exceljs exactly as modelled', async () => {
  const m = model();
  const file = target();
  const result = await writer.writeWorkbook(m, file);
  assert.equal(result.cancelled, false);
  assert.deepEqual(result.sheets, m.sheets.map((s) => s.name));
  assert.equal(result.rows, m.sheets.reduce((a, s) => a + s.rowCount, 0));
  assertMatchesModel(await readWorkbook(file), m);
});

test('the alert\'s evidence lines read back from the Evidence sheet: time as a date cell, text, entities named', async () => {
  const alert = fullAlert();
  const file = target();
  await writer.writeWorkbook(model(alert), file);
  const ws = (await readWorkbook(file)).getWorksheet('Evidence');
  assert.ok(ws, 'the report has an Evidence sheet');
  const names = new Map(ENTITIES.map((e) => [e.Id.toLowerCase(), e.SystemDisplayName]));
  const lines = alert.evidence!;
  lines.forEach((line, i) => {
    const row = ws.getRow(5 + i);
    const time = row.getCell(1).value;
    if (line.time) assert.equal((time as Date).toISOString(), new Date(line.time.replace(/(\.\d{3})\d+/, '$1')).toISOString(), `line ${i + 1} time`);
    else assert.equal(time, null, `line ${i + 1} has no time`);
    assert.equal(row.getCell(2).value, line.text, `line ${i + 1} text`);
    const cited = (line.entityIds ?? []).map((id) => names.get(id.toLowerCase()) ?? id).join(', ');
    assert.equal(row.getCell(3).value ?? '', cited, `line ${i + 1} entities`);
  });
  assert.equal(ws.actualRowCount, 4 + lines.length, 'one row per evidence line');
});

test('hostile evidence lines are written as text cells, never formulas', async () => {
  const file = target();
  await writer.writeWorkbook(model(hostileAlert(), entitySource(hostileEntities())), file);
  const ws = (await readWorkbook(file)).getWorksheet('Evidence')!;
  HOSTILE.forEach((s, i) => {
    const cell = ws.getRow(5 + i).getCell(2);
    assert.equal(cell.type, ExcelJS.ValueType.String, JSON.stringify(s));
    assert.equal(cell.value, expectedText(s));
  });
});

test('rows with wrapped text are as tall as their lines (Excel\'s 409 pt at most), so they print without overlapping', async () => {
  const description = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the description.`).join('\n');
  const file = target();
  await writer.writeWorkbook(model(fullAlert({ description })), file);
  const wb = await readWorkbook(file);
  const height = (sheet: string, row = 5) => wb.getWorksheet(sheet)!.getRow(row).height;
  assert.ok(height('Summary') >= 12 * 15, `12 lines of description: ${height('Summary')} pt`);
  assert.ok(!height('Source Computer') || height('Source Computer') <= 15, 'a one-line row keeps the default height');
  const net = wb.getWorksheet('Network Activities')!;
  assert.ok(net.getRow(4).height >= 45, `"Destination Computer Certainty" in a 12-character column needs three header lines: ${net.getRow(4).height} pt`);
  assert.equal(wb.getWorksheet('Source Computer')!.getRow(4).height, 30, 'short headers: two lines');
  const huge = target();
  await writer.writeWorkbook(model(fullAlert({ description: 'word '.repeat(8000) })), huge);
  assert.equal((await readWorkbook(huge)).getWorksheet('Summary')!.getRow(5).height, 409);
});

test('craft: frozen header rows, autofilter, column widths, time format with milliseconds, header and severity styles', async () => {
  const m = model();
  const file = target();
  await writer.writeWorkbook(m, file);
  const wb = await readWorkbook(file);
  for (const s of m.sheets) {
    const ws = wb.getWorksheet(s.name)!;
    assert.equal(ws.views[0]?.state, 'frozen', s.name);
    assert.equal((ws.views[0] as ExcelJS.WorksheetViewFrozen).ySplit, 4, s.name);
    const lastColumn = ws.getColumn(s.columns.length).letter;
    assert.equal(ws.autoFilter, `A4:${lastColumn}${4 + s.rowCount}`, s.name);
    s.columns.forEach((c, i) => assert.equal(ws.getColumn(i + 1).width, c.width, `${s.name} ${c.header} width`));
    assert.equal(ws.getRow(4).getCell(1).font?.bold, true, `${s.name} header bold`);
    assert.equal(ws.getRow(1).getCell(1).font?.bold, true, `${s.name} banner bold`);
  }
  const summary = wb.getWorksheet('Summary')!;
  const col = (header: string) => SUMMARY_COLUMNS.findIndex((c) => c.header === header) + 1;
  const start = summary.getRow(5).getCell(col('Start Time (UTC)'));
  assert.equal(start.type, ExcelJS.ValueType.Date);
  assert.equal(start.numFmt, 'm/d/yyyy h:mm:ss.000 AM/PM');
  assert.equal((start.value as Date).toISOString(), '2025-01-21T02:13:58.301Z', 'a real date cell in UTC, milliseconds kept');
  const severity = summary.getRow(5).getCell(col('Severity'));
  assert.equal((severity.fill as ExcelJS.FillPattern).fgColor?.argb, 'FFC00000', 'High is red');
  const link = summary.getRow(5).getCell(col('View in Browser'));
  assert.equal(link.type, ExcelJS.ValueType.Hyperlink);
  const net = wb.getWorksheet('Network Activities')!;
  assert.equal(net.getRow(5).getCell(NETWORK_COLUMNS.findIndex((c) => c.header === 'Source Port') + 1).type, ExcelJS.ValueType.Number);
});

test('medium and low severities get their own colours', async () => {
  for (const [severity, argb] of [['Medium', 'FFFFC000'], ['Low', 'FFD9D9D9']] as const) {
    const file = target();
    await writer.writeWorkbook(model(fullAlert({ severity })), file);
    const cell = (await readWorkbook(file)).getWorksheet('Summary')!.getRow(5).getCell(5);
    assert.equal(cell.value, severity);
    assert.equal((cell.fill as ExcelJS.FillPattern).fgColor?.argb, argb);
  }
});

test('formula-injection corpus: every hostile string reads back as a string cell, never a formula', async () => {
  const m = model(hostileAlert(), entitySource(hostileEntities()));
  const file = target();
  await writer.writeWorkbook(m, file);
  const wb = await readWorkbook(file);
  assertMatchesModel(wb, m);
  const seen = new Set<string>();
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => row.eachCell((cell) => {
      assert.equal(cell.formula, undefined, `${ws.name}!${cell.address} is not a formula`);
      assert.notEqual(cell.type, ExcelJS.ValueType.Formula, `${ws.name}!${cell.address}`);
      if (typeof cell.value === 'string') {
        assert.equal(cell.type, ExcelJS.ValueType.String);
        seen.add(cell.value);
        if (/^[=+\-@\t\n]/.test(cell.value)) assert.equal(cell.numFmt, '@', `${ws.name}!${cell.address} is formatted as Text`);
      }
    }));
  }
  for (const s of HOSTILE) assert.ok(seen.has(expectedText(s)), `${JSON.stringify(s)} was written and read back as text`);
  // And in the file itself: no <f> (formula) element anywhere, every string a shared-string cell.
  for (const [name, xml] of Object.entries(await sheetXml(file))) {
    assert.doesNotMatch(xml, /<f[\s>]/, `${name} holds no formula`);
    assert.doesNotMatch(xml, /t="(str|inlineStr)"/, `${name}: strings are shared strings`);
  }
});

test('limits: text over 32 767 characters is cut with a visible marker and a note naming where the whole text is', async () => {
  const hugeJson = { ...ENTITIES[0]!, Spns: Array.from({ length: 3000 }, (_, i) => `HOST/server-${i}.contoso.com`) };
  const m = model(fullAlert({ description: 'd'.repeat(100_000) }), entitySource([hugeJson, ...ENTITIES.slice(1)]));
  const file = target();
  const result = await writer.writeWorkbook(m, file);
  assert.equal(result.cutCells, 2);
  const wb = await readWorkbook(file);
  const description = wb.getWorksheet('Summary')!.getRow(5).getCell(2);
  assert.equal(typeof description.value, 'string');
  assert.equal((description.value as string).length, EXCEL_LIMITS.cellCharacters);
  assert.match(description.value as string, /^d{32000}d* … \[cut: 32 7\d\d of 100 000 characters shown; see the cell's note\]$/);
  assert.match(String(description.note), /100 000 characters, over Excel's limit of 32 767.*\/ws\/alerts\/a\.alert\.json/);
  const related = wb.getWorksheet('Related Entities')!;
  const row = related.getRows(5, related.rowCount - 4)!.find((r) => r.getCell(1).value === IDS.computer)!;
  assert.equal((row.getCell(4).value as string).length, EXCEL_LIMITS.cellCharacters);
  assert.match(String(row.getCell(4).note), /\/ws\/entities\/WS-FIN-07\.entity\.json/);
});

test('limits: characters XML cannot hold are replaced, not fatal', async () => {
  const m = model(fullAlert({ title: 'bad\u0000title\u0008', description: 'lone \uD800 surrogate \uFFFF' }));
  const file = target();
  const result = await writer.writeWorkbook(m, file);
  assert.equal(result.replacedCharacters, 2 * m.sheets.length + 2 + 2, 'the title (2) is on every sheet and in the Summary, the description has 2');
  const summary = (await readWorkbook(file)).getWorksheet('Summary')!;
  assert.equal(summary.getRow(2).getCell(1).value, `bad${REPLACEMENT_CHARACTER}title${REPLACEMENT_CHARACTER}`);
  assert.equal(summary.getRow(5).getCell(2).value, `lone ${REPLACEMENT_CHARACTER} surrogate ${REPLACEMENT_CHARACTER}`);
});

test('limits: more rows than a sheet holds continue on numbered continuation sheets, every row kept in order', async () => {
  const activities = Array.from({ length: 25 }, (_, i) => ({ time: '2025-01-21T02:13:58Z', protocol: `p${i}`, source: { port: i } }));
  const m = model(fullAlert({ networkActivities: activities }));
  const file = target();
  const result = await writer.writeWorkbook(m, file, { maxRowsPerSheet: 14 });
  assert.equal(result.continuationSheets, 2);
  const wb = await readWorkbook(file);
  assertMatchesModel(wb, m, { maxRowsPerSheet: 14 });
  const ports = ['Network Activities', 'Network Activities (2)', 'Network Activities (3)']
    .flatMap((name) => { const ws = wb.getWorksheet(name)!; return ws.getRows(5, ws.rowCount - 4)!.map((r) => r.getCell(3).value); });
  assert.deepEqual(ports, activities.map((a) => a.source.port));
  assert.equal(wb.worksheets.at(-1)!.name, 'Related Entities');
});

test('links: only http(s) becomes a hyperlink; anything else is plain text with a note', async () => {
  const file = target();
  const result = await writer.writeWorkbook(model(fullAlert({ url: 'javascript:alert(document.cookie)' })), file);
  assert.equal(result.unlinkedUrls, 1);
  const cell = (await readWorkbook(file)).getWorksheet('Summary')!.getRow(5).getCell(8);
  assert.equal(cell.type, ExcelJS.ValueType.String);
  assert.equal(cell.value, 'javascript:alert(document.cookie)');
  assert.match(String(cell.note), /only http and https/);
});

test('cancelling stops the export and leaves no file behind', async () => {
  const activity = fullAlert().networkActivities![0]!;
  const m = model(fullAlert({ networkActivities: Array.from({ length: 6000 }, () => activity) }));
  const file = target('cancelled.xlsx');
  const seen: number[] = [];
  const result = await writer.writeWorkbook(m, file, { onProgress: (done) => seen.push(done), isCancelled: () => seen.length > 0 });
  assert.equal(result.cancelled, true);
  assert.ok(result.rows < 6000);
  assert.equal(fs.existsSync(file), false);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('cancelled')), [], 'no partial file left');
});

test('writes into new folders, replaces an existing report, and explains a target that is a folder', async () => {
  const nested = path.join(dir, 'a', 'b', 'report.xlsx');
  await writer.writeWorkbook(model(), nested);
  await writer.writeWorkbook(model(fullAlert({ title: 'Second version' })), nested);
  assert.equal((await readWorkbook(nested)).getWorksheet('Summary')!.getRow(2).getCell(1).value, 'Second version');
  fs.mkdirSync(path.join(dir, 'folder.xlsx'));
  await assert.rejects(writer.writeWorkbook(model(), path.join(dir, 'folder.xlsx')), /folder|EISDIR|directory/i);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')), []);
});

test('the index workbook reads back like any report', async () => {
  const m: WorkbookModel = buildIndexReport([
    { alert: fullAlert(), report: 'a.xlsx', fixture: '/ws/a.alert.json' },
    { alert: fullAlert({ id: IDS.alert2, severity: 'Low', url: 'ftp://x' }), report: 'b.xlsx', fixture: '/ws/b.alert.json' },
  ], verdicts(), NOW);
  const file = target();
  await writer.writeWorkbook(m, file);
  assertMatchesModel(await readWorkbook(file), m);
});

test('a failure while writing removes the partial file and reports the error', async () => {
  const m = model();
  m.sheets.splice(1, 0, {
    name: 'Broken', title: 't', caption: 'c', columns: [{ header: 'x', kind: 'text', width: 5 }], rowCount: 2,
    *rows() {
      yield ['first'];
      throw new Error('row source failed');
    },
  });
  const file = target('failed.xlsx');
  await assert.rejects(writer.writeWorkbook(m, file), /row source failed/);
  assert.equal(fs.existsSync(file), false);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('failed')), []);
});
