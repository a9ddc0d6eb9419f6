/**
 * Activation: cheap by design. Nothing is scanned here; the workspace is indexed the first time a view
 * or command needs it (`WorkspaceModel.ensureLoaded`).
 */
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { loadValidation, loadedBundles } from '../core/lazyBundles';
import type { Problem } from '../core/model';
import { WorkspaceModel } from './workspaceModel';
import { AlertsViewHub, VerdictsHub, type Services } from './services';
import { registerEvidence } from './evidence/register';
import { registerAlertsTree } from './tree/register';
import { registerValidation } from './validation/register';
import { registerVerdicts } from './verdicts/register';
import { registerExport } from './export/register';
import { registerCoverage } from './coverage/register';
import { registerImport } from './import/register';
import { registerScaffold } from './scaffold/register';
import { registerScrub } from './scrub/register';

/** What `activate` returns: used by the extension-host tests, and by other extensions if they wish. */
export interface WorkbenchApi {
  services: Services;
  model: WorkspaceModel;
  /** Validates every indexed fixture with the same core the CLI uses. */
  validateIndexed(): Promise<Problem[]>;
  /** How long `activate` took, and which parts loaded on first use were already loaded when it returned. */
  activation: { ms: number; loaded: ReturnType<typeof loadedBundles> };
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('ATP Alert Workbench', { log: true });
  const model = new WorkspaceModel(log);
  context.subscriptions.push(
    log,
    model,
    vscode.commands.registerCommand('atpWorkbench.refresh', () => model.reload()),
    vscode.commands.registerCommand('atpWorkbench.showOutput', () => log.show()),
    vscode.commands.registerCommand('atpWorkbench.openSamples', () =>
      vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.joinPath(context.extensionUri, 'samples'), { forceNewWindow: true }),
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
  registerCoverage(services);
  registerImport(services);
  registerScaffold(services);
  registerScrub(services);

  const activation = { ms: performance.now() - started, loaded: loadedBundles() };
  log.info(`ATP Alert Workbench activated in ${activation.ms.toFixed(1)} ms (VS Code ${vscode.version}).`);

  return {
    services,
    model,
    activation,
    async validateIndexed() {
      await model.ensureLoaded();
      return (await loadValidation().validateIndexed(model.index)).problems;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
