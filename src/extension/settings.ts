import * as vscode from 'vscode';
import { DEFAULT_GLOBS, DEFAULT_LEDGER_PATH, type FileGlobs } from '../core/fileKinds';

export const SECTION = 'atpWorkbench';

/** Typed access to the extension's settings (`atpWorkbench.*`), read fresh each time. */
export function settings(scope?: vscode.ConfigurationScope) {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const globs: FileGlobs = {
    alert: c.get<string>('files.alerts', DEFAULT_GLOBS.alert) || DEFAULT_GLOBS.alert,
    entity: c.get<string>('files.entities', DEFAULT_GLOBS.entity) || DEFAULT_GLOBS.entity,
    profile: c.get<string>('files.profiles', DEFAULT_GLOBS.profile) || DEFAULT_GLOBS.profile,
  };
  const maxMb = c.get<number>('maxFileSizeMB', 64);
  return {
    globs,
    exclude: c.get<string>('files.exclude', '**/{node_modules,.git,dist,out}/**'),
    maxFileBytes: Math.max(1, Number.isFinite(maxMb) ? maxMb : 32) * 1024 * 1024,
    ledgerPath: c.get<string>('verdicts.ledgerPath', DEFAULT_LEDGER_PATH) || DEFAULT_LEDGER_PATH,
    strict: c.get<boolean>('validation.strict', false),
  };
}
