/**
 * Validation in the editor: diagnostics for open fixtures while typing and for the whole workspace in
 * the background, quick fixes, completion and hover, and the "Validate Workspace" command.
 *
 * Activation (package.json): `onLanguage:json`. VS Code has no activation event for a file-name
 * pattern, and our globs are settings anyway; `workspaceContains:` would make VS Code search every
 * workspace at start-up, even ones the user never opens a fixture in. Activating on the first JSON
 * document costs little because activation scans nothing: opening a package.json does no work beyond a
 * glob match, and only opening a fixture loads the workspace index (its cross-file checks need it).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerAssist } from './assist';
import { ValidationEngine } from './engine';
import { QuickFixProvider } from './quickFixes';
import { CommandIds, registerCommand } from '../commandIds';

export function registerValidation(services: Services): ValidationEngine {
  const engine = new ValidationEngine(services.model, services.log);
  services.context.subscriptions.push(
    engine,
    registerAssist(engine),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'json', scheme: 'file' }, { language: 'jsonc', scheme: 'file' }],
      new QuickFixProvider(engine),
      { providedCodeActionKinds: QuickFixProvider.kinds },
    ),
    registerCommand(CommandIds.validateWorkspace, () => engine.validateWorkspace(true)),
  );
  return engine;
}
