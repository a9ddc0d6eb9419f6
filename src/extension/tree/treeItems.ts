/**
 * Core tree nodes → VS Code `TreeItem`s: icons, colours, click commands. Kept cheap (no tooltips,
 * no look-ups): VS Code asks for an item per child, 5 000 of them when a big phase opens. Tooltips are
 * filled in later by `resolveTooltip`, only for the row the pointer rests on.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { Phase } from '../../core/model';
import { alertDetails, entityDetails, type Detail, type TreeNode, type TreeSource } from '../../core/tree';
import type { VerdictLookup } from '../../core/verdicts/lookup';
import { BuiltInCommandIds, CommandIds } from '../commandIds';
import { lookupTable } from '../../shared/lookupTable';

/**
 * Severity: a colour AND a shape, so it reads in every theme (the `charts.*` colours are defined by
 * light, dark and high-contrast themes) and for people who do not tell red from orange.
 */
const SEVERITY_ICONS: Record<string, vscode.ThemeIcon> = lookupTable({
  High: new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red')),
  Medium: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.orange')),
  Low: new vscode.ThemeIcon('info', new vscode.ThemeColor('charts.yellow')),
});
const UNKNOWN_SEVERITY_ICON = new vscode.ThemeIcon('circle-outline');

const PHASE_ICONS: Record<Phase, string> = {
  reconnaissance: 'search',
  'compromised-credentials': 'key',
  'lateral-movement': 'arrow-swap',
  'domain-dominance': 'organization',
  exfiltration: 'cloud-upload',
};

const ENTITY_ICONS: Record<string, string> = lookupTable({ User: 'person', Computer: 'vm', Group: 'organization', Domain: 'globe' });

const VERDICT_ICONS: Record<string, vscode.ThemeIcon> = lookupTable({
  TP: new vscode.ThemeIcon('bug', new vscode.ThemeColor('charts.red')),
  'B-TP': new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.blue')),
  FP: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.green')),
  unclassified: new vscode.ThemeIcon('question'),
});

const WARNING_ICON = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
const ERROR_ICON = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));

function iconOf(node: TreeNode): vscode.ThemeIcon | undefined {
  switch (node.kind) {
    case 'folder':
      return new vscode.ThemeIcon('root-folder');
    case 'group':
      if (node.groupBy === 'phase') return new vscode.ThemeIcon(node.phase ? PHASE_ICONS[node.phase] : 'question');
      if (node.groupBy === 'verdict') return VERDICT_ICONS[node.key];
      if (node.groupBy === 'type') return new vscode.ThemeIcon('tag');
      if (node.issues.length) return WARNING_ICON;
      return new vscode.ThemeIcon(node.key === 'none' ? 'circle-slash' : ENTITY_ICONS[node.entityType ?? ''] ?? 'symbol-misc');
    case 'alert':
      return SEVERITY_ICONS[node.severity] ?? UNKNOWN_SEVERITY_ICON;
    case 'role':
      return new vscode.ThemeIcon('list-tree');
    case 'entity':
      return node.issues.length ? WARNING_ICON : new vscode.ThemeIcon(ENTITY_ICONS[node.entityType ?? ''] ?? 'symbol-misc');
    case 'invalidGroup':
      return ERROR_ICON;
    case 'invalidFixture':
      return new vscode.ThemeIcon('bracket-error', new vscode.ThemeColor('list.errorForeground'));
  }
}

export function toTreeItem(node: TreeNode, expanded: boolean): vscode.TreeItem {
  const state = !node.expandable
    ? vscode.TreeItemCollapsibleState.None
    : expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  item.iconPath = iconOf(node);
  item.accessibilityInformation = { label: node.accessibilityLabel };
  switch (node.kind) {
    case 'alert':
      // The file's URI lets VS Code decorate the row with the file's problems (validation diagnostics).
      item.resourceUri = vscode.Uri.file(node.file);
      item.command = { command: CommandIds.openAlertJson, title: 'Open Alert JSON', arguments: [node] };
      break;
    case 'entity':
      if (node.entityFile) {
        item.command = { command: BuiltInCommandIds.open, title: 'Open Unique Entity Json', arguments: [vscode.Uri.file(node.entityFile)] };
      }
      break;
    case 'invalidFixture': {
      item.resourceUri = vscode.Uri.file(node.file);
      const { start, end } = node.range;
      const selection = new vscode.Range(start.line, start.character, end.line, end.character);
      item.command = { command: BuiltInCommandIds.open, title: 'Open at the Error', arguments: [vscode.Uri.file(node.file), { selection }] };
      item.tooltip = `${node.file}:${start.line + 1}:${start.character + 1}\n${node.message} [${node.code}]`;
      break;
    }
    default:
      // Groups: the description already holds the counts; the tooltip says them in words.
      item.tooltip = node.accessibilityLabel;
  }
  return item;
}

/** Details holding a file path, shown relative to the workspace. */
const FILE_DETAILS = new Set(['File', 'Unique Entity Json', 'Profile']);

/** The lazily resolved tooltip of alert and entity rows. Fixture text is untrusted: it is only ever appended as text. */
export function resolveTooltip(node: TreeNode, source: TreeSource, verdicts: VerdictLookup): vscode.MarkdownString | undefined {
  let title: string;
  let details: Detail[];
  if (node.kind === 'alert') {
    title = node.label;
    details = alertDetails(node, source, verdicts);
  } else if (node.kind === 'entity') {
    title = node.label;
    details = entityDetails(node, source);
  } else {
    return undefined;
  }
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  // Set before appending: appendText then escapes `$(…)` in fixture text, so only our own icons render.
  md.supportThemeIcons = true;
  md.appendMarkdown('**');
  md.appendText(title);
  md.appendMarkdown('**\n\n');
  for (const d of details) {
    md.appendMarkdown(`${d.label === 'Warning' ? '$(warning) ' : ''}${d.label}: `);
    const value = FILE_DETAILS.has(d.label) && path.isAbsolute(d.value) ? vscode.workspace.asRelativePath(d.value) : d.value;
    md.appendText(value.replace(/\r?\n/g, ' '));
    md.appendMarkdown('  \n');
  }
  return md;
}
