/**
 * The "Coverage Matrix" webview: one panel per window. It posts the matrix when the webview says
 * `ready` and again (debounced) after the fixtures or verdicts change, and acts on the few validated
 * requests the webview may make: switch the score, show the alerts of a type the matrix shows, export.
 */
import * as vscode from 'vscode';
import { CommandIds, executeCommand } from '../commandIds';
import type { CoverageMatrix, CoverageScore } from '../../shared/coverage';
import { COVERAGE_VIEW_TYPE, parseCoverageMessage, type CoverageHostMessage, type CoverageWebviewMessage } from '../../shared/coverageProtocol';
import type { Services } from '../services';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { CoverageModel } from './coverageModel';

const REFRESH_DELAY_MS = 100;

export class MatrixPanel implements vscode.Disposable {
  private ready = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;
  /** The last matrix posted (tests read it). */
  lastMatrix: CoverageMatrix | undefined;
  /** Why recent messages from the webview were refused (newest last, bounded). */
  readonly rejected: string[] = [];

  constructor(readonly panel: vscode.WebviewPanel, private readonly services: Services, private readonly coverage: CoverageModel, public score: CoverageScore) {
    const webview = panel.webview;
    webview.options = webviewOptions(services.context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'atp-alerts.svg');
    this.disposables.push(
      this.closed,
      webview.onDidReceiveMessage((m) => void this.receive(m)),
      coverage.onDidChange(() => this.scheduleRefresh()),
      panel.onDidChangeViewState(() => { if (panel.visible) this.scheduleRefresh(); }),
      panel.onDidDispose(() => this.dispose()),
    );
    webview.html = webviewHtml(webview, services.context.extensionUri, { title: 'Coverage matrix', css: 'coverage.css', script: 'coverage-webview.js', loading: 'Loading the coverage matrix…' });
  }

  /** Handles one message from the webview. Returns 'ok' or the reason it was refused. */
  async receive(raw: unknown): Promise<string> {
    const parsed = parseCoverageMessage(raw);
    if (!parsed.ok) return this.reject(parsed.reason);
    try {
      return await this.handle(parsed.message);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.services.log.error(`Coverage matrix: ${parsed.message.type} failed: ${msg}`);
      return `failed: ${msg}`;
    }
  }

  private reject(reason: string): string {
    this.rejected.push(reason);
    if (this.rejected.length > 50) this.rejected.shift();
    this.services.log.warn(`Coverage matrix: refused a message from the webview: ${reason}`);
    return reason;
  }

  private async handle(m: CoverageWebviewMessage): Promise<string> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return 'ok';
      case 'setScore':
        this.score = m.score;
        return 'ok';
      case 'showAlerts': {
        const shown = this.lastMatrix?.columns.some((c) => c.cells.some((cell) => cell.types.some((t) => t.externalId === m.externalId && t.fixtures > 0)));
        if (!shown) return this.reject(`showAlerts: ${JSON.stringify(m.externalId)} is not a covered type of this matrix`);
        await executeCommand(CommandIds.showAlertsOfType, m.externalId);
        return 'ok';
      }
      case 'exportLayer':
        await executeCommand(CommandIds.exportNavigatorLayer, { score: this.score });
        return 'ok';
    }
  }

  private scheduleRefresh(): void {
    if (!this.panel.visible) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  /** Builds the matrix and posts it (once the webview is ready). */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    this.lastMatrix = await this.coverage.matrix();
    await this.post({ type: 'matrix', matrix: this.lastMatrix, score: this.score });
  }

  private post(m: CoverageHostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.closed.fire();
    for (const d of this.disposables) d.dispose();
  }
}

export function createMatrixPanel(): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(COVERAGE_VIEW_TYPE, 'Coverage Matrix', vscode.ViewColumn.Active, { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: false });
}
