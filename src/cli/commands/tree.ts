import { parseArgs } from 'node:util';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { discoverFiles, noFixturesMessage } from '../../core/discovery';
import { importHints } from '../importHints';
import { DEFAULT_LEDGER_PATH } from '../../core/fileKinds';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/loader';
import { SEVERITIES, STATUSES, type AlertStatus, type Severity } from '../../core/model';
import { GROUP_BYS, GROUP_BY_LABELS, SORT_ORDERS, VERDICT_KEYS, buildAlertTree, describeFilter, isFilterActive, type AlertNode, type AlertTree, type GroupBy, type SortOrder, type TreeFilter, type TreeFolder, type VerdictKey } from '../../core/tree';
import { NO_VERDICTS, type VerdictLookup } from '../../core/verdicts/lookup';
import { LedgerLookup, type Ledger } from '../../core/verdicts/ledger';
import { readLedger } from '../../core/verdicts/store';
import { WorkspaceIndex } from '../../core/workspaceIndex';
import { displayPath, formatProblemLine } from '../format';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../io';

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'Print the alerts grouped as the Alerts view groups them (phase, type, entity or verdict), with counts.',
  usage: `Usage: atp-workbench list [paths...] [options]

Loads every *.alert.json, *.entity.json and *.profile.json under the paths (default: the current
folder), reads each folder's .atp/classifications.json for verdicts, and prints the groups of the
Alerts view with their counts, each followed by its alerts. The counts are computed by the same code
as the view, so they match it. With several paths, each gets its own section (like a multi-root
workspace).

Options:
  --group-by phase|type|entity|verdict   grouping (default: phase)
  --sort newest|severity                 order of alerts in a group (default: newest)
  --severity LIST                        only these severities, comma-separated (High,Medium,Low)
  --status LIST                          only these statuses (Open,Closed,Suppressed)
  --verdict LIST                         only these verdicts (TP,B-TP,FP,unclassified)
  --text TEXT                            only alerts whose title, id, type or entity names contain TEXT
  --summary                              print the groups and counts only, not the alerts
  --format text|json                     output format (default: text)
  --allow-empty                          succeed even when the paths hold no alert, entity or profile file
  -h, --help                             show this help

Exit codes: 0 listed, 2 bad usage, an unreadable path or no fixture under the paths (unless --allow-empty).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'group-by': { type: 'string', default: 'phase' },
        sort: { type: 'string', default: 'newest' },
        severity: { type: 'string' },
        status: { type: 'string' },
        verdict: { type: 'string' },
        text: { type: 'string' },
        summary: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        'allow-empty': { type: 'boolean', default: false },
      },
    });
    const groupBy = oneOf(values['group-by']!, GROUP_BYS, '--group-by');
    const sort = oneOf(values.sort!, SORT_ORDERS, '--sort');
    const format = oneOf(values.format!, ['text', 'json'] as const, '--format');
    const filter: TreeFilter = {
      severities: listOf(values.severity, SEVERITIES, '--severity') as Severity[] | undefined,
      statuses: listOf(values.status, STATUSES, '--status') as AlertStatus[] | undefined,
      verdicts: listOf(values.verdict, VERDICT_KEYS, '--verdict') as VerdictKey[] | undefined,
      text: values.text,
    };

    const paths = positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : [io.cwd];
    const found = await discoverFiles(paths);
    for (const p of found.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
    for (const p of await importHints(paths, io.cwd)) io.err(formatProblemLine(p, io.cwd) + '\n');
    if (found.problems.some((p) => p.code === 'path-not-found')) return EXIT.usage;
    if (!found.files.length && !values['allow-empty']) {
      io.err(`atp-workbench list: ${noFixturesMessage(paths.map((p) => displayPath(p, io.cwd)), found.ignoredJson)}.\n`);
      return EXIT.usage;
    }
    const index = new WorkspaceIndex({ maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    await index.updateMany(found.files, { yieldEveryMs: false });
    const folders = await foldersOf(paths, io.cwd);
    const verdicts = await verdictsFor(folders, io);
    const tree = buildAlertTree({ source: index, verdicts, options: { groupBy, sort, filter }, folders });

    if (format === 'json') io.out(JSON.stringify(toJson(tree, groupBy, sort, filter, io.cwd, values.summary!), null, 2) + '\n');
    else printText(tree, io, values.summary!);
    const filterText = isFilterActive(filter) ? ` matching ${describeFilter(filter)}` : '';
    io.err(`${tree.shown} of ${tree.total} alerts${filterText}, grouped by ${GROUP_BY_LABELS[groupBy].replace(/^./, (c) => c.toLowerCase())}; ${index.invalid().length} invalid files.\n`);
    return EXIT.ok;
  },
};

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`Unknown ${flag} "${value}": use ${allowed.join(', ')}.`);
  return value as T;
}

function listOf(value: string | undefined, allowed: readonly string[], flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const byLower = new Map(allowed.map((a) => [a.toLowerCase(), a]));
  return items.map((item) => {
    const known = byLower.get(item.toLowerCase());
    if (!known) throw new UsageError(`Unknown ${flag} value "${item}": use ${allowed.join(', ')}.`);
    return known;
  });
}

/** Each path is a folder of the tree (a file stands for its folder), named as the user wrote it. */
async function foldersOf(paths: string[], cwd: string): Promise<TreeFolder[]> {
  const folders: TreeFolder[] = [];
  for (const p of paths) {
    const isDir = await fs.stat(p).then((s) => s.isDirectory(), () => false);
    const folder = isDir ? p : path.dirname(p);
    if (!folders.some((f) => f.path === folder)) folders.push({ name: displayPath(folder, cwd) || '.', path: folder });
  }
  return folders;
}

/** Verdicts from each folder's ledger; a ledger that does not parse is reported and ignored. */
async function verdictsFor(folders: TreeFolder[], io: CliIO): Promise<VerdictLookup> {
  const ledgers: Ledger[] = [];
  for (const f of folders) {
    const read = await readLedger(path.join(f.path, DEFAULT_LEDGER_PATH));
    if (read.status === 'ok') ledgers.push(read.ledger);
    else if (read.status === 'invalid') {
      for (const p of read.problems) io.err(`${formatProblemLine(p, io.cwd)} (verdicts from this ledger are not shown)\n`);
    }
  }
  return ledgers.length ? new LedgerLookup(ledgers) : NO_VERDICTS;
}

function printText(tree: AlertTree, io: CliIO, summary: boolean): void {
  const alertLine = (a: AlertNode, indent: string) => `${indent}${a.label} — ${a.description}  (${displayPath(a.file, io.cwd)})\n`;
  const print = (nodes: ReturnType<AlertTree['roots']>, indent: string) => {
    for (const node of nodes) {
      io.out(`${indent}${node.label}  ${node.description}\n`);
      if (node.kind === 'folder') {
        print(tree.children(node), indent + '  ');
      } else if (!summary && node.kind === 'group') {
        for (const a of tree.children(node)) if (a.kind === 'alert') io.out(alertLine(a, indent + '  '));
      } else if (!summary && node.kind === 'invalidGroup') {
        for (const f of tree.children(node)) if (f.kind === 'invalidFixture') io.out(`${indent}  ${displayPath(f.file, io.cwd)}  ${f.description}\n`);
      }
    }
  };
  print(tree.roots(), '');
}

function toJson(tree: AlertTree, groupBy: GroupBy, sort: SortOrder, filter: TreeFilter, cwd: string, summary: boolean) {
  const folderOf = (id: string | undefined) => {
    const parent = id ? tree.node(id) : undefined;
    return parent?.kind === 'folder' ? parent.folder.name : undefined;
  };
  return {
    groupBy,
    sort,
    filter: isFilterActive(filter) ? filter : null,
    total: tree.total,
    shown: tree.shown,
    groups: tree.groups().map((g) => ({
      id: g.id,
      ...(folderOf(g.parentId) ? { folder: folderOf(g.parentId) } : {}),
      key: g.key,
      label: g.label,
      description: g.description,
      count: g.count,
      ...(summary ? {} : {
        alerts: tree.children(g).flatMap((a) => a.kind === 'alert' ? [{
          id: a.alertId,
          file: displayPath(a.file, cwd),
          title: a.label,
          severity: a.severity,
          status: a.status,
          verdict: a.verdict ?? null,
          startTime: typeof a.indexed.alert.startTime === 'string' ? a.indexed.alert.startTime : null,
          warnings: a.issues.map((i) => i.message),
        }] : []),
      }),
    })),
    invalid: tree.invalidGroups().flatMap((g) => tree.children(g)).flatMap((f) => f.kind === 'invalidFixture' ? [{
      file: displayPath(f.file, cwd),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      code: f.code,
      message: f.message,
    }] : []),
  };
}
