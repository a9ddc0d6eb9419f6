import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {
  KeyFileError, checkPaths, mappingFileProblem, outputFolderProblem, parseMappingFile, parseShift, planScrub, readKeyFile, writeCopy,
  writeInPlace, writeMappingFile, IDENTITY_KINDS, type Leftover, type ScrubPlan,
} from '../../core/scrub';
import { displayPath } from '../format';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../io';

export const scrubCommand: CliCommand = {
  name: 'scrub',
  summary: 'Pseudonymise fixtures (names, SIDs, GUIDs, addresses) with a secret key, or check that none of the originals is left.',
  usage: `Usage: atp-workbench scrub <paths...> -o <output folder> --key-file <file> [options]
       atp-workbench scrub <paths...> --in-place --key-file <file> [options]
       atp-workbench scrub --check <paths...> --mapping <file>

Replaces every real identity in the alert fixtures, Unique Entity Json and Profile Json files and the
verdict ledger under the paths — user and display names, computer and domain names, UPNs, DOWNLEVEL\\names,
distinguished and canonical names, SIDs, GUIDs, IP addresses, phone numbers, in fields and in free text,
and in file names — by consistent pseudonyms computed from a secret key (HMAC-SHA-256): the same key gives
the same pseudonyms tomorrow; without the key nothing can be reversed. Formats are kept: SIDs stay SIDs
of one domain (well-known RIDs kept), private addresses stay private and subnets stay subnets, a domain
controller still looks like one. Before anything is written, every output is searched for every original.

Options:
  -o, --output DIR       write a scrubbed copy into DIR (new or empty, outside the inputs)
  --in-place             rewrite the files where they are (each file atomically; the ledger under its lock)
  --key-file FILE        the secret key (at least 16 bytes; e.g. \`openssl rand -hex 32 > FILE\`)
  --mapping FILE         also write original → pseudonym to FILE (refused inside the inputs unless git-ignored,
                         and inside the output); with --check: the mapping to check against
  --shift-time SHIFT     move every date and time by whole days or weeks, e.g. 30d, -14d, 2w (default: kept)
  --check                report every original from --mapping found under the paths (any file, and file names)
  --format text|json     output format (default: text)
  -h, --help             show this help

Exit codes: 0 done (or nothing left, with --check), 1 originals found (nothing written), 2 bad usage,
a bad key file or a refused output or mapping location.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        'in-place': { type: 'boolean', default: false },
        'key-file': { type: 'string' },
        mapping: { type: 'string' },
        'shift-time': { type: 'string' },
        check: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
      },
    });
    const format = values.format!;
    if (!['text', 'json'].includes(format)) throw new UsageError(`Unknown --format "${format}": use text or json.`);
    if (!positionals.length) throw new UsageError('Name the files or folders to scrub.');
    const paths = positionals.map((p) => path.resolve(io.cwd, p));
    if (values.check) return check(paths, values.mapping, format, io);

    if (!values['key-file']) throw new UsageError('--key-file is required: the secret key the pseudonyms are computed with.');
    if (values['in-place'] === Boolean(values.output)) throw new UsageError('Give either -o <output folder> or --in-place.');
    const shift = values['shift-time'] ? parseShift(values['shift-time']) : { ok: true as const, days: 0 };
    if (!shift.ok) throw new UsageError(shift.message);
    const output = values.output ? path.resolve(io.cwd, values.output) : undefined;
    const refused = (output && outputFolderProblem(output, paths)) || (values.mapping && mappingFileProblem(path.resolve(io.cwd, values.mapping), paths, output));
    if (refused) {
      io.err(`atp-workbench scrub: ${refused}\n`);
      return EXIT.usage;
    }
    let key: Buffer;
    try {
      const read = readKeyFile(path.resolve(io.cwd, values['key-file']));
      key = read.key;
      for (const w of read.warnings) io.err(`warning: ${w}\n`);
    } catch (err) {
      if (err instanceof KeyFileError) {
        io.err(`atp-workbench scrub: ${err.message}\n`);
        return EXIT.usage;
      }
      throw err;
    }

    const plan = await planScrub({ paths, key, shiftDays: shift.days });
    for (const w of plan.warnings) io.err(`warning: ${w}\n`);
    if (plan.errors.length) {
      for (const e of plan.errors) io.err(`atp-workbench scrub: ${e}\n`);
      return EXIT.usage;
    }
    if (plan.leftovers.length) {
      report(plan, undefined, plan.leftovers, format, io);
      io.err(`atp-workbench scrub: ${plan.leftovers.length} original token(s) would remain in the output; nothing was written.\n`);
      return EXIT.problems;
    }
    if (output) writeCopy(plan, output);
    else await writeInPlace(plan);
    if (values.mapping) writeMappingFile(path.resolve(io.cwd, values.mapping), plan.mapping.toJson());
    report(plan, output, [], format, io, values.mapping);
    return EXIT.ok;
  },
};

const FILE_LABELS: Record<string, string> = { alert: 'alert fixtures', entity: 'entity files', profile: 'profile files', ledger: 'ledger(s)', text: 'non-JSON file(s)' };

function leftoverLine(l: Leftover, cwd: string): string {
  return `${displayPath(l.file, cwd)}:${l.line}:${l.column}: error: original ${l.where === 'name' ? 'in the file name' : 'text'} "${l.found}" is still there [scrub-leftover]`;
}

function report(plan: ScrubPlan, output: string | undefined, leftovers: Leftover[], format: string, io: CliIO, mapping?: string): void {
  const byKind: Record<string, number> = {};
  for (const e of plan.mapping.entries()) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  const files: Record<string, number> = {};
  for (const f of plan.files) files[f.kind] = (files[f.kind] ?? 0) + 1;
  if (format === 'json') {
    io.out(JSON.stringify({
      output: output ?? null, inPlace: !output, files, identities: byKind, mapping: mapping ?? null, warnings: plan.warnings,
      leftovers: leftovers.map((l) => ({ ...l, file: displayPath(l.file, io.cwd) })),
    }, null, 2) + '\n');
    return;
  }
  if (leftovers.length) {
    for (const l of leftovers) io.out(leftoverLine(l, io.cwd) + '\n');
    return;
  }
  const fileText = Object.entries(files).map(([k, n]) => `${n} ${FILE_LABELS[k] ?? k}`).join(', ');
  const kinds = IDENTITY_KINDS.filter((k) => byKind[k]).map((k) => `${byKind[k]} ${k}`).join(', ');
  io.out(`Scrubbed ${plan.files.length} files (${fileText || 'none'}) ${output ? `into ${displayPath(output, io.cwd)}` : 'in place'}.\n`);
  io.out(`Replaced ${plan.mapping.entries().length} identities (${kinds || 'none'}); verified: no original left in any output file or file name.\n`);
  if (mapping) io.out(`Mapping (original → pseudonym) written to ${displayPath(path.resolve(io.cwd, mapping), io.cwd)}; keep it private.\n`);
}

async function check(paths: string[], mappingFile: string | undefined, format: string, io: CliIO): Promise<number> {
  if (!mappingFile) throw new UsageError('--check needs --mapping <file>: the originals to look for.');
  const file = path.resolve(io.cwd, mappingFile);
  let entries;
  try {
    entries = parseMappingFile(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(`atp-workbench scrub: the mapping file ${displayPath(file, io.cwd)} cannot be used: ${code === 'ENOENT' ? 'it does not exist' : (err as Error).message}.\n`);
    return EXIT.usage;
  }
  let result;
  try {
    result = await checkPaths(paths, entries, { exclude: [file] });
  } catch (err) {
    io.err(`atp-workbench scrub: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  if (format === 'json') {
    io.out(JSON.stringify({ files: result.files, leftovers: result.leftovers.map((l) => ({ ...l, file: displayPath(l.file, io.cwd) })), skipped: result.skipped }, null, 2) + '\n');
  } else {
    for (const l of result.leftovers) io.out(leftoverLine(l, io.cwd) + '\n');
    io.err(`${result.files} files checked against ${entries.length} originals: ${result.leftovers.length ? `${result.leftovers.length} found` : 'none found'}.\n`);
  }
  return result.leftovers.length ? EXIT.problems : EXIT.ok;
}
