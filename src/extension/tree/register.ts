/**
 * The Alerts view feature: the tree view, its provider, its commands, and what keeps them current.
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../../core/tree';
import type { Services } from '../services';
import { AlertsTreeProvider } from './alertsTreeProvider';
import { registerTreeCommands, VIEW_ID } from './commands';
import { ViewState } from './viewState';

/** The Alerts view as the extension's API hands it out. */
export interface AlertsTree {
  readonly provider: AlertsTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

export function registerAlertsTree(services: Services): AlertsTree {
  const state = new ViewState(services.context.workspaceState);
  const provider = new AlertsTreeProvider(services.model, services.verdicts, state);
  const view = vscode.window.createTreeView<TreeNode>(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });

  const updateChrome = () => {
    view.message = provider.message();
    const open = services.model.index.alerts().filter((a) => a.alert.status === 'Open').length;
    view.badge = open ? { value: open, tooltip: `${open} open alert${open === 1 ? '' : 's'}` } : undefined;
  };

  services.context.subscriptions.push(
    state,
    provider,
    view,
    view.onDidExpandElement((e) => state.setExpanded(e.element.id, true)),
    view.onDidCollapseElement((e) => state.setExpanded(e.element.id, false)),
    provider.onDidChangeTreeData(updateChrome),
    ...registerTreeCommands(services, provider, view),
  );
  services.alertsView.provide(provider);
  return { provider, view };
}
