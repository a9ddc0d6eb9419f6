/**
 * The "Alerts" view: kill-chain phases, then alerts. The view stays empty (so its welcome content
 * shows) until the workspace holds at least one fixture.
 */
import * as vscode from 'vscode';
import { PHASES, PHASE_LABELS, type Phase } from '../core/model';
import type { IndexedAlert } from '../core/workspaceIndex';
import type { WorkspaceModel } from './workspaceModel';

type Node = { kind: 'phase'; phase: Phase | undefined } | { kind: 'alert'; alert: IndexedAlert };

export class AlertsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly model: WorkspaceModel) {
    this.sub = model.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: Node): Promise<Node[]> {
    await this.model.ensureLoaded();
    const index = this.model.index;
    if (!node) {
      if (index.size === 0) return [];
      const phases: Node[] = PHASES.map((phase) => ({ kind: 'phase', phase }));
      if (index.alertsInPhase(undefined).length) phases.push({ kind: 'phase', phase: undefined });
      return phases;
    }
    if (node.kind === 'phase') {
      return [...index.alertsInPhase(node.phase)]
        .sort((a, b) => String(b.alert.startTime).localeCompare(String(a.alert.startTime)))
        .map((alert) => ({ kind: 'alert', alert }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'phase') {
      const count = this.model.index.alertsInPhase(node.phase).length;
      const item = new vscode.TreeItem(node.phase ? PHASE_LABELS[node.phase] : 'Unknown phase', count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `phase:${node.phase ?? 'unknown'}`;
      item.description = String(count);
      item.contextValue = 'phase';
      return item;
    }
    const a = node.alert.alert;
    const item = new vscode.TreeItem(String(a.title), vscode.TreeItemCollapsibleState.None);
    item.id = `alert:${node.alert.file}`;
    item.description = `${a.severity} · ${a.status}`;
    item.resourceUri = vscode.Uri.file(node.alert.file);
    item.command = { command: 'vscode.open', title: 'Open Alert JSON', arguments: [vscode.Uri.file(node.alert.file)] };
    item.contextValue = 'alert';
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
