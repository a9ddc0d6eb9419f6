/**
 * The Alerts view's commands: grouping, filtering, opening and revealing. Commands about alerts accept
 * what any command does (a tree node, a selection, an alert id, a URI) through `resolveAlertArgs`.
 */
import * as vscode from 'vscode';
import { SEVERITIES, STATUSES, VERDICT_LABELS } from '../../core/model';
import { GROUP_BYS, GROUP_BY_LABELS, isFilterActive, VERDICT_KEYS, type GroupBy, type TreeFilter, type TreeNode, type VerdictKey } from '../../core/tree';
import { pickAlert, resolveAlertArgs } from '../alertArgs';
import type { Services } from '../services';
import type { AlertsTreeProvider } from './alertsTreeProvider';
import { sanitizeFilter } from './viewState';
import { BuiltInCommandIds, CommandIds, ContextKeys, registerCommand, setContext } from '../commandIds';

export const VIEW_ID = 'atpAlerts.alerts';

export function registerTreeCommands(services: Services, provider: AlertsTreeProvider, view: vscode.TreeView<TreeNode>): vscode.Disposable[] {
  const { model } = services;
  const state = provider.state;
  const apply = () => {
    state.save();
    void setContext(ContextKeys.alertsFiltered, isFilterActive(state.filter));
    void setContext(ContextKeys.alertsGroupBy, state.groupBy);
    provider.refresh();
  };
  apply();

  const alertsFrom = async (arg: unknown, selection: unknown, placeHolder: string) => {
    await model.ensureLoaded();
    const alerts = resolveAlertArgs(model, arg, selection);
    if (alerts.length || arg !== undefined) return alerts;
    const picked = await pickAlert(model, placeHolder);
    return picked ? [picked] : [];
  };

  return [
    registerCommand(CommandIds.groupBy, async (arg?: unknown) => {
      let groupBy = typeof arg === 'string' && GROUP_BYS.includes(arg as GroupBy) ? (arg as GroupBy) : undefined;
      if (!groupBy) {
        const picked = await vscode.window.showQuickPick(
          GROUP_BYS.map((g) => ({ label: GROUP_BY_LABELS[g], description: g === state.groupBy ? 'current' : undefined, value: g })),
          { placeHolder: 'Group the Alerts view by…' },
        );
        groupBy = picked?.value;
      }
      if (!groupBy || groupBy === state.groupBy) return;
      state.groupBy = groupBy;
      apply();
    }),

    registerCommand(CommandIds.filter, async (arg?: unknown) => {
      const filter = arg !== undefined ? sanitizeFilter(arg) : await askFilter(state.filter);
      if (!filter) return;
      state.filter = filter;
      apply();
    }),

    registerCommand(CommandIds.clearFilter, () => {
      state.filter = {};
      apply();
    }),

    registerCommand(CommandIds.collapseAll, async () => {
      state.collapseAll();
      await vscode.commands.executeCommand(BuiltInCommandIds.collapseTreeView(VIEW_ID));
    }),

    registerCommand(CommandIds.openAlertJson, async (arg?: unknown, selection?: unknown) => {
      const alerts = await alertsFrom(arg, selection, 'Open which alert fixture?');
      if (!alerts.length && arg !== undefined) void vscode.window.showWarningMessage('That alert is no longer in the workspace (its file was deleted or renamed).');
      for (const a of alerts) await vscode.window.showTextDocument(vscode.Uri.file(a.file), { preview: alerts.length === 1, preserveFocus: alerts.length > 1 });
    }),

    registerCommand(CommandIds.copyAlertId, async (arg?: unknown, selection?: unknown) => {
      const alerts = await alertsFrom(arg, selection, 'Copy the id of which alert?');
      if (!alerts.length) return;
      await vscode.env.clipboard.writeText(alerts.map((a) => String(a.alert.id)).join('\n'));
      vscode.window.setStatusBarMessage(`Copied ${alerts.length === 1 ? `alert id ${String(alerts[0]!.alert.id)}` : `${alerts.length} alert ids`}.`, 3000);
    }),

    registerCommand(CommandIds.revealAlert, async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file') {
        void vscode.window.showInformationMessage('Open an alert fixture (*.alert.json) in the editor to reveal it in the Alerts view.');
        return;
      }
      await model.ensureLoaded();
      const node = provider.tree.alertNodes(uri.fsPath)[0];
      if (node) {
        await revealAndSelect(view, node);
        return;
      }
      if (model.index.alertInFile(uri.fsPath)) {
        const clear = 'Clear Filter';
        const choice = await vscode.window.showInformationMessage('The filter hides this alert in the Alerts view.', clear);
        if (choice === clear) {
          state.filter = {};
          apply();
          const shown = provider.tree.alertNodes(uri.fsPath)[0];
          if (shown) await revealAndSelect(view, shown);
        }
        return;
      }
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} is not an alert fixture that loaded; only *.alert.json files appear in the Alerts view.`);
    }),

    registerCommand(CommandIds.openEntityJson, async (arg?: unknown) => {
      const node = arg as TreeNode | undefined;
      const file = entityFileOf(node);
      if (file) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
      else void vscode.window.showWarningMessage(`No Unique Entity Json file has Id "${entityIdOf(node) ?? '?'}".`);
    }),

    registerCommand(CommandIds.openEntityProfile, async (arg?: unknown) => {
      const node = arg as TreeNode | undefined;
      const id = entityIdOf(node);
      if (!id) return;
      await model.ensureLoaded();
      const profile = model.index.profile(id);
      if (profile) await vscode.window.showTextDocument(vscode.Uri.file(profile.file), { preview: true });
      else void vscode.window.showInformationMessage(`No Unique Entity Profile Json has UniqueEntityId "${id}".`);
    }),
  ];
}

/**
 * Reveals and selects a node. A view that is hidden or shown for the first time (just after the alert's
 * file was written, say) can drop the selection of a reveal made while it renders: show the view first,
 * then reveal again until the node is selected (bounded: about two seconds).
 */
async function revealAndSelect(view: vscode.TreeView<TreeNode>, node: TreeNode): Promise<void> {
  if (!view.visible) await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  for (let attempt = 0; attempt < 20; attempt++) {
    await view.reveal(node, { select: true, focus: true, expand: false });
    if (view.selection.some((n) => n.id === node.id)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function entityIdOf(node: TreeNode | undefined): string | undefined {
  if (node?.kind === 'entity') return node.entityId;
  if (node?.kind === 'group') return node.entityId;
  return undefined;
}

function entityFileOf(node: TreeNode | undefined): string | undefined {
  if (node?.kind === 'entity') return node.entityFile;
  if (node?.kind === 'group') return node.entityFile;
  return undefined;
}

type FilterItem = vscode.QuickPickItem & { apply?: (f: TreeFilter) => void };

/** Two steps: tick severities, statuses and verdicts; then type text (empty for any). Undefined = cancelled. */
async function askFilter(current: TreeFilter): Promise<TreeFilter | undefined> {
  const items: FilterItem[] = [];
  const section = (label: string) => items.push({ label, kind: vscode.QuickPickItemKind.Separator });
  section('Severity');
  for (const s of SEVERITIES) items.push({ label: s, description: 'severity', picked: !!current.severities?.includes(s), apply: (f) => (f.severities ??= []).push(s) });
  section('Status');
  for (const s of STATUSES) items.push({ label: s, description: 'status', picked: !!current.statuses?.includes(s), apply: (f) => (f.statuses ??= []).push(s) });
  section('Verdict');
  for (const v of VERDICT_KEYS) {
    const label = v === 'unclassified' ? 'Not classified' : `${v} — ${VERDICT_LABELS[v as Exclude<VerdictKey, 'unclassified'>]}`;
    items.push({ label, description: 'verdict', picked: !!current.verdicts?.includes(v), apply: (f) => (f.verdicts ??= []).push(v) });
  }
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    placeHolder: 'Show only alerts with these severities, statuses and verdicts (none ticked in a section = any); Enter for the text step',
    title: 'Filter the Alerts view (1/2)',
  });
  if (!picked) return undefined;
  const text = await vscode.window.showInputBox({
    title: 'Filter the Alerts view (2/2)',
    prompt: 'Text to find in alert titles, ids, external IDs, types and entity names (empty for any)',
    value: current.text ?? '',
  });
  if (text === undefined) return undefined;
  const filter: TreeFilter = {};
  for (const item of picked) item.apply?.(filter);
  // The alert types come from the Coverage view; keep them (Clear Filter drops them).
  if (current.externalIds?.length) filter.externalIds = current.externalIds;
  if (text.trim()) filter.text = text.trim();
  return filter;
}
