import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { catalog } from '../../src/core/catalog';
import { COVERAGE_COLUMNS } from '../../src/core/coverage';
import { HEADER_ROWS } from '../../src/core/export/cells';
import { buildIndexReport } from '../../src/core/export/indexReport';
import { loadReportWriter } from '../../src/core/export/loadWriter';
import type { Alert } from '../../src/core/model';
import { tempWorkspace } from './helpers';
import { IDS, fullAlert, verdicts } from './exportFixtures';
import { assertMatchesModel, readWorkbook } from './exportReadBack';

const NOW = new Date(Date.UTC(2025, 1, 3, 10, 0, 0));

test('the index workbook has a Coverage sheet with every catalog type; it reads back with exceljs, fixture text never a formula', async () => {
  const hostile = fullAlert({ id: '0d0d0d0d-0000-4000-8000-00000000000d', externalId: '9001', title: '=HYPERLINK("http://evil.example","click")' }) as Alert;
  const entries = [
    { alert: fullAlert(), report: 'a.xlsx', fixture: '/ws/a.alert.json' },
    { alert: fullAlert({ id: IDS.alert2, status: 'Closed' }), report: 'b.xlsx', fixture: '/ws/b.alert.json' },
    { alert: hostile, report: 'c.xlsx', fixture: '/ws/c.alert.json' },
  ];
  const model = buildIndexReport(entries, verdicts(), NOW);
  const file = path.join(tempWorkspace({}), 'index.xlsx');
  await loadReportWriter().writeWorkbook(model, file);
  const wb = await readWorkbook(file);
  assertMatchesModel(wb, model);

  const ws = wb.getWorksheet('Coverage')!;
  const headers = COVERAGE_COLUMNS.map((_, c) => ws.getRow(HEADER_ROWS).getCell(c + 1).value);
  assert.deepEqual(headers, COVERAGE_COLUMNS.map((c) => c.header));
  const byId = new Map<string, unknown[]>();
  for (let r = HEADER_ROWS + 1; r <= ws.actualRowCount; r++) {
    const row = COVERAGE_COLUMNS.map((_, c) => ws.getRow(r).getCell(c + 1).value);
    byId.set(String(row[0]), row);
  }
  assert.equal(byId.size, catalog.entries().length + 1, 'every catalog type plus the unknown one');
  const col = (h: string) => COVERAGE_COLUMNS.findIndex((c) => c.header === h);
  const brute = byId.get(fullAlert().externalId as string)!;
  assert.deepEqual([brute[col('Fixtures')], brute[col('Open')], brute[col('Closed')]], [2, 1, 1]);
  const unknown = byId.get('9001')!;
  assert.equal(unknown[col('Alert type')], '=HYPERLINK("http://evil.example","click") (not in the catalog)');
  for (let r = HEADER_ROWS + 1; r <= ws.actualRowCount; r++) {
    for (let c = 1; c <= COVERAGE_COLUMNS.length; c++) assert.equal(ws.getRow(r).getCell(c).formula, undefined, `no formula at ${r}:${c}`);
  }
  assert.match(String(ws.getRow(3).getCell(1).value), /^Coverage of the 3 exported alerts: Covered: 1 of 69 alert types/);
});
