/**
 * The import feature: "Import Alerts…" (off in untrusted workspaces: it writes files).
 */
import * as vscode from 'vscode';
import { CommandIds, registerCommand } from '../commandIds';
import type { Services } from '../services';
import { ImportCommands, type ImportCommandOptions } from './commands';

export function registerImport(services: Services): ImportCommands {
  const commands = new ImportCommands(services);
  services.context.subscriptions.push(
    commands,
    registerCommand(CommandIds.importAlerts, (options?: unknown) => commands.importAlerts(isOptions(options) ? options : {})),
  );
  return commands;
}

/** Menus pass a URI or a tree node; only a plain options object (tests, other extensions) is taken as options. */
function isOptions(v: unknown): v is ImportCommandOptions {
  return !!v && typeof v === 'object' && !(v instanceof vscode.Uri) && ('files' in v || 'text' in v || 'folder' in v);
}
