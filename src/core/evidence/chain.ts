/**
 * The attack chain graphic: source user → source computer → destinations → accessed resources, the way
 * the portal draws its infographic. Laid out here (pure, testable); the webview only draws the SVG.
 */
import type { Alert, UniqueEntity } from '../model';
import type { WorkspaceIndex } from '../workspaceIndex';
import { entitiesByRole } from '../references';
import { asArr, asObj, nonEmpty } from './coerce';
import { entityKind, entityLabel, passwordExpiredButActive, roleLabel } from './entities';
import type { ChainColumnVm, ChainEdgeVm, ChainNodeVm, ChainVm, EntityKind } from '../../shared/evidence';

/** Which roles go in which column, and the verb on the arrows entering it. */
const COLUMNS: { roles: string[]; verb?: string }[] = [
  { roles: ['sourceUser'] },
  { roles: ['sourceComputer'], verb: 'from' },
  { roles: ['destinationComputer', 'domainController', 'dnsServer'], verb: 'against' },
  { roles: ['accessedResource', 'attackedAccount'], verb: 'to access' },
];

const CHAIN_LAYOUT = {
  nodeWidth: 180,
  nodeHeight: 46,
  columnGap: 72,
  rowGap: 14,
  top: 34,
  margin: 8,
  maxPerColumn: 6,
  maxLabel: 23,
};

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

interface PendingNode {
  key: string;
  entityId?: string;
  label: string;
  sublabel: string;
  kind: EntityKind;
  flagged: boolean;
}

function describe(entity: UniqueEntity | undefined, role: string): string {
  if (!entity) return `${roleLabel(role).replace(/s$/, '')} · not resolved`;
  const kind = entityKind(entity, role);
  const extra =
    kind === 'user' ? nonEmpty(entity.Department, 60) :
    kind === 'computer' || kind === 'domainController' ? nonEmpty(entity.OperatingSystemDisplayName, 60) : undefined;
  const base = kind === 'domainController' ? 'Domain controller' : (nonEmpty(entity.$type, 30) ?? 'Entity');
  return extra ? `${base} · ${extra}` : base;
}

export function buildChain(index: WorkspaceIndex, alert: Alert, activityMs: number | undefined): ChainVm {
  const L = CHAIN_LAYOUT;
  const byRole = entitiesByRole(alert);
  const columns: { label: string; verb?: string; nodes: PendingNode[] }[] = [];

  for (const spec of COLUMNS) {
    const nodes: PendingNode[] = [];
    const labels: string[] = [];
    for (const role of spec.roles) {
      const ids = byRole.get(role) ?? [];
      if (ids.length) labels.push(roleLabel(role));
      for (const id of ids) {
        const entity = index.entity(id)?.entity;
        nodes.push({
          key: `${role}:${id}`,
          entityId: id,
          label: entityLabel(entity, id),
          sublabel: describe(entity, role),
          kind: entityKind(entity, role),
          flagged: !entity || entity.IsHoneytoken === true || entity.IsSensitive === true || passwordExpiredButActive(entity, activityMs),
        });
      }
    }
    // Resources the alert lists without entity files (SPNs, shares) when no resource entity is given.
    if (spec.roles.includes('accessedResource') && !(byRole.get('accessedResource') ?? []).length) {
      const seen = new Set<string>();
      for (const r of asArr(alert.accessedResources)) {
        const name = nonEmpty(asObj(r).name, 200);
        if (!name || seen.has(name)) continue;
        seen.add(name);
        nodes.push({ key: `resource:${name}`, label: name, sublabel: nonEmpty(asObj(r).service, 40) ?? 'Resource', kind: 'resource', flagged: false });
      }
      if (seen.size && !labels.includes(roleLabel('accessedResource'))) labels.unshift(roleLabel('accessedResource'));
    }
    if (!nodes.length) continue;
    if (nodes.length > L.maxPerColumn) {
      const rest = nodes.length - (L.maxPerColumn - 1);
      nodes.splice(L.maxPerColumn - 1, nodes.length, { key: `more:${columns.length}`, label: `+${rest} more`, sublabel: 'see the entity cards', kind: 'unknown', flagged: false });
    }
    columns.push({ label: labels.join(' / '), ...(columns.length && spec.verb ? { verb: spec.verb } : {}), nodes });
  }

  const rows = Math.max(1, ...columns.map((c) => c.nodes.length));
  const height = L.top + rows * L.nodeHeight + (rows - 1) * L.rowGap + L.margin;
  const width = columns.length ? L.margin * 2 + columns.length * L.nodeWidth + (columns.length - 1) * L.columnGap : 0;
  const colVms: ChainColumnVm[] = [];
  const nodes: ChainNodeVm[] = [];
  const edges: ChainEdgeVm[] = [];
  let previous: ChainNodeVm[] = [];
  columns.forEach((c, ci) => {
    const x = L.margin + ci * (L.nodeWidth + L.columnGap);
    colVms.push({ label: c.label, ...(c.verb ? { verb: c.verb } : {}), x, width: L.nodeWidth });
    const used = c.nodes.length * L.nodeHeight + (c.nodes.length - 1) * L.rowGap;
    const y0 = L.top + (rows * L.nodeHeight + (rows - 1) * L.rowGap - used) / 2;
    const placed = c.nodes.map((n, ri): ChainNodeVm => ({
      key: n.key,
      ...(n.entityId ? { entityId: n.entityId } : {}),
      label: clip(n.label, L.maxLabel),
      sublabel: clip(n.sublabel, L.maxLabel + 6),
      tooltip: `${n.label} (${n.sublabel})`,
      kind: n.kind,
      column: ci,
      x,
      y: y0 + ri * (L.nodeHeight + L.rowGap),
      width: L.nodeWidth,
      height: L.nodeHeight,
      flagged: n.flagged,
    }));
    for (const from of previous) {
      for (const to of placed) {
        edges.push({ from: from.key, to: to.key, x1: from.x + from.width, y1: from.y + from.height / 2, x2: to.x, y2: to.y + to.height / 2 });
      }
    }
    nodes.push(...placed);
    previous = placed;
  });

  return { width, height: columns.length ? height : 0, columns: colVms, nodes, edges, summary: summarize(columns) };
}

function summarize(columns: { label: string; verb?: string; nodes: PendingNode[] }[]): string {
  if (!columns.length) return 'This alert names no source, destination or resource entities, so there is no chain to draw.';
  return columns
    .map((c) => `${c.verb ? c.verb + ' ' : ''}${c.label}: ${c.nodes.map((n) => n.label).join(', ')}`)
    .join(' → ');
}
