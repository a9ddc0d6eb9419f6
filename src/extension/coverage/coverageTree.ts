/**
 * The "Coverage" view: kill-chain phases, then every catalog alert type of the phase. Covered types
 * show their fixture count and FP rate, and clicking one filters the Alerts view to it; uncovered types
 * are dimmed and say "no fixture".
 *
 * `contextValue`s, for `view/item/context` menus (`view == atpAlerts.coverage && viewItem == …`):
 *   coveragePhase           a phase (or "Unknown phase" for external IDs the catalog does not know)
 *   coverageType.covered    a type with at least one fixture; the node carries `externalId`
 *   coverageType.uncovered  a catalog type with no fixture; the node carries `externalId` (the place
 *                           for a "Create Fixture" action)
 *   coverageType.unknown    an external ID used by fixtures but not in the catalog
 */
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { formatFpRate } from '../../core/verdicts/insight';
import { totalsLine, typeLabel, type PhaseCoverage, type TypeCoverage } from '../../core/coverage';
import type { CoverageModel } from './coverageModel';

export const COVERAGE_VIEW_ID = 'atpAlerts.coverage';

export type CoverageNode =
  | { kind: 'phase'; id: string; phase: PhaseCoverage }
  | { kind: 'type'; id: string; externalId: string; contextValue: string; type: TypeCoverage; parentId: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function typeDescription(t: TypeCoverage): string {
  if (!t.fixtures) return 'no fixture';
  const rate = t.tp + t.fp ? ` · FP ${formatFpRate(t.fpRate)}` : '';
  return `${plural(t.fixtures, 'fixture')} · ${t.open} open${rate}`;
}

export class CoverageTreeProvider implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CoverageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes = new Map<string, CoverageNode>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly coverage: CoverageModel) {
    this.disposables = [this.changed, coverage.onDidChange(() => this.changed.fire(undefined))];
  }

  async getChildren(node?: CoverageNode): Promise<CoverageNode[]> {
    const report = await this.coverage.current();
    if (!node) {
      this.nodes = new Map();
      return report.phases.map((phase) => this.remember({ kind: 'phase', id: `phase:${phase.phase}`, phase }));
    }
    if (node.kind !== 'phase') return [];
    // VS Code may hand back a node of an earlier build: use this build's phase of the same id.
    const phase = report.phases.find((p) => `phase:${p.phase}` === node.id);
    return (phase?.types ?? []).map((type) => this.remember({
      kind: 'type',
      id: `type:${type.externalId}`,
      externalId: type.externalId,
      contextValue: !type.known ? 'coverageType.unknown' : type.fixtures ? 'coverageType.covered' : 'coverageType.uncovered',
      type,
      parentId: node.id,
    }));
  }

  private remember(node: CoverageNode): CoverageNode {
    this.nodes.set(node.id, node);
    return node;
  }

  getParent(node: CoverageNode): CoverageNode | undefined {
    return node.kind === 'type' ? this.nodes.get(node.parentId) : undefined;
  }

  getTreeItem(node: CoverageNode): vscode.TreeItem {
    if (node.kind === 'phase') {
      const p = node.phase;
      const item = new vscode.TreeItem(p.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.contextValue = 'coveragePhase';
      item.description = `${p.coveredTypes} of ${plural(p.types.length, 'type')} · ${plural(p.fixtures, 'fixture')}`;
      item.tooltip = `${p.label}: ${p.coveredTypes} of ${plural(p.types.length, 'alert type')} have fixtures; ${plural(p.fixtures, 'fixture')}; FP rate ${formatFpRate(p.fpRate)}.`;
      item.accessibilityInformation = { label: `${p.label}, ${p.coveredTypes} of ${plural(p.types.length, 'alert type')} covered, ${plural(p.fixtures, 'fixture')}` };
      return item;
    }
    const t = node.type;
    const item = new vscode.TreeItem(`${t.externalId || '(none)'} ${typeLabel(t)}`, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = node.contextValue;
    item.description = typeDescription(t) + (t.known ? '' : ' · not in the catalog');
    item.iconPath = !t.known
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : t.fixtures
        ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'))
        : new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('disabledForeground'));
    const md = new vscode.MarkdownString(undefined, false);
    md.appendText(`${t.externalId} ${typeLabel(t)}\n\n`);
    md.appendText(t.fixtures
      ? `${plural(t.fixtures, 'fixture')}: ${t.open} open, ${t.closed} closed, ${t.suppressed} suppressed. TP ${t.tp}, B-TP ${t.btp}, FP ${t.fp}, unclassified ${t.unclassified}; FP rate ${formatFpRate(t.fpRate)}. Newest alert ${t.latestAlert ?? 'unknown'}.\n\n`
      : 'No alert fixture exercises this type yet.\n\n');
    if (t.tactic) md.appendText(`ATT&CK: ${t.tacticName ?? t.tactic} (${t.tactic}); ${t.techniques.join(', ')}`);
    item.tooltip = md;
    item.accessibilityInformation = { label: `Alert type ${t.externalId} ${t.name}: ${typeDescription(t)}${t.known ? '' : ', not in the catalog'}` };
    if (t.fixtures) item.command = { command: CommandIds.showAlertsOfType, title: 'Show Alerts of This Type', arguments: [node] };
    return item;
  }

  /** The view's message: the totals line. */
  async message(): Promise<string> {
    return totalsLine((await this.coverage.current()).totals) + '.';
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
