import path from 'node:path';
import { DEFAULT_LEDGER_PATH } from '../fileKinds';
import { isInsideFolder } from '../paths';

/**
 * The ledger of a workspace folder. The path setting is relative to the folder and must stay inside it
 * (fixture content and settings are untrusted): anything else is refused with a reason.
 */
export function ledgerFileFor(folder: string, setting: string | undefined): { file: string; problem?: string } {
  const rel = (setting ?? '').trim() || DEFAULT_LEDGER_PATH;
  const root = path.resolve(folder);
  const file = path.resolve(root, rel);
  if (path.isAbsolute(rel) || !isInsideFolder(file, root)) {
    return {
      file: path.resolve(root, DEFAULT_LEDGER_PATH),
      problem: `The ledger path "${rel}" is not a file inside the workspace folder ${root}; using ${DEFAULT_LEDGER_PATH} instead.`,
    };
  }
  return { file };
}
