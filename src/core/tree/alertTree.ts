/**
 * The Alerts tree, built from the workspace index by a pure function of (index, verdicts, options)
 * — the same shape as vscode-codeql's db-tree-creator — so the provider in the extension stays thin and
 * the CLI's `list` prints exactly the counts the view shows.
 *
 * The top level (folders, groups, counts) is computed eagerly in one pass over the alerts; rows below
 * a group are made the first time someone asks for them (a phase with 5 000 alerts costs nothing until
 * it is expanded) and then kept, so node objects and ids stay the same for the life of one tree.
 */
import path from 'node:path';
import { catalog } from '../catalog';
import { PHASES, PHASE_LABELS, VERDICT_LABELS, type Phase } from '../model';
import type { InvalidRecord } from '../loader';
import type { VerdictLookup } from '../verdicts/lookup';
import { type IndexedAlert } from '../workspaceIndex';
import { idKey } from '../references';
import { breakdown, breakdownInWords, formatBreakdown, formatFpRate, verdictCounts } from './counts';
import { plural } from '../../shared/text';
import { alertPredicate, sortAlerts, verdictKeyOf, type TreeSource } from './filter';
import { alertTitle, describeEntity, issueSuffix, makeAlertNode, makeEntityNodes, makeRoleNodes } from './nodes';
import type {
  AlertNode, FolderNode, GroupBy, GroupNode, InvalidFixtureNode, InvalidGroupNode, TreeFolder, TreeNode, TreeOptions, VerdictKey,
} from './types';
import { isInsideFolder } from '../paths';

export interface AlertTreeInput {
  source: TreeSource;
  verdicts: VerdictLookup;
  options: TreeOptions;
  /** Workspace folders (or CLI paths). With more than one, each gets its own subtree. */
  folders?: TreeFolder[];
}

/** Entity types the "by entity" grouping is about (plus ids that resolve nowhere). */
const PEOPLE_AND_MACHINES = new Set(['User', 'Computer']);

export class AlertTree {
  /** Alerts in the workspace, and how many pass the filter. */
  readonly total: number;
  readonly shown: number;
  readonly options: TreeOptions;
  private readonly source: TreeSource;
  private readonly verdicts: VerdictLookup;
  private readonly top: TreeNode[] = [];
  private readonly byId = new Map<string, TreeNode>();
  private readonly childrenOf = new Map<string, TreeNode[]>();
  /** The alerts of each group, unsorted until the group is expanded. */
  private readonly members = new Map<string, IndexedAlert[]>();
  private readonly invalidOf = new Map<string, InvalidRecord[]>();

  constructor(input: AlertTreeInput) {
    this.source = input.source;
    this.verdicts = input.verdicts;
    this.options = input.options;
    const all = input.source.alerts();
    const keep = alertPredicate(input.options.filter, input.source, input.verdicts);
    const shown = keep ? all.filter(keep) : all;
    this.total = all.length;
    this.shown = shown.length;

    const scopes = scopesFor(input.folders ?? [], all, shown, input.source.invalid());
    for (const scope of scopes) {
      if (scope.folder) {
        const folderNode: FolderNode = {
          kind: 'folder',
          id: `folder:${scope.folder.path}`,
          parentId: undefined,
          label: scope.folder.name,
          description: this.shownOf(scope.shown.length, scope.all.length),
          accessibilityLabel: `Workspace folder ${scope.folder.name}: ${plural(scope.shown.length, 'alert')}`,
          contextValue: 'group',
          expandable: true,
          issues: [],
          folder: scope.folder,
          count: scope.shown.length,
        };
        this.add(folderNode);
        this.top.push(folderNode);
        this.childrenOf.set(folderNode.id, this.scopeChildren(folderNode.id, scope));
      } else {
        this.top.push(...this.scopeChildren(undefined, scope));
      }
    }
  }

  /** The top-level nodes. */
  roots(): TreeNode[] {
    return this.top;
  }

  /** A node's children (made on first request, then kept); the roots for `undefined`. */
  children(node?: TreeNode): TreeNode[] {
    if (!node) return this.top;
    const known = this.childrenOf.get(node.id);
    if (known) return known;
    let made: TreeNode[] = [];
    if (node.kind === 'group') {
      const alerts = sortAlerts(this.members.get(node.id) ?? [], this.options.sort);
      made = alerts.map((a) => makeAlertNode(node.id, a, this.source, this.verdicts));
    } else if (node.kind === 'alert') {
      made = makeRoleNodes(node);
    } else if (node.kind === 'role') {
      made = makeEntityNodes(node, this.source);
    } else if (node.kind === 'invalidGroup') {
      made = (this.invalidOf.get(node.id) ?? []).map((r) => invalidFixtureNode(node.id, r));
    }
    for (const child of made) this.add(child);
    this.childrenOf.set(node.id, made);
    return made;
  }

  node(id: string): TreeNode | undefined {
    return this.byId.get(id);
  }

  parent(node: TreeNode): TreeNode | undefined {
    return node.parentId === undefined ? undefined : this.byId.get(node.parentId);
  }

  /** Every alert-holding group (phases, types, entities or verdicts), in display order, across folders. */
  groups(): GroupNode[] {
    const out: GroupNode[] = [];
    const visit = (nodes: TreeNode[]) => {
      for (const n of nodes) {
        if (n.kind === 'group') out.push(n);
        else if (n.kind === 'folder') visit(this.children(n));
      }
    };
    visit(this.top);
    return out;
  }

  /** The "Invalid fixtures" nodes (one per folder that has any). */
  invalidGroups(): InvalidGroupNode[] {
    const out: InvalidGroupNode[] = [];
    for (const n of this.top) {
      if (n.kind === 'invalidGroup') out.push(n);
      if (n.kind === 'folder') for (const c of this.children(n)) if (c.kind === 'invalidGroup') out.push(c);
    }
    return out;
  }

  /**
   * The alerts a group or a workspace folder holds, as the tree shows them (filter and folder applied,
   * in the tree's order, each once); undefined for other nodes.
   */
  alertsUnder(node: TreeNode): IndexedAlert[] | undefined {
    if (node.kind === 'group') return sortAlerts([...(this.members.get(node.id) ?? [])], this.options.sort);
    if (node.kind !== 'folder') return undefined;
    const seen = new Set<IndexedAlert>();
    for (const child of this.children(node)) {
      if (child.kind === 'group') for (const a of this.members.get(child.id) ?? []) seen.add(a);
    }
    return sortAlerts([...seen], this.options.sort);
  }

  /**
   * The rows of one alert fixture (more than one in the entity grouping), making the rows of the groups
   * that hold it. Empty when the file is not an alert or the filter hides it.
   */
  alertNodes(file: string): AlertNode[] {
    const out: AlertNode[] = [];
    for (const [groupId, alerts] of this.members) {
      if (!alerts.some((a) => a.file === file)) continue;
      const group = this.byId.get(groupId);
      if (!group) continue;
      for (const child of this.children(group)) if (child.kind === 'alert' && child.file === file) out.push(child);
    }
    return out;
  }

  private add(node: TreeNode): void {
    this.byId.set(node.id, node);
  }

  private shownOf(shown: number, all: number): string {
    return shown === all ? plural(all, 'alert') : `${shown} of ${plural(all, 'alert')}`;
  }

  private scopeChildren(parentId: string | undefined, scope: Scope): TreeNode[] {
    const prefix = parentId === undefined ? '' : `${parentId}>`;
    const groups = this.makeGroups(this.options.groupBy, prefix, parentId, scope);
    const nodes: TreeNode[] = [...groups];
    if (scope.invalid.length) {
      const id = `${prefix}invalid`;
      const count = scope.invalid.length;
      const node: InvalidGroupNode = {
        kind: 'invalidGroup',
        id,
        parentId,
        label: 'Invalid fixtures',
        description: String(count),
        accessibilityLabel: `Invalid fixtures: ${plural(count, 'file')} failed to load`,
        contextValue: 'group',
        expandable: true,
        issues: [],
        count,
      };
      this.invalidOf.set(id, [...scope.invalid].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
      nodes.push(node);
    }
    for (const n of nodes) this.add(n);
    return nodes;
  }

  private group(
    prefix: string, parentId: string | undefined, groupBy: GroupBy, key: string, label: string, alerts: IndexedAlert[],
    description: string, words: string, extra: Partial<GroupNode> = {},
  ): GroupNode {
    const id = `${prefix}${groupBy}:${key}`;
    this.members.set(id, alerts);
    return {
      kind: 'group',
      id,
      parentId,
      label,
      description,
      accessibilityLabel: words,
      contextValue: groupBy === 'phase' ? 'phase' : 'group',
      expandable: alerts.length > 0,
      issues: [],
      groupBy,
      key,
      count: alerts.length,
      ...extra,
    };
  }

  private makeGroups(groupBy: GroupBy, prefix: string, parentId: string | undefined, scope: Scope): GroupNode[] {
    const g = (key: string, label: string, alerts: IndexedAlert[], description: string, words: string, extra?: Partial<GroupNode>) =>
      this.group(prefix, parentId, groupBy, key, label, alerts, description, words, extra);
    switch (groupBy) {
      case 'phase': {
        const byPhase = new Map<Phase | undefined, IndexedAlert[]>();
        for (const a of scope.shown) push(byPhase, a.phase, a);
        const phaseGroup = (phase: Phase | undefined) => {
          const alerts = byPhase.get(phase) ?? [];
          const label = phase ? PHASE_LABELS[phase] : 'Unknown phase';
          const b = breakdown(alerts);
          return g(phase ?? 'unknown', label, alerts, formatBreakdown(b), `${label}: ${breakdownInWords(b)}`, { phase });
        };
        const groups = PHASES.map(phaseGroup);
        // "Unknown phase" appears when the workspace has such alerts, even if the filter hides them all.
        if (scope.all.some((a) => a.phase === undefined)) groups.push(phaseGroup(undefined));
        return groups;
      }
      case 'type': {
        const byType = new Map<string, IndexedAlert[]>();
        for (const a of scope.shown) push(byType, String(a.alert.externalId ?? ''), a);
        return [...byType]
          .sort(([x, xs], [y, ys]) => ys.length - xs.length || compareIds(x, y))
          .map(([externalId, alerts]) => {
            const entry = catalog.get(externalId);
            const name = entry?.name ?? alertTitle(alerts[0]!);
            const counts = verdictCounts(alerts, this.verdicts);
            const unknown = entry ? '' : issueSuffix([{ code: 'unknown-external-id', message: '' }]);
            const description = `${externalId || '(no external ID)'} · ${plural(alerts.length, 'alert')} · ${formatFpRate(counts)}${unknown}`;
            const words = `Alert type ${name}, external ID ${externalId || 'missing'}: ${plural(alerts.length, 'alert')}, ${formatFpRate(counts)}${entry ? '' : '. Not in the alert catalog'}`;
            return g(externalId, name, alerts, description, words);
          });
      }
      case 'entity': {
        const byEntity = new Map<string, { id: string; alerts: IndexedAlert[] }>();
        const without: IndexedAlert[] = [];
        const isPersonOrMachine = new Map<string, boolean>();
        for (const a of scope.shown) {
          const seen = new Set<string>();
          for (const ref of a.references) {
            const key = idKey(ref.id);
            if (seen.has(key)) continue;
            seen.add(key);
            let fits = isPersonOrMachine.get(key);
            if (fits === undefined) {
              const record = this.source.entitiesById(ref.id)[0];
              fits = !record || PEOPLE_AND_MACHINES.has(String(record.entity.$type));
              isPersonOrMachine.set(key, fits);
            }
            if (!fits) continue;
            let bucket = byEntity.get(key);
            if (!bucket) byEntity.set(key, (bucket = { id: ref.id, alerts: [] }));
            bucket.alerts.push(a);
          }
          if (![...seen].some((k) => isPersonOrMachine.get(k))) without.push(a);
        }
        const groups = [...byEntity]
          .map(([key, { id, alerts }]) => ({ key, id, alerts, d: describeEntity(this.source, id) }))
          .sort((x, y) => y.alerts.length - x.alerts.length || compareIds(x.d.name.toLowerCase(), y.d.name.toLowerCase()) || compareIds(x.key, y.key))
          .map(({ key, id, alerts, d }) => {
            const type = d.type ?? 'not found';
            const group = g(key, d.name, alerts, `${type} · ${plural(alerts.length, 'alert')}${issueSuffix(d.issues.filter((i) => i.code !== 'unresolved-entity'))}`,
              [`${d.type ?? 'Entity'} ${d.name}: ${plural(alerts.length, 'alert')}.`, ...d.issues.map((i) => `Warning: ${i.message}.`)].join(' '),
              { entityId: id, entityType: d.type, entityFile: d.entityFile, profileFile: d.profileFile, issues: d.issues });
            // An entity bucket is an entity too: the entity commands (open JSON, open profile) apply to it.
            group.contextValue = d.record ? 'entity' : 'entity.unresolved';
            return group;
          });
        if (without.length) {
          groups.push(g('none', 'No computer or user', without, plural(without.length, 'alert'), `Alerts that name no computer or user: ${plural(without.length, 'alert')}`));
        }
        return groups;
      }
      case 'verdict': {
        const byVerdict = new Map<VerdictKey, IndexedAlert[]>();
        for (const a of scope.shown) push(byVerdict, verdictKeyOf(this.verdicts, String(a.alert.id)), a);
        return (['TP', 'B-TP', 'FP', 'unclassified'] as const).map((v) => {
          const alerts = byVerdict.get(v) ?? [];
          const label = v === 'unclassified' ? 'Not classified' : `${VERDICT_LABELS[v]} (${v})`;
          const b = breakdown(alerts);
          return g(v, label, alerts, formatBreakdown(b), `${label}: ${breakdownInWords(b)}`);
        });
      }
    }
  }
}

interface Scope {
  folder: TreeFolder | undefined;
  all: IndexedAlert[];
  shown: IndexedAlert[];
  invalid: InvalidRecord[];
}

/**
 * Splits alerts and invalid files by workspace folder (the deepest folder containing the file). One
 * folder or none: a single scope without a folder level.
 */
function scopesFor(folders: TreeFolder[], all: IndexedAlert[], shown: IndexedAlert[], invalid: InvalidRecord[]): Scope[] {
  if (folders.length <= 1) return [{ folder: undefined, all, shown, invalid }];
  const sorted = [...folders].sort((a, b) => b.path.length - a.path.length);
  const scopes = new Map<TreeFolder, Scope>(folders.map((f) => [f, { folder: f, all: [], shown: [], invalid: [] }]));
  let other: Scope | undefined;
  const scopeOf = (file: string): Scope => {
    const f = sorted.find((folder) => isInsideFolder(file, folder.path));
    if (f) return scopes.get(f)!;
    other ??= { folder: { name: 'Other files', path: '' }, all: [], shown: [], invalid: [] };
    return other;
  };
  for (const a of all) scopeOf(a.file).all.push(a);
  for (const a of shown) scopeOf(a.file).shown.push(a);
  for (const r of invalid) scopeOf(r.file).invalid.push(r);
  return [...scopes.values(), ...(other ? [other] : [])];
}

function invalidFixtureNode(parentId: string, r: InvalidRecord): InvalidFixtureNode {
  const where = `${r.problem.range.start.line + 1}:${r.problem.range.start.character + 1}`;
  const name = path.basename(r.file);
  return {
    kind: 'invalidFixture',
    id: `${parentId}>${r.file}`,
    parentId,
    label: name,
    description: `${where} ${r.problem.message}`,
    accessibilityLabel: `Invalid file ${name}, line ${r.problem.range.start.line + 1}, column ${r.problem.range.start.character + 1}: ${r.problem.message}`,
    contextValue: 'invalidFixture',
    expandable: false,
    issues: [],
    file: r.file,
    range: r.problem.range,
    message: r.problem.message,
    code: r.problem.code,
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the tree (a function, for symmetry with the rest of the core). */
export function buildAlertTree(input: AlertTreeInput): AlertTree {
  return new AlertTree(input);
}
