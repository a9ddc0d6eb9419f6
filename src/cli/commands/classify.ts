import { parseArgs } from 'node:util';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { DETERMINATIONS, VERDICTS, isDetermination, VERDICT_LABELS, type Determination, type Verdict } from '../../core/model';
import {
  LedgerInvalidError, LedgerLockTimeoutError, classify, clearVerdict, ledgerFileFor, loadFolderVerdicts, resolveAuthor, updateLedger,
} from '../../core/verdicts';
import { displayPath, formatProblemLine } from '../format';
import { EXIT, UsageError, type CliCommand } from '../io';

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

    const found = await loadFolderVerdicts([workspace], { ledgerPath: values.ledger });
    const alerts = found.index.alertsById(alertId);
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
