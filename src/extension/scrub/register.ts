/**
 * The scrub feature: "Pseudonymise Workspace…" and "Check for Real Identities". Both read and write files,
 * so the manifest disables them in untrusted workspaces.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ScrubCommands, type ScrubArgs } from './commands';

export function registerScrub(services: Services): ScrubCommands {
  const commands = new ScrubCommands(services);
  services.context.subscriptions.push(
    commands.diagnostics,
    vscode.commands.registerCommand('atpWorkbench.scrubWorkspace', (args?: ScrubArgs) => commands.scrubWorkspace(isArgs(args) ? args : {})),
    vscode.commands.registerCommand('atpWorkbench.checkRealIdentities', (args?: { mapping?: string }) => commands.checkRealIdentities(isArgs(args) ? args : {})),
  );
  return commands;
}

/** Menus pass a Uri or a tree node as the first argument; only a plain options object is an argument object. */
function isArgs(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !(value instanceof vscode.Uri) && Object.getPrototypeOf(value) === Object.prototype;
}
