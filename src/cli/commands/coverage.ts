import { parseArgs } from 'node:util';
import path from 'node:path';
import { buildCoverage, buildNavigatorLayer, renderCoverageMarkdown, renderCoverageText } from '../../core/coverage';
import { loadFolderVerdicts } from '../../core/verdicts';
import { COVERAGE_SCORES, type CoverageScore } from '../../shared/coverage';
import { displayPath, formatProblemLine } from '../format';
import { EXIT, UsageError, type CliCommand } from '../io';

const FORMATS = ['text', 'json', 'navigator', 'markdown'];

export const coverageCommand: CliCommand = {
  name: 'coverage',
  summary: 'Which of the 69 alert types the fixtures exercise, with verdicts, FP rates and ATT&CK techniques.',
  usage: `Usage: atp-workbench coverage [paths...] [options]

For the alert fixtures under the paths (default: the current folder) and each folder's verdict ledger:
every alert type of the Defender for Identity catalog, by kill-chain phase, with its number of fixtures,
open / closed / suppressed, TP / B-TP / FP / unclassified, FP rate FP / (TP + FP) (as "verdicts" computes
it), newest alert, ATT&CK tactic and techniques. Types without a fixture are listed; external IDs the
catalog does not know are flagged.

Options:
  --format text|json|navigator|markdown
                         text: table by phase with a totals line (default)
                         json: one record per type, plus phase and technique roll-ups
                         navigator: an ATT&CK Navigator layer (format 4.5, enterprise-attack)
                         markdown: tables fit for a pull-request comment
  --score fixtures|fp-rate
                         what scores a technique in the navigator layer (default: fixtures)
  --ledger PATH          the ledger, relative to each folder (default: .atp/classifications.json)
  -h, --help             show this help

Exit codes: 0 coverage printed, 1 a ledger does not parse or validate, 2 bad usage or a missing path.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, score: { type: 'string', default: 'fixtures' }, ledger: { type: 'string' } },
    });
    const format = values.format!;
    if (!FORMATS.includes(format)) throw new UsageError(`Unknown --format "${format}": use text, json, navigator or markdown.`);
    const score = values.score as CoverageScore;
    if (!COVERAGE_SCORES.includes(score)) throw new UsageError(`Unknown --score "${values.score}": use fixtures or fp-rate.`);
    const paths = positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : [io.cwd];
    const found = await loadFolderVerdicts(paths, { ledgerPath: values.ledger });
    for (const p of found.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
    if (found.problems.some((p) => p.code === 'path-not-found')) return EXIT.usage;
    const invalid = found.ledgers.filter((l) => l.status === 'invalid');
    if (invalid.length) {
      io.err(`atp-workbench coverage: ${invalid.map((l) => displayPath(l.file, io.cwd)).join(', ')} does not parse or validate; fix it to see the verdicts.\n`);
      return EXIT.problems;
    }
    const report = buildCoverage(found.index.alerts().map((a) => a.alert), found.lookup);
    if (format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
    else if (format === 'navigator') io.out(JSON.stringify(buildNavigatorLayer(report, { score, workspace: path.basename(paths[0]!) }), null, 2) + '\n');
    else if (format === 'markdown') io.out(renderCoverageMarkdown(report));
    else io.out(renderCoverageText(report));
    return EXIT.ok;
  },
};
