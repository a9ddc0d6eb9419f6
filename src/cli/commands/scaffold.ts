import { parseArgs } from 'node:util';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { catalog } from '../../core/catalog';
import { discoverFiles } from '../../core/discovery';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/loader';
import { SEVERITIES, type Severity } from '../../core/model';
import { findAlertType, planScaffold, randomSeed, ScaffoldError, TEMPLATES, templateFor } from '../../core/scaffold';
import { writePlannedFiles } from '../../core/scaffold/files';
import { WorkspaceIndex } from '../../core/workspaceIndex';
import { displayPath, formatProblemLine } from '../format';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../io';

/** sourceUser → source-user: every slot key of every template is a flag. */
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const SLOT_FLAGS = new Map<string, string>();
for (const t of TEMPLATES) for (const s of t.slots) SLOT_FLAGS.set(kebab(s.key), s.key);

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Create a realistic alert fixture of any catalog type, with new pseudonymous entities or workspace ones.',
  usage: `Usage: atp-workbench new <externalId | type name> [options]
       atp-workbench new --list

Writes an alert fixture of the type (e.g. 2007, "DCSync", DnsReconnaissanceSecurityAlert) into the
workspace folder, next to its existing alerts (else alerts/), and prints the paths it wrote. Each entity
role of the type takes workspace entities (by Id, or by SAM / display / DNS name); roles left out get new
entities with pseudonymous names, SIDs, GUIDs and addresses, written with their profiles and marked
"IsPartial": true. Nothing is ever overwritten.

Options:
  -w, --workspace FOLDER   workspace folder (default: the current folder)
  --source-user ID         the source user; likewise --source-computer, --domain-controller,
                           --attacked-account, --dns-server, --destination-computer, --member, --group,
                           --issued-to, --relayed-account (repeatable or comma-separated for many)
  --count N                N distinct alerts of the type, for noisy-type fixtures (default: 1)
  --seed S                 reproducible output: the same seed and workspace give the same files
                           (default: a random seed, printed)
  --time ISO               start time of the first alert, e.g. 2025-01-21T02:13:58Z
  --severity LEVEL         one of the levels the catalog gives the type
  --dry-run                print what would be written, write nothing
  --list                   list the alert types with their entity roles
  -h, --help               show this help

Exit codes: 0 written, 2 bad usage (unknown type or role, an entity not in the workspace, an unreadable folder).`,
  async run(args, io) {
    try {
      return await create(args, io);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      io.err(`atp-workbench new: ${err.message}\n`);
      return EXIT.usage;
    }
  },
};

async function create(args: string[], io: CliIO): Promise<number> {
  const slotOptions = Object.fromEntries([...SLOT_FLAGS.keys()].map((flag) => [flag, { type: 'string' as const, multiple: true as const }]));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      workspace: { type: 'string', short: 'w' },
      count: { type: 'string' },
      seed: { type: 'string' },
      time: { type: 'string' },
      severity: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      ...slotOptions,
    },
  });
  if (values.list) {
    printTypes(io);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Give one alert type, not ${positionals.length}: quote a name with spaces.` : 'Which alert type? Give an external ID such as 2007 or a name (see --list).');
  const entry = usage(() => findAlertType(positionals[0]!));
  const template = templateFor(entry.externalId)!;
  const root = path.resolve(io.cwd, values.workspace ?? '.');
  if (!(await isDirectory(root))) throw new UsageError(`${values.workspace ?? root} is not a folder.`);

  const chosen: Record<string, string[]> = {};
  const all = values as Record<string, unknown>;
  for (const [flag, key] of SLOT_FLAGS) {
    const given = (all[flag] as string[] | undefined)?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    if (!given?.length) continue;
    if (!template.slots.some((s) => s.key === key)) {
      throw new UsageError(`${entry.externalId} ${entry.name} has no --${flag}; its roles: ${template.slots.map((s) => `--${kebab(s.key)}`).join(', ')}.`);
    }
    chosen[key] = given;
  }
  const count = values.count === undefined ? 1 : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new UsageError('--count must be a whole number from 1 to 1000.');
  let startTime: Date | undefined;
  if (values.time !== undefined) {
    startTime = new Date(values.time);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(values.time) || Number.isNaN(startTime.getTime())) throw new UsageError(`--time takes an ISO 8601 time such as 2025-01-21T02:13:58Z, not "${values.time}".`);
  }
  const severity = values.severity as Severity | undefined;
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) throw new UsageError(`--severity is High, Medium or Low, not "${severity}".`);
  const seed = values.seed ?? randomSeed();
  // Without a seed the fixture is new anyway: date it today rather than in the seed's past.
  if (!startTime && values.seed === undefined) startTime = new Date(Date.now() - 3_600_000);

  const found = await discoverFiles([root]);
  for (const p of found.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
  const index = new WorkspaceIndex({ maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  await index.updateMany(found.files);
  const request = { externalId: entry.externalId, root, seed, count, startTime, severity, chosen };
  const plan = usage(() => planScaffold(index, request));
  if (!values['dry-run']) {
    try {
      await writePlannedFiles(root, plan.files);
    } catch (err) {
      io.err(`atp-workbench new: ${(err as Error).message}\n`);
      return EXIT.problems;
    }
  }
  for (const f of plan.files) io.out(displayPath(f.file, io.cwd) + '\n');
  const entities = plan.files.filter((f) => f.kind === 'entity').length;
  io.err(`${values['dry-run'] ? 'Would write' : 'Wrote'} ${plan.alertFiles.length} ${entry.externalId} ${entry.name} alert${plan.alertFiles.length === 1 ? '' : 's'} and ${entities} new entit${entities === 1 ? 'y' : 'ies'} with profiles (seed ${seed}).\n`);
  return EXIT.ok;
}

/** Core refusals (unknown type, an entity not in the workspace) are bad usage, but need no help text. */
class Refusal extends Error {}

function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ScaffoldError) throw new Refusal(err.message);
    throw err;
  }
}

function printTypes(io: CliIO): void {
  for (const t of TEMPLATES) {
    const e = catalog.get(t.externalId)!;
    const roles = t.slots.map((s) => `--${kebab(s.key)}${s.count && s.count[1] > 1 ? '…' : ''}`).join(' ');
    io.out(`${e.externalId}  ${e.name} [${e.phase}; ${e.severities.join('/')}]\n      ${roles}\n`);
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
