import { parseArgs } from 'node:util';
import path from 'node:path';
import { formatFpRate, loadFolderVerdicts, verdictInsight, type TypeInsight, type VerdictCounts } from '../../core/verdicts';
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
  -h, --help             show this help

Exit codes: 0 table printed, 1 a ledger does not parse or validate, 2 bad usage or a missing path.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, ledger: { type: 'string' } },
    });
    const format = values.format!;
    if (!['text', 'json'].includes(format)) throw new UsageError(`Unknown --format "${format}": use text or json.`);
    const paths = positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : [io.cwd];
    const found = await loadFolderVerdicts(paths, { ledgerPath: values.ledger });
    const missing = found.problems.filter((p) => p.code === 'path-not-found');
    const invalid = found.ledgers.filter((l) => l.status === 'invalid');
    for (const p of found.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
    if (missing.length) return EXIT.usage;
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
