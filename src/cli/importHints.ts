import { findExportLikeFiles } from '../core/import/inputs';
import type { Problem } from '../core/model';
import { displayPath } from './format';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * `validate` and `list` read fixtures only: files under the paths that look like alert exports (CEF
 * lines, Graph or Sentinel JSON, JSON Lines, workbooks) get an information pointing to `import`, instead
 * of being passed over in silence. `listed`: the candidate files per path, from a walk already made
 * (discoverFiles' `others`).
 */
export async function importHints(paths: string[], cwd: string, listed?: string[][]): Promise<Problem[]> {
  const found = await findExportLikeFiles(paths, undefined, undefined, listed);
  return found.map((f) => ({
    file: f.file,
    range: ZERO,
    severity: 'information',
    code: 'looks-like-export',
    message: `This looks like a ${f.label} export, not a fixture: turn its alerts into fixtures with "atp-workbench import ${displayPath(f.file, cwd)}".`,
  }));
}
