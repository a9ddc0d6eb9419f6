/**
 * What the Alerts view remembers per workspace: grouping, filter and which nodes are expanded, so a
 * window reload (or a refresh) shows the tree as the user left it.
 */
import type * as vscode from 'vscode';
import { DEFAULT_TREE_OPTIONS, GROUP_BYS, type GroupBy, type SortOrder, type TreeFilter } from '../../core/tree';
import { settings } from '../settings';

const KEY = 'atpWorkbench.alerts.view';
/** Expanded ids kept at most (oldest forgotten first): ids of deleted fixtures must not pile up forever. */
const MAX_EXPANDED = 2000;

interface Stored {
  groupBy?: GroupBy;
  filter?: TreeFilter;
  expanded?: string[];
}

export class ViewState {
  groupBy: GroupBy;
  filter: TreeFilter;
  private readonly expanded: Set<string>;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly memento: vscode.Memento) {
    const stored = memento.get<Stored>(KEY) ?? {};
    this.groupBy = GROUP_BYS.includes(stored.groupBy as GroupBy) ? stored.groupBy! : DEFAULT_TREE_OPTIONS.groupBy;
    this.filter = sanitizeFilter(stored.filter);
    this.expanded = new Set(Array.isArray(stored.expanded) ? stored.expanded.filter((x) => typeof x === 'string') : []);
  }

  /** The sort order is a setting (`atpWorkbench.alerts.sortOrder`), read fresh. */
  get sort(): SortOrder {
    return settings().sortOrder;
  }

  isExpanded(id: string): boolean {
    return this.expanded.has(id);
  }

  setExpanded(id: string, expanded: boolean): void {
    this.expanded.delete(id);
    if (expanded) {
      this.expanded.add(id);
      if (this.expanded.size > MAX_EXPANDED) this.expanded.delete(this.expanded.values().next().value!);
    }
    this.save();
  }

  collapseAll(): void {
    this.expanded.clear();
    this.save();
  }

  save(): void {
    // Expanding many nodes in a row costs one write.
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.memento.update(KEY, { groupBy: this.groupBy, filter: this.filter, expanded: [...this.expanded] } satisfies Stored);
    }, 200);
  }

  dispose(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      void this.memento.update(KEY, { groupBy: this.groupBy, filter: this.filter, expanded: [...this.expanded] } satisfies Stored);
    }
  }
}

/** A filter from storage or a command argument, keeping only well-formed parts. */
export function sanitizeFilter(value: unknown): TreeFilter {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined);
  const filter: TreeFilter = {};
  const severities = strings(v.severities);
  const statuses = strings(v.statuses);
  const verdicts = strings(v.verdicts);
  if (severities?.length) filter.severities = severities as TreeFilter['severities'];
  if (statuses?.length) filter.statuses = statuses as TreeFilter['statuses'];
  if (verdicts?.length) filter.verdicts = verdicts as TreeFilter['verdicts'];
  const externalIds = strings(v.externalIds)?.filter((id) => id.length <= 40);
  if (externalIds?.length) filter.externalIds = externalIds;
  if (typeof v.text === 'string' && v.text.trim()) filter.text = v.text.trim();
  return filter;
}
