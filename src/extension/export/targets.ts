/**
 * Where reports go: the default folder (setting `atpWorkbench.export.defaultFolder`, else the folder
 * last exported to, else the workspace folder), the save / folder dialogs, and what to offer afterwards.
 */
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { settings } from '../settings';
import { BuiltInCommandIds } from '../commandIds';

const LAST_FOLDER_KEY = 'atpWorkbench.export.lastFolder';

/** Options a caller (a test, another extension) passes to skip the dialogs. */
export interface ExportCommandOptions {
  /** Absolute path: the .xlsx file (one alert) or the folder (many alerts). */
  target?: string;
  /** Offer "Open" / "Reveal" after writing (default true). */
  reveal?: boolean;
}

export function isExportOptions(value: unknown): value is ExportCommandOptions {
  return !!value && typeof value === 'object' && !Array.isArray(value) && ('target' in value || 'reveal' in value);
}

export function defaultFolder(context: vscode.ExtensionContext, near?: string): vscode.Uri {
  const setting = settings().exportDefaultFolder;
  const workspaceFolder = (near ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(near)) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
  if (setting) {
    const expanded = setting === '~' || setting.startsWith('~/') ? path.join(os.homedir(), setting.slice(1)) : setting;
    if (path.isAbsolute(expanded)) return vscode.Uri.file(expanded);
    if (workspaceFolder) return vscode.Uri.joinPath(workspaceFolder.uri, expanded);
  }
  const last = context.globalState.get<string>(LAST_FOLDER_KEY);
  if (last && path.isAbsolute(last)) return vscode.Uri.file(last);
  return workspaceFolder?.uri ?? vscode.Uri.file(os.homedir());
}

export async function rememberFolder(context: vscode.ExtensionContext, folder: string): Promise<void> {
  await context.globalState.update(LAST_FOLDER_KEY, folder);
}

/** The save dialog for one report; undefined when the person cancels. Always ends in `.xlsx`. */
export async function askReportFile(folder: vscode.Uri, name: string): Promise<string | undefined> {
  const uri = await vscode.window.showSaveDialog({
    title: 'Export Alert Report (Excel)',
    defaultUri: vscode.Uri.joinPath(folder, name),
    filters: { 'Excel workbook': ['xlsx'] },
    saveLabel: 'Export',
  });
  if (!uri) return undefined;
  return /\.xlsx$/i.test(uri.fsPath) ? uri.fsPath : `${uri.fsPath}.xlsx`;
}

export async function askReportFolder(folder: vscode.Uri, count: number): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: `Export ${count} Alert ${count === 1 ? 'Report' : 'Reports'} (Excel) into…`,
    defaultUri: folder,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Export Here',
  });
  return picked?.[0]?.fsPath;
}

/** "Open" / "Reveal" after saving; not awaited by the commands, so they finish without waiting for a click. */
export async function offerOpen(message: string, file: string, openLabel = 'Open'): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, openLabel, 'Reveal');
  const uri = vscode.Uri.file(file);
  if (choice === openLabel) {
    await vscode.env.openExternal(uri);
  } else if (choice === 'Reveal') {
    try {
      await vscode.commands.executeCommand(BuiltInCommandIds.revealFileInOS, uri);
    } catch {
      // No OS file manager (a remote or web window): show it in the Explorer when it is in the workspace.
      if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand(BuiltInCommandIds.revealInExplorer, uri);
      else void vscode.window.showInformationMessage(`The report is at ${file}.`);
    }
  }
}
