/**
 * The verdicts feature on the command line: `verdicts` (counts and false-positive rates per alert type)
 * and `classify` (record or clear one alert's verdict in the ledger).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { discoverFiles, noFixturesMessage } from '../../core/discovery';
import { DETERMINATIONS, VERDICTS, VERDICT_LABELS, isDetermination, type Determination, type Verdict } from '../../core/model';
import {
  LedgerInvalidError, LedgerLockTimeoutError, classify, clearVerdict, formatFpRate, ledgerFileFor, loadFolderVerdicts, resolveAuthor,
  updateLedger, verdictInsight, type TypeInsight, type VerdictCounts,
} from '../../core/verdicts';
import { WorkspaceIndex } from '../../core/workspaceIndex';
import { displayPath, formatProblemLine } from '../format';
import { EXIT, UsageError, type CliCommand } from '../io';

export const verdictsCommand: CliCommand = {
  name: 'verdicts',
  summary: 'Per alert type: TP / B-TP / FP / unclassified counts and the false-positive rate.',
  usage: `Usage: atp-workbench verdicts [paths...] [options]

For the alert fixtures under the paths (default: the current folder) and each folder's verdict ledger:
per alert type (external ID), how many alerts are TP, B-TP, FP or unclassified, and the false-positive
rate FP / (TP + FP). B-TP alerts are real activity and are counted apart, outside the rate. "Excluded"
counts alerts whose source entity is excluded for their type ("close and exclude").

Options:
  --format text|json     output format (default: text)
  --ledger PATH          the ledger, relative to each folder (default: .atp/classifications.json)
  --allow-empty          succeed even when the paths hold no alert, entity or profile file
  -h, --help             show this help

Exit codes: 0 table printed, 1 a ledger does not parse or validate, 2 bad usage, a missing path or no
fixture under the paths (unless --allow-empty).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, ledger: { type: 'string' }, 'allow-empty': { type: 'boolean', default: false } },
    });
    const format = values.format!;
    if (!['text', 'json'].includes(format)) throw new UsageError(`Unknown --format "${format}": use text or json.`);
    const paths = positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : [io.cwd];
    const found = await loadFolderVerdicts(paths, { ledgerPath: values.ledger });
    const missing = found.problems.filter((p) => p.code === 'path-not-found');
    const invalid = found.ledgers.filter((l) => l.status === 'invalid');
    for (const p of found.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
    if (missing.length) return EXIT.usage;
    if (!found.found.fixtures && !values['allow-empty']) {
      io.err(`atp-workbench verdicts: ${noFixturesMessage(paths.map((p) => displayPath(p, io.cwd)), found.found.ignoredJson)}.\n`);
      return EXIT.usage;
    }
    if (invalid.length) {
      io.err(`atp-workbench verdicts: ${invalid.map((l) => displayPath(l.file, io.cwd)).join(', ')} does not parse or validate; fix it to see the verdicts.\n`);
      return EXIT.problems;
    }
    const alerts = found.index.alerts().map((a) => a.alert);
    const insight = verdictInsight(alerts, found.lookup);
    const known = new Set(found.index.alerts().map((a) => a.alert.id));
    const orphans = found.lookup.alertIds().filter((id) => !known.has(id) && found.index.alertsById(id).length === 0).sort();
    const ledgers = found.ledgers.filter((l) => l.status === 'ok').map((l) => displayPath(l.file, io.cwd));
    if (format === 'json') {
      io.out(JSON.stringify({ types: insight.types, totals: insight.totals, ledgers, exclusions: found.lookup.exclusions().length, verdictsWithoutAlert: orphans }, null, 2) + '\n');
      return EXIT.ok;
    }
    io.out(renderTable(insight.types, insight.totals));
    const notes = [
      ledgers.length ? `Ledger: ${ledgers.join(', ')}.` : 'No verdict ledger yet (record verdicts with "atp-workbench classify" or in VS Code).',
      `${found.lookup.exclusions().length} exclusion(s).`,
      orphans.length ? `${orphans.length} verdict(s) for alerts not found under the paths: ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ', …' : ''}.` : '',
    ];
    io.out(notes.filter(Boolean).join(' ') + '\n');
    return EXIT.ok;
  },
};

const HEADERS = ['External ID', 'Alert type', 'Alerts', 'TP', 'B-TP', 'FP', 'Unclassified', 'Excluded', 'FP rate'];
const RIGHT = new Set([2, 3, 4, 5, 6, 7, 8]);

function cells(label: string, name: string, c: VerdictCounts): string[] {
  return [label, name, String(c.alerts), String(c.tp), String(c.btp), String(c.fp), String(c.unclassified), String(c.excluded), formatFpRate(c.fpRate)];
}

function renderTable(types: TypeInsight[], totals: VerdictCounts): string {
  const rows = [
    HEADERS,
    ...types.map((t) => cells(t.externalId || '(none)', t.name ?? '(not in the catalog)', t)),
    cells('Total', '', totals),
  ];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) => r.map((c, i) => (RIGHT.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return rows.map(line).join('\n') + '\n';
}

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'Record a verdict (TP, B-TP or FP) for an alert in the verdict ledger, or clear it.',
  usage: `Usage: atp-workbench classify <alert id> <TP|B-TP|FP|clear> [options]

Records the verdict in the workspace's verdict ledger (.atp/classifications.json), the file the VS Code
extension reads and writes; an earlier verdict moves into the alert's history. Safe to run while VS Code
windows write the same ledger: writes are locked, merged and atomic. A ledger that does not parse or
validate is never overwritten.

Verdicts:
  TP      true positive: malicious activity
  B-TP    benign true positive: real but not malicious (pen test, approved application)
  FP      false positive: the activity did not happen
  clear   remove the current verdict (the history keeps it)

Options:
  --determination VALUE  why (Microsoft Graph determination): ${DETERMINATIONS.join(', ')}
  --note TEXT            a note for the team
  --author NAME          who records it (default: $ATP_WORKBENCH_AUTHOR, else git user.name, else the OS user)
  --workspace DIR        the workspace folder holding the ledger and the fixtures (default: the current folder)
  --ledger PATH          the ledger, relative to the workspace folder (default: .atp/classifications.json)
  --force                record it even if no alert fixture in the workspace has this id
  -h, --help             show this help

Exit codes: 0 recorded (or already so), 1 refused (invalid or locked ledger, unknown alert), 2 bad usage.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        determination: { type: 'string' },
        note: { type: 'string' },
        author: { type: 'string' },
        workspace: { type: 'string' },
        ledger: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 2) throw new UsageError('Expected an alert id and a verdict (TP, B-TP, FP or clear).');
    const [alertId, verdictArg] = positionals as [string, string];
    if (!alertId.length) throw new UsageError('The alert id is empty.');
    const verdict = parseVerdict(verdictArg);
    const determination = values.determination;
    if (determination !== undefined && !isDetermination(determination)) {
      throw new UsageError(`Unknown --determination "${determination}": use one of ${DETERMINATIONS.join(', ')}.`);
    }
    if (verdict === 'clear' && determination !== undefined) throw new UsageError('--determination goes with a verdict, not with clear.');

    const workspace = path.resolve(io.cwd, values.workspace ?? '.');
    if (!(await fs.stat(workspace).then((s) => s.isDirectory(), () => false))) {
      io.err(`atp-workbench classify: the workspace folder ${workspace} does not exist.\n`);
      return EXIT.usage;
    }
    const { file, problem } = ledgerFileFor(workspace, values.ledger);
    if (problem) throw new UsageError(problem.replace(/; using .*$/, '.'));

    // Only the alert fixtures are read (to check the id); the ledger is read once, by the locked update.
    const discovered = await discoverFiles([workspace]);
    const index = new WorkspaceIndex();
    await index.updateMany(discovered.files.filter((f) => f.kind === 'alert'));
    const alerts = index.alertsById(alertId);
    if (!alerts.length && !values.force) {
      io.err(`atp-workbench classify: no alert fixture under ${workspace} has the id "${alertId}". Check the id, or pass --force to record it anyway.\n`);
      return EXIT.problems;
    }
    const author = await resolveAuthor({ configured: values.author ?? io.env.ATP_WORKBENCH_AUTHOR, cwd: workspace });
    const shown = displayPath(file, io.cwd);
    try {
      const result = await updateLedger(file, (ledger) =>
        verdict === 'clear'
          ? clearVerdict(ledger, alertId, { author }, values.note)
          : classify(ledger, { alertId, verdict, determination: determination as Determination | undefined, note: values.note }, { author }),
      );
      const title = alerts[0] ? ` (${String(alerts[0].alert.title)})` : '';
      if (!result.changed) {
        io.out(verdict === 'clear' ? `Alert ${alertId}${title} has no verdict to clear; ${shown} is unchanged.\n` : `Alert ${alertId}${title} already has this verdict; ${shown} is unchanged.\n`);
      } else {
        const record = result.ledger.alerts[alertId];
        const earlier = record?.history.length ? ` Earlier: ${record.history.length} in its history.` : '';
        io.out(verdict === 'clear' ? `Cleared the verdict of alert ${alertId}${title} in ${shown}.${earlier}\n` : `Recorded ${verdict} (${VERDICT_LABELS[verdict]}) for alert ${alertId}${title} in ${shown} as ${author}.${earlier}\n`);
      }
      return EXIT.ok;
    } catch (err) {
      if (err instanceof LedgerInvalidError) {
        for (const p of err.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
        io.err(`atp-workbench classify: ${shown} does not parse or validate, so it was not changed. Fix it, then try again.\n`);
        return EXIT.problems;
      }
      if (err instanceof LedgerLockTimeoutError) {
        io.err(`atp-workbench classify: ${err.message}\n`);
        return EXIT.problems;
      }
      if (err instanceof RangeError) throw new UsageError(err.message);
      throw err;
    }
  },
};

function parseVerdict(text: string): Verdict | 'clear' {
  const t = text.trim();
  const match = [...VERDICTS, 'clear'].find((v) => v.toLowerCase() === t.toLowerCase() || (v === 'B-TP' && /^btp$/i.test(t)));
  if (!match) throw new UsageError(`Unknown verdict "${text}": use TP, B-TP, FP or clear.`);
  return match as Verdict | 'clear';
}
