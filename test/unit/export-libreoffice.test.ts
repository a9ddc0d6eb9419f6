/**
 * The round trip through a real spreadsheet application: LibreOffice (headless, Debian package
 * `libreoffice-calc-nogui`, installed by scripts/install-vscode.sh) opens the written workbooks and
 * converts every sheet to CSV, showing each cell as it displays it. The values must match the fixture
 * exactly: text as text (hostile strings included, never evaluated), times in UTC with milliseconds.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAlertReport, type Cell, type WorkbookModel } from '../../src/core/export/model';
import { loadReportWriter } from '../../src/core/export/loadWriter';
import { planWorkbook } from '../../src/core/export/layout';
import { HOSTILE, IDS, entitySource, expectedText, fullAlert, hostileAlert, hostileEntities, verdicts } from './exportFixtures';
import { readText } from './exportReadBack';

const NOW = new Date(Date.UTC(2025, 1, 3, 10, 0, 0));
// CSV export filter: comma, double quote, UTF-8, en-US, "save cell contents as shown", no formulas, -1 = one file per sheet.
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,1033,false,true,true,false,false,-1';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-report-lo-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const models: Record<string, WorkbookModel> = {
  full: buildAlertReport({ alert: fullAlert(), file: '/ws/a.alert.json', entities: entitySource(), verdicts: verdicts(), now: NOW }),
  hostile: buildAlertReport({ alert: hostileAlert(), file: '/ws/h.alert.json', entities: entitySource(hostileEntities()), verdicts: verdicts(), now: NOW }),
};
/** CSV rows per workbook and sheet name, as LibreOffice shows them. */
const csv: Record<string, Record<string, string[][]>> = {};

before(async () => {
  const writer = loadReportWriter();
  const files = [];
  for (const [name, model] of Object.entries(models)) {
    const file = path.join(work, `${name}.xlsx`);
    await writer.writeWorkbook(model, file);
    files.push(file);
  }
  const soffice = process.env.SOFFICE_BIN || 'soffice';
  const out = path.join(work, 'csv');
  const run = spawnSync(soffice, [`-env:UserInstallation=file://${path.join(work, 'lo-profile')}`, '--headless', '--norestore', '--convert-to', CSV_FILTER, '--outdir', out, ...files],
    { encoding: 'utf8', timeout: 180_000 });
  assert.ok(!run.error, `LibreOffice (${soffice}) could not run: ${run.error?.message}. Install it with "apt-get install libreoffice-calc-nogui" (scripts/install-vscode.sh does).`);
  assert.equal(run.status, 0, `soffice failed: ${run.stderr}`);
  for (const name of Object.keys(models)) {
    csv[name] = {};
    for (const f of fs.readdirSync(out).filter((x) => x.startsWith(`${name}-`) && x.endsWith('.csv'))) {
      csv[name]![f.slice(name.length + 1, -4)] = parseCsv(fs.readFileSync(path.join(out, f), 'utf8'));
    }
  }
});

test('LibreOffice opens the report and finds every sheet', () => {
  for (const [name, model] of Object.entries(models)) {
    const expected = planWorkbook(model).flatMap((p) => p.parts.map((x) => x.name)).sort();
    assert.deepEqual(Object.keys(csv[name]!).sort(), expected, name);
  }
});

test('every sheet shows exactly the modelled values: banner, title, caption, headers, every cell', () => {
  for (const [name, model] of Object.entries(models)) {
    for (const sheet of model.sheets) {
      const expected = [
        [model.banner], [readText(sheet.title)], [readText(sheet.caption)], sheet.columns.map((c) => c.header),
        ...[...sheet.rows()].map((r) => r.map(shown)),
      ].map(trimEnd);
      assert.deepEqual(csv[name]![sheet.name]!.map(trimEnd), expected, `${name} / ${sheet.name}`);
    }
  }
});

test('values match the fixture: times in UTC with milliseconds, numbers, both NNR sides', () => {
  const net = csv.full!['Network Activities']!;
  assert.deepEqual(trimEnd(net[4]!), [
    '1/21/2025 2:13:58.301 AM', '10.0.12.57', '52311', 'WS-FIN-07', 'High', 'RpcNtlm, RdpTls',
    '10.0.0.4', '389', 'DC1', 'Medium', 'Cached', 'Ldap', 'Simple', 'InvalidCredentials', '412',
  ]);
  const summary = csv.full!.Summary!;
  assert.deepEqual(summary[4]!.slice(0, 8), [
    'Suspected Brute Force attack (LDAP)', 'WS-FIN-07 tried 412 passwords against Ruth Abernathy with LDAP simple binds to DC1.',
    '1/21/2025 2:13:58.301 AM', '1/21/2025 2:19:40.773 AM', 'High', 'Open', '1/21/2025 3:00:00.000 AM',
    `https://contoso-corp.atp.azure.com/securityAlert/${IDS.alert1}`,
  ]);
  assert.equal(summary[4]![12], 'B-TP');
});

test('hostile strings are shown as the text they are, never evaluated', () => {
  const shownTexts = new Set(Object.values(csv.hostile!).flat(2));
  for (const s of HOSTILE) assert.ok(shownTexts.has(expectedText(s)), `${JSON.stringify(s)} shown as written`);
  assert.equal(csv.hostile!.Summary![4]![0], '=1+1', 'not 2');
  assert.ok(!shownTexts.has('2') && !shownTexts.has('3') && !shownTexts.has('#NAME?') && !shownTexts.has('Err:508'), 'no formula was evaluated');
});

/** A model cell as LibreOffice displays it with our formats. */
function shown(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return readText(cell);
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return portalTime(cell);
  if (cell.kind === 'marked') return shown(cell.value);
  return readText(cell.text);
}

/** `8/1/2018 6:25:34.667 PM`, in UTC: the portal's way of showing a time. */
function portalTime(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ${h < 12 ? 'AM' : 'PM'}`;
}

function trimEnd(row: string[]): string[] {
  const r = [...row];
  while (r.length && r[r.length - 1] === '') r.pop();
  return r;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
