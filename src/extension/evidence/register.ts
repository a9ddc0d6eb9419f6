/**
 * The evidence feature: the `atpWorkbench.openEvidence` command (tree, palette, editor title), one panel
 * per alert (reused), restore after a window reload, and live updates from the index and the verdicts.
 */
import * as vscode from 'vscode';
import { idKey } from '../../core/references';
import { EVIDENCE_VIEW_TYPE, type PanelState } from '../../shared/protocol';
import { pickAlert, resolveAlertArg } from '../alertArgs';
import type { Services } from '../services';
import { EvidencePanel, panelTitle } from './panel';
import { CommandIds, registerCommand } from '../commandIds';

export class EvidencePanels implements vscode.Disposable {
  private readonly panels = new Map<string, EvidencePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly serializer: vscode.WebviewPanelSerializer<unknown>;

  constructor(private readonly services: Services) {
    this.serializer = { deserializeWebviewPanel: (panel, state) => this.restore(panel, state) };
    this.disposables.push(
      services.model.onDidChange(() => this.refreshAll()),
      services.verdicts.onDidChange(() => this.refreshAll()),
    );
  }

  /** The open panel of an alert, if any. */
  get(alertId: string): EvidencePanel | undefined {
    return this.panels.get(idKey(alertId));
  }

  get size(): number {
    return this.panels.size;
  }

  /** Opens (or reveals) the panel of an alert; returns it. */
  async open(alertId: string, title: string): Promise<EvidencePanel> {
    const existing = this.get(alertId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(EVIDENCE_VIEW_TYPE, panelTitle(title), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
    });
    return this.adopt(panel, alertId);
  }

  private adopt(panel: vscode.WebviewPanel, alertId: string): EvidencePanel {
    const p = new EvidencePanel(panel, alertId, this.services);
    const key = idKey(alertId);
    this.panels.set(key, p);
    p.onDidDispose(() => {
      if (this.panels.get(key) === p) this.panels.delete(key);
    });
    // Build now so the title is right even before the webview asks.
    void p.refresh();
    return p;
  }

  /** The serializer's half: a panel VS Code kept across a reload, with the state the webview saved. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const alertId = stateAlertId(state);
    if (!alertId) {
      // Nothing usable was saved (the webview never received a model): close rather than show a blank panel.
      panel.dispose();
      return;
    }
    const existing = this.get(alertId);
    if (existing) {
      panel.dispose();
      existing.reveal();
      return;
    }
    this.adopt(panel, alertId);
  }

  private refreshAll(): void {
    for (const p of this.panels.values()) p.scheduleRefresh();
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The alert id in a saved webview state, checked: the state comes back from the webview. */
function stateAlertId(state: unknown): string | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const id = (state as Partial<PanelState>).alertId;
  return typeof id === 'string' && id.trim() && id.length <= 200 ? id : undefined;
}

export function registerEvidence(services: Services): EvidencePanels {
  const panels = new EvidencePanels(services);
  services.context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(EVIDENCE_VIEW_TYPE, panels.serializer),
    registerCommand(CommandIds.openEvidence, async (arg?: unknown) => {
      await services.model.ensureLoaded();
      const alert = arg === undefined ? await pickAlert(services.model, 'Open the evidence of which alert? (type a title, id, external ID or entity)') : resolveAlertArg(services.model, arg);
      if (!alert) {
        if (arg !== undefined) void vscode.window.showWarningMessage('That is not an alert fixture the workspace has indexed (is it valid JSON with an "id"?).');
        return undefined;
      }
      return panels.open(alert.alert.id, String(alert.alert.title ?? alert.alert.id));
    }),
  );
  return panels;
}
