/**
 * The coverage report as an ATT&CK matrix: one column per tactic the catalog's types belong to, one
 * cell per technique those types reference. A type sits under its own tactic only (the catalog gives
 * each type one), so a technique shared by types of two tactics appears in both columns.
 */
import type { CoverageMatrix, MatrixCell, MatrixColumn, MatrixType } from '../../shared/coverage';
import { fpRate } from '../verdicts/insight';
import { compareTechniqueIds, tactic, tacticOrder, techniqueName } from './attack';
import { totalsLine, type CoverageReport, type TypeCoverage } from './build';

const matrixType = (t: TypeCoverage): MatrixType => ({ externalId: t.externalId, name: t.name, fixtures: t.fixtures, tp: t.tp, btp: t.btp, fp: t.fp, fpRate: t.fpRate });

export function buildMatrix(report: CoverageReport, workspace: string): CoverageMatrix {
  const byTactic = new Map<string, Map<string, TypeCoverage[]>>();
  const unmapped: string[] = [];
  for (const t of report.types) {
    if (!t.known) continue;
    if (!t.tactic || !t.techniques.length) {
      unmapped.push(`${t.externalId} ${t.name}`);
      continue;
    }
    let cells = byTactic.get(t.tactic);
    if (!cells) byTactic.set(t.tactic, (cells = new Map()));
    for (const id of t.techniques) {
      const list = cells.get(id);
      if (list) list.push(t);
      else cells.set(id, [t]);
    }
  }
  let maxFixtures = 0;
  const columns: MatrixColumn[] = [...byTactic.entries()]
    .sort(([a], [b]) => tacticOrder(a) - tacticOrder(b))
    .map(([tacticId, cells]) => ({
      tacticId,
      tacticName: tactic(tacticId)?.name ?? tacticId,
      cells: [...cells.entries()].sort(([a], [b]) => compareTechniqueIds(a, b)).map(([techniqueId, types]): MatrixCell => {
        const fixtures = types.reduce((n, t) => n + t.fixtures, 0);
        maxFixtures = Math.max(maxFixtures, fixtures);
        const tp = types.reduce((n, t) => n + t.tp, 0);
        const fp = types.reduce((n, t) => n + t.fp, 0);
        return { techniqueId, techniqueName: techniqueName(techniqueId), fixtures, fpRate: fpRate({ tp, fp }), types: types.map(matrixType) };
      }),
    }));
  return { workspace, totalsLine: totalsLine(report.totals), columns, maxFixtures, unmapped };
}
