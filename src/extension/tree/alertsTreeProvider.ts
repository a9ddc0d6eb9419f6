/**
 * The "Alerts" view's data provider: a thin adapter over the core's `AlertTree` (src/core/tree), which
 * decides every label, count, id and parent. The provider rebuilds that tree (no I/O) when the index
 * or the verdicts change, and maps nodes to `TreeItem`s.
 *
 * `contextValue`s, for `view/item/context` menus (`view == atpAlerts.alerts && viewItem == …`):
 *   phase              a kill-chain phase (grouping "phase"); holds alerts
 *   group              any other bucket: an alert type, a verdict, "Unknown phase" siblings such as
 *                      "No computer or user", the role groups under an alert ("Source computers"…),
 *                      "Invalid fixtures", and workspace folders in a multi-root workspace
 *   alert              an alert row; the node carries `alertId` and `file`, so `resolveAlertArgs(model,
 *                      node, selection)` turns (clicked, selected[]) into alerts
 *   entity             an entity whose Unique Entity Json exists (a row under an alert, or a bucket of
 *                      the "by entity" grouping); the node carries `entityId`, `entityFile`, `profileFile`
 *   entity.unresolved  the same for an id that resolves to no file (shown with a warning icon)
 *   invalidFixture     a file that failed to load; the node carries `file` and `range`
 */
import * as vscode from 'vscode';
import { AlertTree, describeFilter, GROUP_BY_LABELS, isFilterActive, type TreeFolder, type TreeNode } from '../../core/tree';
import type { AlertsViewScope, VerdictsHub } from '../services';
import type { IndexedAlert } from '../../core/workspaceIndex';
import type { WorkspaceModel } from '../workspaceModel';
import { resolveTooltip, toTreeItem } from './treeItems';
import type { ViewState } from './viewState';

export class AlertsTreeProvider implements vscode.TreeDataProvider<TreeNode>, AlertsViewScope, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private current: AlertTree | undefined;

  constructor(
    private readonly model: WorkspaceModel,
    private readonly verdicts: VerdictsHub,
    readonly state: ViewState,
  ) {
    this.disposables.push(
      this.changed,
      model.onDidChange(() => this.refresh()),
      verdicts.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('atpWorkbench.alerts.sortOrder')) this.refresh();
      }),
    );
  }

  /** The tree as it is now (built on demand: after a change, nothing is computed until someone looks). */
  get tree(): AlertTree {
    if (!this.current) {
      this.current = new AlertTree({
        source: this.model.index,
        verdicts: this.verdicts.lookup,
        options: { groupBy: this.state.groupBy, sort: this.state.sort, filter: this.state.filter },
        folders: workspaceFolders(),
      });
    }
    return this.current;
  }

  /** Drops the tree and tells the view; ids are stable, so expansion and selection survive. */
  refresh(): void {
    this.current = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    // The phases (or folders) and their counts need only the alerts, so they show while entity files load;
    // alert rows wait for those, or they would flash "unresolved entities" until then.
    const alertsOnly = (!node || node.kind === 'folder') && this.state.groupBy !== 'entity';
    await (alertsOnly ? this.model.alertsLoaded() : this.model.ensureLoaded());
    // An empty workspace shows the view's welcome content instead of five empty phases.
    if (!node && this.model.index.size === 0) return [];
    const tree = this.tree;
    // VS Code may hand back a node of an earlier tree: use this tree's node with the same id.
    return tree.children(node ? tree.node(node.id) ?? node : undefined);
  }

  /** The alerts a group or folder of this view holds, its filter applied (for exporting what is shown). */
  alertsUnder(node: unknown): IndexedAlert[] | undefined {
    const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    const tree = this.tree;
    const known = typeof id === 'string' ? tree.node(id) : undefined;
    return known ? tree.alertsUnder(known) : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, this.state.isExpanded(node.id));
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.tree.parent(node);
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip ??= resolveTooltip(node, this.model.index, this.verdicts.lookup);
    return item;
  }

  /** The view's message: the active filter (and a non-default grouping), or nothing. */
  message(): string | undefined {
    const tree = this.tree;
    const parts: string[] = [];
    if (isFilterActive(this.state.filter)) {
      parts.push(`Filter: ${describeFilter(this.state.filter)} — ${tree.shown} of ${tree.total} alerts shown. "Clear Filter" in the title bar shows all.`);
    }
    if (this.state.groupBy !== 'phase') parts.push(`Grouped by ${GROUP_BY_LABELS[this.state.groupBy].replace(/^./, (c) => c.toLowerCase())}.`);
    return parts.length ? parts.join(' ') : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function workspaceFolders(): TreeFolder[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({ name: f.name, path: f.uri.fsPath }));
}
