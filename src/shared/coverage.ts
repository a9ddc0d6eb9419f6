/**
 * The coverage matrix as the webview sees it: ATT&CK tactics as columns, techniques as cells, each cell
 * naming the MDI alert types behind it with their fixture counts and false-positive rates. Built by
 * src/core/coverage, posted by the extension, drawn by src/webview/coverage.
 */

/** What colours a cell: how many fixtures exercise it, or how noisy its alerts are. */
export type CoverageScore = 'fixtures' | 'fp-rate';
export const COVERAGE_SCORES: readonly CoverageScore[] = ['fixtures', 'fp-rate'];

export interface MatrixType {
  externalId: string;
  name: string;
  fixtures: number;
  tp: number;
  btp: number;
  fp: number;
  /** FP / (TP + FP), null when no alert of the type is TP or FP. */
  fpRate: number | null;
}

export interface MatrixCell {
  techniqueId: string;
  techniqueName: string;
  /** Fixtures of the types in this cell. */
  fixtures: number;
  /** FP / (TP + FP) over the types in this cell; null without TP or FP. */
  fpRate: number | null;
  types: MatrixType[];
}

export interface MatrixColumn {
  tacticId: string;
  tacticName: string;
  cells: MatrixCell[];
}

export interface CoverageMatrix {
  /** The workspace the matrix is about (for the title). */
  workspace: string;
  /** `Covered: 17 of 69 alert types (24.6 %), 31 techniques` */
  totalsLine: string;
  columns: MatrixColumn[];
  /** The largest fixture count of a cell: the top of the colour scale. */
  maxFixtures: number;
  /** Catalog types with no ATT&CK technique (not in any cell), as `2047 Suspected rogue…`. */
  unmapped: string[];
}

/** "25%", "33.3%" or "–" (no TP or FP yet): the same words as the `verdicts` CLI. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '–';
  return `${Math.round(rate * 1000) / 10}%`;
}

/**
 * The colour class of a cell: `none` (no fixture / no TP or FP yet), else `fixtures-1`…`fixtures-5`
 * (a fifth of the largest count each) or `rate-1`…`rate-5` (0–20 %, …, 80–100 % false positives).
 */
export function heatClass(cell: Pick<MatrixCell, 'fixtures' | 'fpRate'>, score: CoverageScore, maxFixtures: number): string {
  if (score === 'fp-rate') return cell.fpRate === null ? 'heat-none' : `heat-rate-${Math.min(5, 1 + Math.floor(cell.fpRate * 5))}`;
  if (!cell.fixtures) return 'heat-none';
  return `heat-fixtures-${Math.min(5, Math.max(1, Math.ceil((5 * cell.fixtures) / Math.max(1, maxFixtures))))}`;
}
