/**
 * What the features share: the workspace model, the log, and the verdicts hub. Passed to each
 * feature's `register(services)` so that no feature reaches into another's internals.
 */
import * as vscode from 'vscode';
import { NO_VERDICTS, type VerdictLookup } from '../core/verdicts/lookup';
import type { IndexedAlert } from '../core/workspaceIndex';
import type { WorkspaceModel } from './workspaceModel';

/**
 * The current verdicts. The verdicts feature installs the real ledger-backed lookup with `provide`;
 * the tree, the evidence panel and the export read `lookup` and listen to `onDidChange`.
 */
export class VerdictsHub implements vscode.Disposable {
  private current: VerdictLookup = NO_VERDICTS;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get lookup(): VerdictLookup {
    return this.current;
  }

  provide(lookup: VerdictLookup): void {
    this.current = lookup;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The alerts a node of the Alerts view stands for, as the view shows them. */
export interface AlertsViewScope {
  /** A group's or folder's alerts with the view's filter and folder applied; undefined for anything else. */
  alertsUnder(node: unknown): IndexedAlert[] | undefined;
}

/** Lets the export act on what the Alerts view shows; the tree feature provides the view. */
export class AlertsViewHub implements AlertsViewScope {
  private view: AlertsViewScope | undefined;

  provide(view: AlertsViewScope): void {
    this.view = view;
  }

  alertsUnder(node: unknown): IndexedAlert[] | undefined {
    return this.view?.alertsUnder(node);
  }
}

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  model: WorkspaceModel;
  verdicts: VerdictsHub;
  alertsView: AlertsViewHub;
}
