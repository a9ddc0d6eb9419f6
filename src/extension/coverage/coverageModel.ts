/**
 * The workspace's coverage, shared by the Coverage view, the matrix panel and the layer export: built
 * through the core from the index and the current verdicts when someone asks, dropped when either
 * changes (so a burst of file events costs one build, at the next look).
 */
import * as vscode from 'vscode';
import { buildCoverage, buildMatrix, buildNavigatorLayer, type CoverageReport, type NavigatorLayer } from '../../core/coverage';
import type { CoverageMatrix, CoverageScore } from '../../shared/coverage';
import type { Services } from '../services';

export class CoverageModel implements vscode.Disposable {
  private report: CoverageReport | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the fixtures or the verdicts changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly services: Services) {
    const drop = () => {
      this.report = undefined;
      this.changed.fire();
    };
    this.disposables = [this.changed, services.model.onDidChange(drop), services.verdicts.onDidChange(drop)];
  }

  /** The workspace's name, as the layer and the matrix title show it. */
  get workspaceName(): string {
    return vscode.workspace.name?.replace(/ \(Workspace\)$/, '') || 'workspace';
  }

  async current(): Promise<CoverageReport> {
    await this.services.model.ensureLoaded();
    this.report ??= buildCoverage(this.services.model.index.alerts().map((a) => a.alert), this.services.verdicts.lookup);
    return this.report;
  }

  async matrix(): Promise<CoverageMatrix> {
    return buildMatrix(await this.current(), this.workspaceName);
  }

  async layer(score: CoverageScore, now?: Date): Promise<NavigatorLayer> {
    return buildNavigatorLayer(await this.current(), { score, workspace: this.workspaceName, now });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
