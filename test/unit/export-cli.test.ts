import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { buildAlertReport } from '../../src/core/export/model';
import { LedgerLookup } from '../../src/core/verdicts/ledger';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { discoverFiles, workspaceFolderOf } from '../../src/core/discovery';
import { tempWorkspace } from './helpers';
import { ENTITIES, IDS, PROFILES, VERDICT, fullAlert } from './exportFixtures';
import { assertMatchesModel, readWorkbook } from './exportReadBack';

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function workspace() {
  const files: Record<string, object | string> = {
    'alerts/brute-force.alert.json': fullAlert(),
    'alerts/second.alert.json': fullAlert({ id: IDS.alert2, title: 'Second alert', severity: 'Low' }),
    'alerts/broken.alert.json': '{ "id": ',
    '.atp/classifications.json': { schemaVersion: 1, alerts: { [IDS.alert1]: VERDICT }, exclusions: [] },
  };
  for (const e of ENTITIES) files[`entities/${e.SystemDisplayName}.entity.json`] = e;
  for (const p of PROFILES) files[`profiles/${p.UniqueEntityId}.profile.json`] = p;
  return tempWorkspace(files);
}

/** The model the CLI should have written: same alert, entities and verdicts, read independently. */
async function expectedModel(root: string, alertFile: string) {
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([root])).files);
  const verdicts = new LedgerLookup([JSON.parse(fs.readFileSync(path.join(root, '.atp/classifications.json'), 'utf8'))]);
  const a = index.alertInFile(alertFile)!;
  return buildAlertReport({ alert: a.alert, file: a.file, entities: index, verdicts });
}

test('export <alert file> -o file.xlsx writes the report; every sheet reads back as modelled, verdict included', async () => {
  const root = workspace();
  const r = await cli(['export', 'alerts/brute-force.alert.json', '-o', 'out/report.xlsx'], root);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), 'out/report.xlsx');
  assert.match(r.err, /wrote out\/report\.xlsx: 12 sheets, \d+ rows\./);
  const wb = await readWorkbook(path.join(root, 'out/report.xlsx'));
  const model = await expectedModel(root, path.join(root, 'alerts/brute-force.alert.json'));
  // The caption carries the export time: take the written one, compare everything else.
  model.sheets[0]!.caption = String(wb.getWorksheet('Summary')!.getRow(3).getCell(1).value);
  assertMatchesModel(wb, model);
  assert.equal(wb.getWorksheet('Summary')!.getRow(5).getCell(13).value, 'B-TP', 'the verdict from .atp/classifications.json');
});

test('export <alert id> -o folder names the file after the alert', async () => {
  const root = workspace();
  const r = await cli(['export', IDS.alert2.toUpperCase(), '-o', 'reports'], root);
  assert.equal(r.code, 0, r.err);
  const written = path.join(root, 'reports', `2004-second-alert-${IDS.alert2.slice(0, 8)}.xlsx`);
  assert.equal(r.out.trim(), path.relative(root, written));
  assert.equal((await readWorkbook(written)).getWorksheet('Summary')!.getRow(5).getCell(1).value, 'Second alert');
});

test('export <folder> -o folder writes one workbook per alert plus an index; a broken fixture is named and exits 1', async () => {
  const root = workspace();
  const r = await cli(['export', 'alerts', '-w', '.', '-o', 'batch'], root);
  assert.equal(r.code, 1, 'the broken fixture makes the exit code 1');
  assert.match(r.err, /skipped alerts\/broken\.alert\.json: /);
  assert.match(r.err, /2 of 2 alert reports written to batch/);
  const files = fs.readdirSync(path.join(root, 'batch')).sort();
  assert.deepEqual(files, [`2004-second-alert-${IDS.alert2.slice(0, 8)}.xlsx`, `2004-suspected-brute-force-attack-ldap-${IDS.alert1.slice(0, 8)}.xlsx`, 'alert-reports-index.xlsx']);
  const index = (await readWorkbook(path.join(root, 'batch', 'alert-reports-index.xlsx'))).getWorksheet('Reports')!;
  const listed = [index.getRow(5).getCell(1).value, index.getRow(6).getCell(1).value].sort();
  assert.deepEqual(listed, files.filter((f) => f !== 'alert-reports-index.xlsx'));
});

test('export <alert file> run from another folder resolves entities and verdicts from the folder the file belongs to', async () => {
  const root = workspace();
  const elsewhere = tempWorkspace({});
  const alertFile = path.join(root, 'alerts/brute-force.alert.json');
  const out = path.join(elsewhere, 'report.xlsx');
  const r = await cli(['export', alertFile, '-o', out], elsewhere);
  assert.equal(r.code, 0, r.err);
  const wb = await readWorkbook(out);
  const model = await expectedModel(root, alertFile);
  model.sheets[0]!.caption = String(wb.getWorksheet('Summary')!.getRow(3).getCell(1).value);
  assertMatchesModel(wb, model);
  assert.equal(wb.getWorksheet('Source Computer')!.getRow(5).getCell(1).value, 'WS-FIN-07');
  assert.equal(wb.getWorksheet('Summary')!.getRow(5).getCell(13).value, 'B-TP', 'the ledger of the file\'s workspace');
  const notFound = wb.worksheets.flatMap((ws) => {
    const hits: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => {
      if (/Not found in the workspace/.test(String(cell.value))) hits.push(String(row.getCell(1).value));
    }));
    return hits;
  });
  assert.deepEqual(notFound, [IDS.missing], 'only the id no entity file has is not found');
});

test('export <alert file> from elsewhere: a .git marks the workspace too; -w still decides when given', async () => {
  const files: Record<string, object | string> = { '.git': 'gitdir: /elsewhere/.git/worktrees/x\n', 'deep/alerts/a.alert.json': fullAlert() };
  for (const e of ENTITIES) files[`entities/${e.SystemDisplayName}.entity.json`] = e;
  const root = tempWorkspace(files);
  const elsewhere = tempWorkspace({});
  const alertFile = path.join(root, 'deep/alerts/a.alert.json');
  const r = await cli(['export', alertFile, '-o', 'git.xlsx'], elsewhere);
  assert.equal(r.code, 0, r.err);
  assert.equal((await readWorkbook(path.join(elsewhere, 'git.xlsx'))).getWorksheet('Source Computer')!.getRow(5).getCell(1).value, 'WS-FIN-07');
  const pinned = await cli(['export', alertFile, '-w', path.join(root, 'deep'), '-o', 'pinned.xlsx'], elsewhere);
  assert.equal(pinned.code, 0, pinned.err);
  const source = (await readWorkbook(path.join(elsewhere, 'pinned.xlsx'))).getWorksheet('Source Computer')!.getRow(5);
  assert.deepEqual([source.getCell(1).value, source.getCell(2).value], [IDS.computer, 'Not found in the workspace (no Unique Entity Json with this Id).'], '-w names a folder without the entities');
});

test('workspaceFolderOf: the nearest ancestor with a .atp folder or .git, else the file\'s own folder', async () => {
  const root = tempWorkspace({
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/team/.atp/classifications.json': { schemaVersion: 1, alerts: {}, exclusions: [] },
    'repo/team/alerts/x/a.alert.json': '{}',
    'repo/other/b.alert.json': '{}',
    'loose/.atp': 'a file, not the ledger folder',
    'loose/sub/c.alert.json': '{}',
  });
  assert.equal(await workspaceFolderOf(path.join(root, 'repo/team/alerts/x/a.alert.json')), path.join(root, 'repo/team'));
  assert.equal(await workspaceFolderOf(path.join(root, 'repo/other/b.alert.json')), path.join(root, 'repo'));
  // Without a marker anywhere above, the file's own folder (the temp root's ancestors are checked to have none).
  for (let dir = root; ; dir = path.dirname(dir)) {
    assert.ok(!fs.existsSync(path.join(dir, '.git')) && !fs.existsSync(path.join(dir, '.atp')), `precondition: no marker in ${dir}`);
    if (path.dirname(dir) === dir) break;
  }
  assert.equal(await workspaceFolderOf(path.join(root, 'loose/sub/c.alert.json')), path.join(root, 'loose/sub'));
});

test('bad usage and unknown alerts exit 2 with a message', async () => {
  const root = workspace();
  const missingOutput = await cli(['export', 'alerts/brute-force.alert.json'], root);
  assert.equal(missingOutput.code, 2);
  assert.match(missingOutput.err, /-o <file or folder>/);
  const unknown = await cli(['export', 'no-such-alert', '-o', 'x.xlsx'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /No alert file, folder or alert id "no-such-alert"/);
  const broken = await cli(['export', 'alerts/broken.alert.json', '-o', 'x.xlsx'], root);
  assert.equal(broken.code, 2);
  assert.match(broken.err, /^alerts\/broken\.alert\.json:1:\d+: /m);
  fs.writeFileSync(path.join(root, 'a-file'), 'not a folder');
  const unwritable = await cli(['export', 'alerts/brute-force.alert.json', '-o', 'a-file/sub'], root);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.err, /^Cannot write a-file\/sub\/2004-[^:]*\.xlsx: /m);
  assert.doesNotMatch(unwritable.err, /\n\s+at /, 'a message, not a stack trace');
  const folderToFile = await cli(['export', 'alerts', '-o', 'x.xlsx'], root);
  assert.equal(folderToFile.code, 2);
  assert.equal(fs.existsSync(path.join(root, 'x.xlsx')), false);
});
