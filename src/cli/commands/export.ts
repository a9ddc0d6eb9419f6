import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { workspaceFolderOf } from '../../core/discovery';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/loader';
import { describeCleaning, exportAlert, exportAlerts, type AlertToExport, type ExportContext } from '../../core/export/exportJobs';
import { reportFileName } from '../../core/export/fileNames';
import { loadReportWriter } from '../../core/export/loadWriter';
import { loadFolderVerdicts } from '../../core/verdicts/workspace';
import { noFixturesMessage } from '../../core/discovery';
import type { WriteResult } from '../../core/export/writer';
import { displayPath } from '../format';
import { EXIT, UsageError, maxFileBytesOption, type CliCommand, type CliIO } from '../io';
import { isSameOrInside } from '../../core/paths';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write the portal-style Excel report (.xlsx) of one alert, or of every alert under a folder.',
  usage: `Usage: atp-workbench export <alert file | alert id | folder> -o <file or folder> [options]

Writes the "Download Details" workbook of alerts: Summary (with our verdict), Evidence, one sheet per entity
role, Network Activities, Event Activities and Related Entities.
  an alert file (*.alert.json) or an alert id
      one workbook; -o names the .xlsx file, or a folder to write <external id>-<title>-<id>.xlsx into
  a folder
      one workbook per alert found under it, plus alert-reports-index.xlsx listing them; -o is a folder

Entities, profiles and verdicts (.atp/classifications.json) come from the workspace folder: --workspace;
else, for a folder, that folder; for an alert file, the nearest folder above it holding .atp/ or .git
(else the file's own folder); for an alert id, the current folder.

Options:
  -o, --output PATH      where to write (required); folders are created, existing reports replaced
  -w, --workspace DIR    folder whose fixtures and verdict ledger the report uses
  --max-file-size MB     fixture files larger than this are skipped (default: ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})
  --allow-empty          a folder without fixtures exports nothing and succeeds
  -h, --help             show this help

Exit codes: 0 written, 1 some alerts could not be exported, 2 bad usage or nothing to export (no fixture
under the paths: unless --allow-empty).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        workspace: { type: 'string', short: 'w' },
        'max-file-size': { type: 'string' },
        'allow-empty': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('Give exactly one alert file, alert id or folder.');
    if (!values.output) throw new UsageError('Say where to write the report with -o <file or folder>.');
    const maxFileBytes = maxFileBytesOption(values['max-file-size']);
    const subject = positionals[0]!;
    const output = path.resolve(io.cwd, values.output);
    const given = path.resolve(io.cwd, subject);
    const kind = await statKind(given);
    const workspace = values.workspace !== undefined ? path.resolve(io.cwd, values.workspace)
      : kind === 'folder' ? given
      : kind === 'file' ? await workspaceFolderOf(given)
      : io.cwd;
    if ((await statKind(workspace)) !== 'folder') throw new UsageError(`The workspace ${values.workspace ?? workspace} is not a folder.`);

    // The workspace resolves entities and verdicts; an alert file outside it is indexed too.
    const paths = [workspace];
    if (kind === 'file' && !isSameOrInside(given, workspace)) paths.push(given);
    const loaded = await loadFolderVerdicts(paths, { maxFileBytes });
    for (const p of loaded.problems) if (p.code !== 'path-not-found') io.err(`warning: ${displayPath(p.file, io.cwd)}: ${p.message}\n`);
    if (!loaded.found.fixtures && !values['allow-empty']) {
      io.err(`atp-workbench export: ${noFixturesMessage(paths.map((p) => displayPath(p, io.cwd) || '.'), loaded.found.ignoredJson)}.\n`);
      return EXIT.usage;
    }
    const ctx: ExportContext = { writer: loadReportWriter(), entities: loaded.index, verdicts: loaded.lookup };

    if (kind === 'folder') {
      const items = loaded.index.alerts().filter((a) => isSameOrInside(a.file, given)).map(({ file, alert }) => ({ file, alert }));
      const invalid = loaded.index.invalid().filter((r) => r.kind === 'alert' && isSameOrInside(r.file, given));
      for (const r of invalid) io.err(`skipped ${displayPath(r.file, io.cwd)}: ${r.problem.message}\n`);
      if (!items.length) {
        io.err(`No alert fixtures (*.alert.json) found under ${displayPath(given, io.cwd)}.\n`);
        return values['allow-empty'] ? EXIT.ok : EXIT.usage;
      }
      if (/\.xlsx$/i.test(output)) throw new UsageError('A folder of alerts exports one workbook per alert: -o must name a folder, not an .xlsx file.');
      const started = Date.now();
      const batch = await exportAlerts(ctx, items, output);
      for (const r of batch.reports) reportWritten(io, r.file, r.result);
      for (const f of batch.failed) io.err(`failed ${displayPath(f.item.file, io.cwd)}: ${f.error}\n`);
      if (batch.index) io.out(`${displayPath(batch.index, io.cwd)}\n`);
      io.err(`${batch.reports.length} of ${items.length} alert reports written to ${displayPath(output, io.cwd)} (${Date.now() - started} ms).\n`);
      return batch.failed.length || invalid.length ? EXIT.problems : EXIT.ok;
    }

    const item = kind === 'file' ? alertInFile(loaded.index, given, io) : alertById(loaded.index, subject, workspace, io);
    if (!item) return EXIT.usage;
    const target = /\.xlsx$/i.test(output) ? output : path.join(output, reportFileName(item.alert));
    let result: WriteResult;
    try {
      result = await exportAlert(ctx, item, target);
    } catch (err) {
      io.err(`Cannot write ${displayPath(target, io.cwd)}: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT.problems;
    }
    reportWritten(io, target, result);
    return EXIT.ok;
  },
};

type Indexed = Awaited<ReturnType<typeof loadFolderVerdicts>>['index'];

function alertInFile(index: Indexed, file: string, io: CliIO): AlertToExport | undefined {
  const found = index.alertInFile(file);
  if (found) return { file: found.file, alert: found.alert };
  const invalid = index.invalid().find((r) => r.file === file);
  if (invalid) io.err(`${displayPath(file, io.cwd)}:${invalid.problem.range.start.line + 1}:${invalid.problem.range.start.character + 1}: ${invalid.problem.message}\n`);
  else io.err(`${displayPath(file, io.cwd)} is not an alert fixture (*.alert.json).\n`);
  return undefined;
}

function alertById(index: Indexed, id: string, workspace: string, io: CliIO): AlertToExport | undefined {
  const found = index.alertsById(id);
  if (!found.length) {
    io.err(`No alert file, folder or alert id "${id}": none of the ${index.alerts().length} alerts under ${displayPath(workspace, io.cwd) || '.'} has this id.\n`);
    return undefined;
  }
  if (found.length > 1) io.err(`warning: ${found.length} fixtures have the alert id ${id}; exporting ${displayPath(found[0]!.file, io.cwd)}.\n`);
  return { file: found[0]!.file, alert: found[0]!.alert };
}

function reportWritten(io: CliIO, file: string, result: WriteResult): void {
  io.out(`${displayPath(file, io.cwd)}\n`);
  const notes = describeCleaning(result);
  io.err(`wrote ${displayPath(file, io.cwd)}: ${result.sheets.length} sheets, ${result.rows} rows${notes.length ? `; ${notes.join('; ')}` : ''}.\n`);
}

async function statKind(p: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    const s = await fs.stat(p);
    return s.isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
