/**
 * The report prints: LibreOffice (headless) converts written workbooks to PDF, and poppler's pdfinfo and
 * pdftotext (Debian `poppler-utils`, installed by scripts/install-vscode.sh) read the pages back. Every
 * sheet is landscape with all its columns on one page width, so a sheet takes one page plus one for
 * about every 40 rows; each page repeats the sheet's header rows and ends with its name and page number.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { HEADER_ROWS } from '../../src/core/export/cells';
import { buildAlertReport, NETWORK_COLUMNS } from '../../src/core/export/model';
import { loadReportWriter } from '../../src/core/export/loadWriter';
import { IDS, entitySource, fullAlert, verdicts } from './exportFixtures';
import { readWorkbook } from './exportReadBack';

const REPO = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/alerts/2018-pass-the-ticket-rabernathy.alert.json');
const NOW = new Date(Date.UTC(2025, 1, 3, 10, 0, 0));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-report-print-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** An alert whose network table needs several pages: 300 activities, and a role whose name holds an apostrophe. */
function longAlert() {
  const base = fullAlert();
  const activity = base.networkActivities![0]!;
  const networkActivities = Array.from({ length: 300 }, (_, i) => ({
    ...activity,
    time: new Date(Date.UTC(2025, 0, 21, 2, 13, i % 60, i)).toISOString(),
    source: { ...activity.source, port: 40000 + i },
  }));
  return fullAlert({ networkActivities, entities: [...base.entities!, { role: "operator's host", id: IDS.computer }] });
}

interface Printed {
  xlsx: string;
  pages: number;
  /** Each page's text, in order. */
  text: string[];
}
const printed: Record<string, Printed> = {};

before(async () => {
  const writer = loadReportWriter();
  const files: Record<string, string> = {
    full: path.join(work, 'full.xlsx'),
    long: path.join(work, 'long.xlsx'),
    sample: path.join(work, 'sample.xlsx'),
  };
  await writer.writeWorkbook(buildAlertReport({ alert: fullAlert(), entities: entitySource(), verdicts: verdicts(), now: NOW }), files.full!);
  await writer.writeWorkbook(buildAlertReport({ alert: longAlert(), entities: entitySource(), verdicts: verdicts(), now: NOW }), files.long!);
  let err = '';
  const code = await runCli(['export', SAMPLE, '-o', files.sample!], { cwd: work, env: {}, out: () => undefined, err: (t) => (err += t) });
  assert.equal(code, 0, err);

  const soffice = process.env.SOFFICE_BIN || 'soffice';
  const out = path.join(work, 'pdf');
  const run = spawnSync(soffice, [`-env:UserInstallation=file://${path.join(work, 'lo-profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', out, ...Object.values(files)],
    { encoding: 'utf8', timeout: 180_000 });
  assert.ok(!run.error, `LibreOffice (${soffice}) could not run: ${run.error?.message}. Install it with "apt-get install libreoffice-calc-nogui" (scripts/install-vscode.sh does).`);
  assert.equal(run.status, 0, `soffice failed: ${run.stderr}`);
  for (const [name, xlsx] of Object.entries(files)) {
    const pdf = path.join(out, `${name}.pdf`);
    assert.ok(fs.existsSync(pdf), `LibreOffice wrote ${pdf}: ${run.stdout} ${run.stderr}`);
    const info = poppler('pdfinfo', [pdf]);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    assert.ok(pages > 0, `pdfinfo reads a page count: ${info}`);
    // pdftotext ends every page with a form feed.
    const text = poppler('pdftotext', ['-layout', pdf, '-']).split('\f').slice(0, pages);
    printed[name] = { xlsx, pages, text };
  }
});

function poppler(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 60_000 });
  assert.ok(!r.error, `${tool} could not run: ${r.error?.message}. Install it with "apt-get install poppler-utils" (scripts/install-vscode.sh does).`);
  assert.equal(r.status, 0, `${tool} failed: ${r.stderr}`);
  return r.stdout;
}

/** Sheets and table rows of a written workbook, read back independently of the writer. */
async function shape(xlsx: string) {
  const wb = await readWorkbook(xlsx);
  return {
    sheets: wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.actualRowCount - HEADER_ROWS })),
    wb,
  };
}

test('a report prints on at most one page per sheet plus one per 40 rows', async () => {
  for (const [name, p] of Object.entries(printed)) {
    const { sheets } = await shape(p.xlsx);
    const rows = sheets.reduce((n, s) => n + s.rows, 0);
    const budget = sheets.length + Math.floor(rows / 40);
    assert.ok(p.pages <= budget, `${name}: ${p.pages} pages for ${sheets.length} sheets and ${rows} rows (at most ${budget})`);
    assert.ok(p.pages >= sheets.length, `${name}: every sheet prints (${p.pages} pages, ${sheets.length} sheets)`);
  }
});

test('every page ends with its sheet name and "Page N of M", sheets in order', async () => {
  for (const [name, p] of Object.entries(printed)) {
    const { sheets } = await shape(p.xlsx);
    const footers = p.text.map(footer);
    // Page numbers run through the printout (as when a whole workbook is printed), each page naming its sheet.
    footers.forEach((f, i) => assert.deepEqual(f && { page: f.page, of: f.of }, { page: i + 1, of: p.pages }, `${name}: page ${i + 1} footer ${JSON.stringify(lastLine(p.text[i]!))}`));
    const order = footers.map((f) => f!.sheet).filter((s, i, all) => s !== all[i - 1]);
    assert.deepEqual(order, sheets.map((s) => s.name), `${name}: every sheet's pages, in sheet order`);
  }
});

test('a table longer than a page repeats the banner, title and column headers on every page', async () => {
  const p = printed.long!;
  const netPages = p.text.filter((t) => footer(t)?.sheet === 'Network Activities');
  assert.ok(netPages.length >= 2, `the 300-row network table takes several pages (${netPages.length})`);
  // Headers narrower than their column print on one line.
  const headers = NETWORK_COLUMNS.filter((c) => c.header.length < c.width).map((c) => c.header);
  assert.ok(headers.length >= 2, headers.join());
  for (const [i, t] of netPages.entries()) {
    assert.match(t, /Microsoft Defender for Identity/, `page ${i + 1} repeats the banner`);
    for (const h of headers) assert.ok(t.includes(h), `page ${i + 1} repeats the header "${h}"`);
  }
  // Every activity's source port is printed once: no row lost between pages, none twice.
  const ports = netPages.join('\n').match(/\b4\d{4}\b/g) ?? [];
  assert.deepEqual([...new Set(ports)].length, 300);
});

test('every sheet is set to print landscape, one page wide, header rows repeated, with the footer', async () => {
  for (const p of Object.values(printed)) {
    const { wb } = await shape(p.xlsx);
    for (const ws of wb.worksheets) {
      assert.equal(ws.pageSetup.orientation, 'landscape', ws.name);
      assert.equal(ws.pageSetup.fitToPage, true, ws.name);
      assert.equal(ws.pageSetup.fitToWidth, 1, ws.name);
      assert.equal(ws.pageSetup.fitToHeight, 0, ws.name);
      assert.equal(ws.pageSetup.printTitlesRow, `1:${HEADER_ROWS}`, ws.name);
      assert.match(ws.headerFooter.oddFooter ?? '', /&A.*&P.*&N/, ws.name);
      assert.equal(ws.pageSetup.printArea, `A1:${ws.getColumn(ws.columnCount).letter}${ws.actualRowCount}`, `${ws.name}: the table is the print area`);
    }
  }
  const names = (await shape(printed.long!.xlsx)).sheets.map((s) => s.name);
  assert.ok(names.includes('Operator\u2019s host'), `the role with an apostrophe has its sheet: ${names.join(', ')}`);
});

/** The footer line: `<sheet name>   Page N of M`. */
function footer(pageText: string): { sheet: string; page: number; of: number } | undefined {
  const m = /^\s*(.+?)\s{2,}Page (\d+) of (\d+)\s*$/.exec(lastLine(pageText));
  return m ? { sheet: m[1]!, page: Number(m[2]), of: Number(m[3]) } : undefined;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.at(-1) ?? '';
}
