/**
 * Activation: cheap by design. Nothing is scanned here; the workspace is indexed the first time a view
 * or command needs it (`WorkspaceModel.ensureLoaded`).
 */
import * as vscode from 'vscode';
import { validateIndexed } from '../core/validation/workspaceValidation';
import type { Problem } from '../core/model';
import { WorkspaceModel } from './workspaceModel';
import { AlertsViewHub, VerdictsHub, type Services } from './services';
import { registerEvidence } from './evidence/register';
import { registerAlertsTree } from './tree/register';
import { registerValidation } from './validation/register';
import { registerVerdicts } from './verdicts/register';
import { registerExport } from './export/register';
import { BuiltInCommandIds, CommandIds, registerCommand } from './commandIds';

/** What `activate` returns: used by the extension-host tests, and by other extensions if they wish. */
export interface WorkbenchApi {
  services: Services;
  model: WorkspaceModel;
  /** Validates every indexed fixture with the same core the CLI uses. */
  validateIndexed(): Promise<Problem[]>;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const log = vscode.window.createOutputChannel('ATP Alert Workbench', { log: true });
  const model = new WorkspaceModel(log);
  context.subscriptions.push(
    log,
    model,
    registerCommand(CommandIds.refresh, () => model.reload()),
    registerCommand(CommandIds.showOutput, () => log.show()),
    registerCommand(CommandIds.openSamples, () =>
      vscode.commands.executeCommand(BuiltInCommandIds.openFolder, vscode.Uri.joinPath(context.extensionUri, 'samples'), { forceNewWindow: true }),
    ),
  );
  const services: Services = { context, log, model, verdicts: new VerdictsHub(), alertsView: new AlertsViewHub() };
  context.subscriptions.push(services.verdicts);

  // Features: each registers its own commands, views and listeners.
  // (one line per feature, in the order the features depend on each other)
  registerVerdicts(services);
  registerAlertsTree(services);
  registerEvidence(services);
  registerValidation(services);
  registerExport(services);

  log.info(`ATP Alert Workbench activated (VS Code ${vscode.version}).`);

  return {
    services,
    model,
    async validateIndexed() {
      await model.ensureLoaded();
      return (await validateIndexed(model.index)).problems;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
