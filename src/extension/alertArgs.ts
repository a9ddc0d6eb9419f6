/**
 * Commands about one or more alerts are invoked from the palette (no argument), the tree (a node),
 * the evidence panel (an alert id), an editor title (a URI), or tests (an id or an object). This turns
 * any of those into indexed alerts.
 */
import * as vscode from 'vscode';
import type { IndexedAlert } from '../core/workspaceIndex';
import type { WorkspaceModel } from './workspaceModel';

export function resolveAlertArg(model: WorkspaceModel, arg: unknown): IndexedAlert | undefined {
  if (typeof arg === 'string') return model.index.alertsById(arg)[0];
  if (arg instanceof vscode.Uri) return model.index.alertInFile(arg.fsPath);
  if (arg && typeof arg === 'object') {
    const o = arg as { alertId?: unknown; file?: unknown };
    if (typeof o.file === 'string') {
      const byFile = model.index.alertInFile(o.file);
      if (byFile) return byFile;
    }
    if (typeof o.alertId === 'string') return model.index.alertsById(o.alertId)[0];
  }
  return undefined;
}

/** A command's (clicked, selected[]) pair from a tree, or a single argument, as a list of alerts. */
export function resolveAlertArgs(model: WorkspaceModel, arg: unknown, selection?: unknown): IndexedAlert[] {
  const many = Array.isArray(selection) && selection.length > 0 ? selection : Array.isArray(arg) ? arg : [arg];
  const out: IndexedAlert[] = [];
  for (const item of many) {
    const a = resolveAlertArg(model, item);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** Asks for an alert with a searchable quick pick (title, id, external ID, entity names). */
export async function pickAlert(model: WorkspaceModel, placeHolder: string): Promise<IndexedAlert | undefined> {
  await model.ensureLoaded();
  const items = model.index.alerts().map((a) => ({
    label: String(a.alert.title),
    description: `${a.alert.severity} · ${a.alert.status} · ${a.alert.externalId}`,
    detail: [a.alert.id, ...a.references.slice(0, 8).map((r) => model.index.entity(r.id)?.entity.SystemDisplayName).filter(Boolean)].join(' · '),
    alert: a,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.alert;
}
