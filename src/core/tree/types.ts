/**
 * The Alerts tree as plain data: what a node is, how the tree is grouped, filtered and sorted. The
 * extension turns these nodes into `TreeItem`s one to one; the CLI prints them. Nothing here knows
 * about VS Code.
 */
import type { AlertStatus, EntityRole, Phase, Range, Severity, Verdict } from '../model';
import type { IndexedAlert } from '../workspaceIndex';

export const GROUP_BYS = ['phase', 'type', 'entity', 'verdict'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  phase: 'Kill-chain phase',
  type: 'Alert type (external ID)',
  entity: 'Entity (computers and users)',
  verdict: 'Verdict',
};

export const SORT_ORDERS = ['newest', 'severity'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A verdict, or none recorded yet. */
export type VerdictKey = Verdict | 'unclassified';
export const VERDICT_KEYS: readonly VerdictKey[] = ['TP', 'B-TP', 'FP', 'unclassified'];

/** Which alerts are shown. Empty or absent lists mean "any". */
export interface TreeFilter {
  severities?: Severity[];
  statuses?: AlertStatus[];
  verdicts?: VerdictKey[];
  /** Alert types (external IDs), e.g. from the Coverage view. */
  externalIds?: string[];
  /** Case-insensitive text searched in titles, ids, external IDs, types and entity names and ids. */
  text?: string;
}

export interface TreeOptions {
  groupBy: GroupBy;
  sort: SortOrder;
  filter: TreeFilter;
}

export const DEFAULT_TREE_OPTIONS: TreeOptions = { groupBy: 'phase', sort: 'newest', filter: {} };

/** A workspace folder (extension) or a path given on the command line (CLI). */
export interface TreeFolder {
  name: string;
  path: string;
}

/**
 * The `contextValue` of each node, which menus key on (`viewItem == alert`). Kept to a few stable
 * names: other features add context-menu entries for them.
 */
export type ContextValue = 'phase' | 'group' | 'alert' | 'entity' | 'entity.unresolved' | 'invalidFixture';

/** Something the tree should point out about a node (shown in its description, tooltip and a11y label). */
export interface NodeIssue {
  code: 'duplicate-alert-id' | 'unknown-external-id' | 'phase-mismatch' | 'unresolved-entities' | 'unresolved-entity' | 'duplicate-entity-id' | 'unknown-severity';
  message: string;
}

interface NodeBase {
  /** Stable and unique in the tree: the same thing under the same parent keeps its id across refreshes. */
  id: string;
  parentId: string | undefined;
  label: string;
  description: string;
  /** Everything the row says, in words, for screen readers. */
  accessibilityLabel: string;
  contextValue: ContextValue;
  /** Whether the node has (or may have) children. */
  expandable: boolean;
  issues: NodeIssue[];
}

export interface FolderNode extends NodeBase {
  kind: 'folder';
  folder: TreeFolder;
  count: number;
}

/** A bucket of alerts: a phase, a type, an entity, a verdict, or the catch-all groups. */
export interface GroupNode extends NodeBase {
  kind: 'group';
  groupBy: GroupBy;
  /** The phase, external ID, entity id key or verdict this bucket holds ("unknown" / "none" for catch-alls). */
  key: string;
  count: number;
  /** For phase groups. */
  phase?: Phase;
  /** For entity groups: the entity this bucket is about (so entity commands work on it). */
  entityId?: string;
  entityType?: string;
  entityFile?: string;
  profileFile?: string;
}

export interface AlertNode extends NodeBase {
  kind: 'alert';
  /** What other features' commands resolve (`resolveAlertArgs`): the alert id and its fixture file. */
  alertId: string;
  file: string;
  indexed: IndexedAlert;
  severity: string;
  status: string;
  verdict: Verdict | undefined;
}

/** "Source computers", "DNS servers", … under an alert. */
export interface RoleNode extends NodeBase {
  kind: 'role';
  role: EntityRole;
  alertFile: string;
  entityIds: string[];
  count: number;
}

export interface EntityNode extends NodeBase {
  kind: 'entity';
  entityId: string;
  /** The entity's `$type` when its Unique Entity Json was found. */
  entityType: string | undefined;
  /** The Unique Entity Json file, when the id resolves. */
  entityFile: string | undefined;
  profileFile: string | undefined;
  role: EntityRole;
  alertFile: string;
}

export interface InvalidGroupNode extends NodeBase {
  kind: 'invalidGroup';
  count: number;
}

export interface InvalidFixtureNode extends NodeBase {
  kind: 'invalidFixture';
  file: string;
  /** Where the problem is: clicking opens the file there. */
  range: Range;
  message: string;
  code: string;
}

export type TreeNode = FolderNode | GroupNode | AlertNode | RoleNode | EntityNode | InvalidGroupNode | InvalidFixtureNode;
