/**
 * "New Alert Fixture…" and the Coverage view's "Create Fixture": pick a type and its entities (or take
 * them from the command's argument), write the fixture with the core scaffolder, then open the alert
 * and reveal it in the Alerts view.
 */
import * as vscode from 'vscode';
import { CommandIds, executeCommand } from '../commandIds';
import path from 'node:path';
import { catalog } from '../../core/catalog';
import { loadScaffold } from '../../core/lazyBundles';
import type { Services } from '../services';
import { pickAlertType, pickEntities, type EntityChoice } from './pickers';

/** What a caller (a test, another command, a coverage node) may pass to skip the pickers. */
export interface NewFixtureOptions {
  externalId?: string;
  entities?: EntityChoice;
  seed?: string;
  count?: number;
  /** Workspace folder (path) to write into; default the only folder, else a pick. */
  folder?: string;
}

export interface NewFixtureResult {
  alertFiles: string[];
  files: string[];
}

/** An external ID from what a command received: a string, options, or a Coverage view node. */
export function externalIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    for (const v of [o.externalId, (o.entry as Record<string, unknown> | undefined)?.externalId, (o.type as Record<string, unknown> | undefined)?.externalId]) {
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

function optionsOf(arg: unknown, second: unknown): NewFixtureOptions {
  const options: NewFixtureOptions = arg && typeof arg === 'object' && !Array.isArray(arg) ? { ...(arg as NewFixtureOptions) } : {};
  const externalId = externalIdOf(arg);
  if (externalId) options.externalId = externalId;
  if (second === 'new' || (second && typeof second === 'object')) options.entities = second as EntityChoice;
  return options;
}

export class ScaffoldCommands {
  constructor(private readonly services: Services) {}

  /** Runs the flow; returns what was written, or undefined when cancelled or refused. */
  async newAlertFixture(arg?: unknown, second?: unknown): Promise<NewFixtureResult | undefined> {
    const { model, log } = this.services;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Creating fixtures writes files: trust this workspace first.');
      return undefined;
    }
    const { findAlertType, randomSeed, scaffold, ScaffoldError } = loadScaffold();
    const options = optionsOf(arg, second);
    const folder = await this.folder(options.folder);
    if (!folder) return undefined;
    await model.ensureLoaded();
    let externalId = options.externalId;
    if (externalId !== undefined) {
      try {
        externalId = findAlertType(externalId).externalId;
      } catch (err) {
        void vscode.window.showErrorMessage((err as Error).message);
        return undefined;
      }
    } else {
      externalId = await pickAlertType(model.index);
      if (!externalId) return undefined;
    }
    const entities = options.entities ?? (await pickEntities(model.index, externalId));
    if (!entities) return undefined;
    const seed = options.seed ?? randomSeed();
    try {
      const plan = await scaffold(model.index, {
        externalId, root: folder.uri.fsPath, seed, count: options.count,
        // A fixture made now is dated now, unless the caller wants the seed's reproducible time.
        startTime: options.seed === undefined ? new Date(Date.now() - 3_600_000) : undefined,
        chosen: entities === 'new' ? undefined : entities,
      });
      const files = plan.files.map((f) => f.file);
      log.info(`New Alert Fixture: ${externalId} ${catalog.get(externalId)!.name} (seed ${seed}) → ${files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}`);
      await model.filesWritten(files);
      const alert = vscode.Uri.file(plan.alertFiles[0]!);
      await vscode.window.showTextDocument(alert, { preview: false });
      await executeCommand(CommandIds.revealAlert, alert);
      const others = files.length - plan.alertFiles.length;
      vscode.window.setStatusBarMessage(`Created ${path.basename(alert.fsPath)}${plan.alertFiles.length > 1 ? ` and ${plan.alertFiles.length - 1} more alerts` : ''}${others ? ` with ${others / 2} new entities` : ''}.`, 5000);
      return { alertFiles: plan.alertFiles, files };
    } catch (err) {
      if (!(err instanceof ScaffoldError)) log.error(`New Alert Fixture: ${(err as Error).stack ?? String(err)}`);
      void vscode.window.showErrorMessage(`New Alert Fixture: ${(err as Error).message}`);
      return undefined;
    }
  }

  private async folder(given: string | undefined): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (given) {
      const match = folders.find((f) => path.resolve(f.uri.fsPath) === path.resolve(given));
      if (!match) void vscode.window.showErrorMessage(`${given} is not a folder of this workspace.`);
      return match;
    }
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Open a folder to create alert fixtures in.');
      return undefined;
    }
    if (folders.length === 1) return folders[0];
    return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the fixture in which workspace folder?' });
  }
}
