import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { resolveAuthor } from '../../core/verdicts';
import {
  SOURCE_FORMATS, formatImportReport, importExitCode, importReportJson, mergeIntoWorkspace, pseudonymiseImport, readSources,
  type ImportSource, type MergeOptions, type MergeReport, type ReaderResult, type SourceFormat,
} from '../../core/import';
import { KeyFileError, mappingFileProblem, mappingFileText, mergeMappingEntries, parseMappingFile, parseShift, readKeyFile, writeMappingFile, type MappingEntry } from '../../core/scrub';
import { collectImportInputs } from '../../core/import/inputs';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../io';

/** Options of `import`; a feature that adds options (e.g. pseudonymisation) adds them here and in `mergeOptions`. */
const OPTIONS = {
  output: { type: 'string', short: 'o' },
  from: { type: 'string', default: 'auto' },
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  format: { type: 'string', default: 'text' },
  scrub: { type: 'boolean', default: false },
  'key-file': { type: 'string' },
  mapping: { type: 'string' },
  'shift-time': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseImportArgs>['values'];

function parseImportArgs(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: OPTIONS });
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Turn real Defender for Identity alerts (CEF syslog, Sentinel, Graph, Defender XDR, the Excel report) into fixtures.',
  usage: `Usage: atp-workbench import <file|folder|-> [more…] [-o <workspace folder>] [--from auto|cef|sentinel|graph|xdr|xlsx] [--dry-run] [--force] [--format text|json]
       atp-workbench import <file|folder|-> [more…] --scrub --key-file <file> [--mapping <file>] [--shift-time 30d] [other options]

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
  --scrub            pseudonymise on the way in: names, SIDs, GUIDs, addresses in every written file
                     and file name are replaced, with the same pseudonyms \`atp-workbench scrub\` gives with
                     the same key; everything is searched for every original before anything is written
  --key-file FILE    the secret key for --scrub (at least 16 bytes; the file \`scrub --key-file\` takes)
  --mapping FILE     with --scrub: add original → pseudonym to FILE (refused inside the workspace unless
                     git-ignored)
  --shift-time SHIFT with --scrub: move every date and time by whole days or weeks, e.g. 30d, -2w
  -h, --help         show this help

Exit codes: 0 everything importable was imported, 1 some records were refused, 2 bad usage or nothing
importable (or, with --scrub, a bad key file or mapping location).`,
  async run(args, io) {
    const { values, positionals } = parseImportArgs(args);
    if (!positionals.length) throw new UsageError('Give at least one file, folder, or - for standard input.');
    if (values.from !== 'auto' && !(SOURCE_FORMATS as readonly string[]).includes(values.from)) {
      throw new UsageError(`Unknown --from "${values.from}": use auto, ${SOURCE_FORMATS.join(', ')}.`);
    }
    if (!['text', 'json'].includes(values.format)) throw new UsageError(`Unknown --format "${values.format}": use text or json.`);
    if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('Standard input (-) can be given once.');
    const scrub = scrubSettings(values, io);
    if (typeof scrub === 'number') return scrub;

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

    const options = await mergeOptions(values, io);
    const report = scrub ? await importScrubbed(read.result, options, scrub) : await mergeIntoWorkspace(read.result, options);
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

interface ScrubSettings {
  key: Buffer;
  shiftDays: number;
  mapping?: string;
  /** The mapping file's entries so far (this import's are added). */
  mapped: MappingEntry[];
}

/** `--scrub` and its options checked (undefined without `--scrub`), or the exit code of a refusal. */
function scrubSettings(values: Values, io: CliIO): ScrubSettings | number | undefined {
  if (!values.scrub) {
    const stray = (['key-file', 'mapping', 'shift-time'] as const).find((o) => values[o] !== undefined);
    if (stray) throw new UsageError(`--${stray} goes with --scrub.`);
    return undefined;
  }
  if (!values['key-file']) throw new UsageError('--scrub needs --key-file <file>: the secret key the pseudonyms are computed with (the one `atp-workbench scrub` takes).');
  const shift = values['shift-time'] ? parseShift(values['shift-time']) : { ok: true as const, days: 0 };
  if (!shift.ok) throw new UsageError(shift.message);
  const out = path.resolve(io.cwd, values.output ?? '.');
  const mapping = values.mapping ? path.resolve(io.cwd, values.mapping) : undefined;
  const refused = mapping && mappingFileProblem(mapping, [out]);
  if (refused) {
    io.err(`atp-workbench import: ${refused}\n`);
    return EXIT.usage;
  }
  let mapped: MappingEntry[] = [];
  if (mapping && fs.existsSync(mapping)) {
    try {
      mapped = parseMappingFile(fs.readFileSync(mapping, 'utf8'));
    } catch (err) {
      io.err(`atp-workbench import: the mapping file ${mapping} cannot be added to: ${(err as Error).message}.\n`);
      return EXIT.usage;
    }
  }
  try {
    const read = readKeyFile(path.resolve(io.cwd, values['key-file']));
    for (const w of read.warnings) io.err(`warning: ${w}\n`);
    return { key: read.key, shiftDays: shift.days, mapping, mapped };
  } catch (err) {
    if (!(err instanceof KeyFileError)) throw err;
    io.err(`atp-workbench import: ${err.message}\n`);
    return EXIT.usage;
  }
}

/** The import pseudonymised on the way in; the mapping file (when asked) gains this run's entries once the files are written. */
async function importScrubbed(input: ReaderResult, options: MergeOptions, scrub: ScrubSettings): Promise<MergeReport> {
  const scrubbed = pseudonymiseImport(input, { key: scrub.key, shiftDays: scrub.shiftDays, author: options.author });
  const report = await mergeIntoWorkspace(scrubbed.input, { ...options, ...scrubbed.merge });
  if (scrub.mapping && !options.dryRun && !report.withheld.length) {
    writeMappingFile(scrub.mapping, mappingFileText(mergeMappingEntries(scrub.mapped, scrubbed.mapping.entries())));
  }
  return report;
}
