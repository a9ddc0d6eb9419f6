/**
 * Every command id the extension registers or calls, in one typed place (as vscode-codeql's
 * common/commands.ts). Features register through `registerCommand` and call through `executeCommand`,
 * so a mistyped id is a compile error, and test/unit/manifest.test.ts checks that this file, the source
 * and package.json's `contributes` agree.
 */
import * as vscode from 'vscode';

/** Our commands, each contributed in package.json (`contributes.commands`). */
export const CommandIds = {
  refresh: 'atpWorkbench.refresh',
  showOutput: 'atpWorkbench.showOutput',
  openSamples: 'atpWorkbench.openSamples',
  // tree
  groupBy: 'atpWorkbench.groupBy',
  filter: 'atpWorkbench.filter',
  clearFilter: 'atpWorkbench.clearFilter',
  collapseAll: 'atpWorkbench.collapseAll',
  openAlertJson: 'atpWorkbench.openAlertJson',
  revealAlert: 'atpWorkbench.revealAlert',
  copyAlertId: 'atpWorkbench.copyAlertId',
  openEntityJson: 'atpWorkbench.openEntityJson',
  openEntityProfile: 'atpWorkbench.openEntityProfile',
  // evidence
  openEvidence: 'atpWorkbench.openEvidence',
  // validation
  validateWorkspace: 'atpWorkbench.validateWorkspace',
  // verdicts
  classifyAlert: 'atpWorkbench.classifyAlert',
  clearVerdict: 'atpWorkbench.clearVerdict',
  showVerdictHistory: 'atpWorkbench.showVerdictHistory',
  excludeSourceEntity: 'atpWorkbench.excludeSourceEntity',
  openLedger: 'atpWorkbench.openLedger',
  // export
  exportAlertReport: 'atpWorkbench.exportAlertReport',
  exportReports: 'atpWorkbench.exportReports',
  // coverage
  showCoverageMatrix: 'atpWorkbench.showCoverageMatrix',
  exportNavigatorLayer: 'atpWorkbench.exportNavigatorLayer',
  showAlertsOfType: 'atpWorkbench.showAlertsOfType',
  // import
  importAlerts: 'atpWorkbench.importAlerts',
  // scaffold
  newAlertFixture: 'atpWorkbench.newAlertFixture',
  createFixture: 'atpWorkbench.createFixture',
  // scrub
  scrubWorkspace: 'atpWorkbench.scrubWorkspace',
  checkRealIdentities: 'atpWorkbench.checkRealIdentities',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** VS Code's own commands that the extension calls. */
export const BuiltInCommandIds = {
  setContext: 'setContext',
  open: 'vscode.open',
  openFolder: 'vscode.openFolder',
  revealFileInOS: 'revealFileInOS',
  revealInExplorer: 'revealInExplorer',
  manageWorkspaceTrust: 'workbench.trust.manage',
  showProblems: 'workbench.actions.view.problems',
  /** The focus command VS Code adds for a view `<view id>`. */
  focusView: (viewId: string) => `${viewId}.focus`,
  /** The collapse-all action VS Code adds to a tree view `<view id>`. */
  collapseTreeView: (viewId: string) => `workbench.actions.treeView.${viewId}.collapseAll`,
} as const;

/** Context keys the extension sets for `when` clauses in package.json. */
export const ContextKeys = {
  alertsFiltered: 'atpWorkbench.alerts.filtered',
  alertsGroupBy: 'atpWorkbench.alerts.groupBy',
} as const;

/**
 * What a command receives: from a tree, (clicked node, selected nodes); from the palette, nothing; from
 * another feature or an extension, a request object. Each handler checks what it got.
 */
export type CommandHandler = (arg?: unknown, second?: unknown) => unknown;

export function registerCommand(id: CommandId, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, handler);
}

export function executeCommand<T = unknown>(id: CommandId, ...args: unknown[]): Thenable<T | undefined> {
  return vscode.commands.executeCommand<T | undefined>(id, ...args);
}

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand(BuiltInCommandIds.setContext, key, value);
}
