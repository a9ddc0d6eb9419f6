/**
 * The one place the extension reads its settings (`atpWorkbench.*`): typed, defaulted, read fresh each
 * time (settings change while the editor runs). Defaults are the core's constants, which the manifest's
 * `default`s repeat.
 */
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE_GLOB, DEFAULT_GLOBS, DEFAULT_LEDGER_PATH, type FileGlobs } from '../core/fileKinds';
import { DEFAULT_MAX_FILE_BYTES } from '../core/loader';
import { SORT_ORDERS, type SortOrder } from '../core/tree';
import { isRecord } from '../shared/text';

export const SECTION = 'atpWorkbench';

export interface Settings {
  globs: FileGlobs;
  exclude: string;
  maxFileBytes: number;
  ledgerPath: string;
  strict: boolean;
  sortOrder: SortOrder;
  /** Who verdicts are recorded as; empty: git's user.name, then the OS user. */
  author: string;
  /** Where reports are saved by default; empty: the last folder used. */
  exportDefaultFolder: string;
  /** Extra schemas per fixture kind, paths relative to the workspace folder (checked where used). */
  extraSchemas: Record<string, unknown>;
}

export function settings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const text = (key: string, fallback: string) => {
    const v = c.get<unknown>(key);
    return typeof v === 'string' && v.trim() ? v : fallback;
  };
  const exclude = c.get<unknown>('files.exclude');
  const maxMb = c.get<unknown>('maxFileSizeMB');
  const sortOrder = c.get<unknown>('alerts.sortOrder');
  const extra = c.get<unknown>('validation.extraSchemas');
  return {
    globs: {
      alert: text('files.alerts', DEFAULT_GLOBS.alert),
      entity: text('files.entities', DEFAULT_GLOBS.entity),
      profile: text('files.profiles', DEFAULT_GLOBS.profile),
    },
    // An empty exclude is a choice (search everything), not a missing setting.
    exclude: typeof exclude === 'string' ? exclude : DEFAULT_EXCLUDE_GLOB,
    maxFileBytes: typeof maxMb === 'number' && Number.isFinite(maxMb) && maxMb > 0 ? Math.max(1, maxMb) * 1024 * 1024 : DEFAULT_MAX_FILE_BYTES,
    ledgerPath: text('verdicts.ledgerPath', DEFAULT_LEDGER_PATH),
    strict: c.get<unknown>('validation.strict') === true,
    sortOrder: (SORT_ORDERS as readonly unknown[]).includes(sortOrder) ? (sortOrder as SortOrder) : 'newest',
    author: text('verdicts.author', '').trim(),
    exportDefaultFolder: text('export.defaultFolder', '').trim(),
    extraSchemas: isRecord(extra) ? extra : {},
  };
}
