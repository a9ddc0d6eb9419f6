import { parseArgs } from 'node:util';
import path from 'node:path';
import { resolveAuthor } from '../../core/verdicts';
import {
  SOURCE_FORMATS, formatImportReport, importExitCode, importReportJson, mergeIntoWorkspace, readSources,
  type ImportSource, type MergeOptions, type SourceFormat,
} from '../../core/import';
import { collectImportInputs } from '../../core/import/inputs';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../io';

/** Options of `import`; a feature that adds options (e.g. pseudonymisation) adds them here and in `mergeOptions`. */
const OPTIONS = {
  output: { type: 'string', short: 'o' },
  from: { type: 'string', default: 'auto' },
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  format: { type: 'string', default: 'text' },
} as const;

type Values = ReturnType<typeof parseImportArgs>['values'];

function parseImportArgs(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: OPTIONS });
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Turn real Defender for Identity alerts (CEF syslog, Sentinel, Graph, Defender XDR, the Excel report) into fixtures.',
  usage: `Usage: atp-workbench import <file|folder|-> [more…] [-o <workspace folder>] [--from auto|cef|sentinel|graph|xdr|xlsx] [--dry-run] [--force] [--format text|json]

Reads alerts and writes them as fixtures into the workspace folder: alerts/*.alert.json,
entities/*.entity.json (name-only entities get a deterministic id and "IsPartial": true; an existing
entity file with the same Id, Sid, DnsName or SamName in the same domain is reused), profiles/ (from
workbooks), and Graph verdicts into .atp/classifications.json.
  a file          CEF syslog (.log/.txt/.cef), Sentinel SecurityAlert (JSON, JSON Lines, CSV), Graph
                  security alerts (alerts_v2 or legacy), Defender XDR AlertInfo + AlertEvidence (CSV,
                  JSON, streaming records), or an alert report workbook (.xlsx); told apart by content
  a folder        every file under it that is not already a fixture
  -               standard input

Importing the same input again changes nothing; a newer record of an alert updates its fixture; a
fixture edited by hand is not overwritten without --force (the differences are reported).

Options:
  -o, --output DIR   workspace folder to write into (default: the current folder)
  --from FORMAT      auto (default), cef, sentinel, graph, xdr or xlsx
  --dry-run          report what would be written, write nothing
  --force            overwrite fixtures edited by hand
  --format text|json report format (default: text)
  -h, --help         show this help

Exit codes: 0 everything importable was imported, 1 some records were refused, 2 bad usage or nothing
importable.`,
  async run(args, io) {
    const { values, positionals } = parseImportArgs(args);
    if (!positionals.length) throw new UsageError('Give at least one file, folder, or - for standard input.');
    if (values.from !== 'auto' && !(SOURCE_FORMATS as readonly string[]).includes(values.from)) {
      throw new UsageError(`Unknown --from "${values.from}": use auto, ${SOURCE_FORMATS.join(', ')}.`);
    }
    if (!['text', 'json'].includes(values.format)) throw new UsageError(`Unknown --format "${values.format}": use text or json.`);
    if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('Standard input (-) can be given once.');

    const collected = await collectImportInputs(positionals.filter((p) => p !== '-'), io.cwd);
    if (collected.missing.length) throw new UsageError(`No such file or folder: ${collected.missing.join(', ')}.`);
    const sources: ImportSource[] = collected.sources;
    if (positionals.includes('-')) {
      if (!io.readStdin) throw new UsageError('Standard input is not available here.');
      sources.push({ name: '<stdin>', bytes: await io.readStdin() });
    }
    const read = await readSources(sources, { from: values.from === 'auto' ? undefined : (values.from as SourceFormat) });
    // Files met inside folders that are no export at all (READMEs, notes) are not refusals.
    const ignored = read.formats.filter((f) => !f.format && collected.fromFolders.has(f.name)).map((f) => f.name);
    read.result.skipped = read.result.skipped.filter((s) => !ignored.includes(s.where));
    for (const name of ignored) io.err(`ignored ${name}: not an alert export\n`);

    const report = await mergeIntoWorkspace(read.result, await mergeOptions(values, io));
    if (values.format === 'json') io.out(JSON.stringify(importReportJson(report, io.cwd), null, 2) + '\n');
    else io.out(formatImportReport(report, io.cwd));
    return importExitCode(report) === 2 ? EXIT.usage : importExitCode(report);
  },
};

async function mergeOptions(values: Values, io: CliIO): Promise<MergeOptions> {
  const out = path.resolve(io.cwd, values.output ?? '.');
  return {
    out,
    dryRun: values['dry-run'],
    force: values.force,
    author: await resolveAuthor({ configured: io.env.ATP_WORKBENCH_AUTHOR, cwd: io.cwd }),
  };
}
