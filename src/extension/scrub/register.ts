/**
 * The scrub feature: "Pseudonymise Workspace…" and "Check for Real Identities". Both read and write files,
 * so the manifest disables them in untrusted workspaces.
 */
import * as vscode from 'vscode';
import { CommandIds, registerCommand } from '../commandIds';
import type { Services } from '../services';
import { ScrubCommands } from './commands';

export function registerScrub(services: Services): ScrubCommands {
  const commands = new ScrubCommands(services);
  services.context.subscriptions.push(
    commands.diagnostics,
    registerCommand(CommandIds.scrubWorkspace, (args?: unknown) => commands.scrubWorkspace(isArgs(args) ? args : {})),
    registerCommand(CommandIds.checkRealIdentities, (args?: unknown) => commands.checkRealIdentities(isArgs(args) ? args : {})),
  );
  return commands;
}

/** Menus pass a Uri or a tree node as the first argument; only a plain options object is an argument object. */
function isArgs(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !(value instanceof vscode.Uri) && Object.getPrototypeOf(value) === Object.prototype;
}
