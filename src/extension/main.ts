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
import { registerEvidence, type EvidencePanels } from './evidence/register';
import { registerAlertsTree, type AlertsTree } from './tree/register';
import { registerValidation } from './validation/register';
import { registerVerdicts } from './verdicts/register';
import { registerExport } from './export/register';
import { registerCoverage, type CoverageView } from './coverage/register';
import { registerImport } from './import/register';
import { registerScaffold } from './scaffold/register';
import { registerScrub } from './scrub/register';
import { BuiltInCommandIds, CommandIds, registerCommand } from './commandIds';

/**
 * The extension's API: what `activate` returns, and what
 * `vscode.extensions.getExtension('atp-workbench.atp-alert-workbench').exports` gives another extension
 * (and the extension-host tests, which use nothing else to look inside).
 */
export interface AtpWorkbenchApi {
  /** The shared services every feature is built on (index, verdicts, log). */
  readonly services: Services;
  /** The workspace index, loaded on first use and kept current by watchers. */
  readonly model: WorkspaceModel;
  /** The Alerts view: its data provider (what the view shows) and the tree view. */
  readonly alertsTree: AlertsTree;
  /** The open evidence panels, by alert id, and their serializer (restore after a reload). */
  readonly evidence: EvidencePanels;
  /** The Coverage view (provider, tree view, model) and the open coverage matrix panel. */
  readonly coverage: CoverageView;
  /** Validates every indexed fixture with the same core the CLI uses. */
  validateIndexed(): Promise<Problem[]>;
  /** How long `activate` took, and which parts loaded on first use were already loaded when it returned. */
  activation: { ms: number; loaded: ReturnType<typeof loadedBundles> };
}

export function activate(context: vscode.ExtensionContext): AtpWorkbenchApi {
  const started = performance.now();
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
  const alertsTree = registerAlertsTree(services);
  const evidence = registerEvidence(services);
  registerValidation(services);
  registerExport(services);
  const coverage = registerCoverage(services);
  registerImport(services);
  registerScaffold(services);
  registerScrub(services);

  const activation = { ms: performance.now() - started, loaded: loadedBundles() };
  log.info(`ATP Alert Workbench activated in ${activation.ms.toFixed(1)} ms (VS Code ${vscode.version}).`);

  return {
    services,
    model,
    activation,
    alertsTree,
    evidence,
    coverage,
    async validateIndexed() {
      await model.ensureLoaded();
      return (await loadValidation().validateIndexed(model.index)).problems;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
