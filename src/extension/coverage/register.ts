/**
 * The coverage feature: the Coverage view (phases → alert types), "Show Coverage Matrix", "Export
 * ATT&CK Navigator Layer…" and "Show Alerts of This Type" (what clicking a covered type runs).
 */
import * as vscode from 'vscode';
import { COVERAGE_SCORES, type CoverageScore } from '../../shared/coverage';
import { COVERAGE_VIEW_TYPE, parseCoveragePanelState } from '../../shared/coverageProtocol';
import type { Services } from '../services';
import { CoverageModel } from './coverageModel';
import { COVERAGE_VIEW_ID, CoverageTreeProvider, type CoverageNode } from './coverageTree';
import { createMatrixPanel, MatrixPanel } from './matrixPanel';
import { BuiltInCommandIds, CommandIds, executeCommand, registerCommand } from '../commandIds';

const ALERTS_VIEW_ID = 'atpAlerts.alerts';

/** Options a caller (the matrix, a test) passes to skip the questions. */
interface ExportLayerOptions {
  score?: CoverageScore;
  /** Absolute path of the .json file to write. */
  target?: string;
}

/** The Coverage view and the open matrix panel, for the extension's API. */
export interface CoverageView {
  readonly provider: CoverageTreeProvider;
  readonly view: vscode.TreeView<CoverageNode>;
  readonly coverage: CoverageModel;
  /** The open coverage matrix panel, if any. */
  readonly matrix: MatrixPanel | undefined;
}

export function registerCoverage(services: Services): CoverageView {
  const coverage = new CoverageModel(services);
  const provider = new CoverageTreeProvider(coverage);
  const view = vscode.window.createTreeView<CoverageNode>(COVERAGE_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let matrix: MatrixPanel | undefined;

  const adopt = (panel: vscode.WebviewPanel, score: CoverageScore) => {
    matrix = new MatrixPanel(panel, services, coverage, score);
    matrix.onDidDispose(() => { matrix = undefined; });
    return matrix;
  };
  const updateMessage = async () => {
    if (view.visible) view.message = await provider.message();
  };

  services.context.subscriptions.push(
    coverage,
    provider,
    view,
    coverage.onDidChange(() => void updateMessage()),
    view.onDidChangeVisibility(() => void updateMessage()),
    { dispose: () => matrix?.panel.dispose() },

    registerCommand(CommandIds.showAlertsOfType, async (arg?: unknown) => {
      const externalId = typeof arg === 'string' ? arg : (arg as CoverageNode | undefined)?.kind === 'type' ? (arg as { externalId: string }).externalId : undefined;
      if (!externalId) return;
      await executeCommand(CommandIds.filter, { externalIds: [externalId] });
      await vscode.commands.executeCommand(BuiltInCommandIds.focusView(ALERTS_VIEW_ID));
    }),

    registerCommand(CommandIds.showCoverageMatrix, () => {
      if (matrix) {
        matrix.reveal();
        return matrix;
      }
      return adopt(createMatrixPanel(), 'fixtures');
    }),

    vscode.window.registerWebviewPanelSerializer(COVERAGE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        if (matrix) matrix.panel.dispose();
        adopt(panel, parseCoveragePanelState(state)?.score ?? 'fixtures');
      },
    }),

    registerCommand(CommandIds.exportNavigatorLayer, async (arg?: unknown) => {
      const options: ExportLayerOptions = arg && typeof arg === 'object' ? (arg as ExportLayerOptions) : {};
      let score = COVERAGE_SCORES.includes(options.score as CoverageScore) ? options.score : undefined;
      if (!score) {
        const picked = await vscode.window.showQuickPick(
          [
            { label: 'Fixture count', description: 'score = fixtures of the MDI alert types behind each technique', score: 'fixtures' as const },
            { label: 'FP rate', description: 'score = FP / (TP + FP) in percent, from the verdict ledger', score: 'fp-rate' as const },
          ],
          { title: 'Export ATT&CK Navigator Layer', placeHolder: 'What should score the techniques?' },
        );
        score = picked?.score;
      }
      if (!score) return undefined;
      let target = typeof options.target === 'string' ? options.target : undefined;
      if (!target) {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const name = `${coverage.workspaceName.replace(/[^\w.-]+/g, '-')}-mdi-coverage.layer.json`;
        const uri = await vscode.window.showSaveDialog({
          title: 'Export ATT&CK Navigator Layer',
          defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
          filters: { 'ATT&CK Navigator layer': ['json'] },
          saveLabel: 'Export',
        });
        if (!uri) return undefined;
        target = uri.fsPath;
      }
      const layer = await coverage.layer(score);
      await vscode.workspace.fs.writeFile(vscode.Uri.file(target), Buffer.from(JSON.stringify(layer, null, 2) + '\n', 'utf8'));
      services.log.info(`Navigator layer (${layer.techniques.length} techniques, score ${score}) written to ${target}.`);
      if (!options.target) {
        void vscode.window.showInformationMessage(`ATT&CK Navigator layer written: ${layer.techniques.length} techniques. Open it in the Navigator with "Open Existing Layer".`, 'Open File').then((choice) => {
          if (choice) void vscode.window.showTextDocument(vscode.Uri.file(target!));
        });
      }
      return target;
    }),
  );
  return { provider, view, coverage, get matrix() { return matrix; } };
}
