/**
 * Making the nodes below a group: alert rows, the role groups under an alert, and entity rows. Each
 * node carries its text (label, description, accessibility label) ready to show, so the extension's
 * provider only maps fields.
 */
import { revealBidiControls } from '../../shared/text';
import { catalog } from '../catalog';
import { KNOWN_ROLES, PHASE_LABELS, ROLE_LABELS, VERDICT_LABELS, type EntityRole, type KnownRole } from '../model';
import type { EntityRecord } from '../loader';
import type { VerdictLookup } from '../verdicts/lookup';
import { type IndexedAlert } from '../workspaceIndex';
import { entitiesByRole, idKey } from '../references';
import { plural } from '../../shared/text';
import type { TreeSource } from './filter';
import type { AlertNode, EntityNode, NodeIssue, RoleNode } from './types';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** `2025-01-23 21:47 UTC` from an ISO time; the raw text when it does not parse. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?Z$/;

export function formatTime(value: unknown): string {
  if (typeof value !== 'string' || !value) return 'no start time';
  // Fast path for the contract's format (ISO 8601 UTC): no Date objects and no match arrays for 5 000 rows.
  if (ISO_UTC.test(value)) return `${value.slice(0, 10)} ${value.slice(11, 16)} UTC`;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value.length > 40 ? value.slice(0, 40) + '…' : value;
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function alertTitle(a: IndexedAlert): string {
  const title = revealBidiControls(str(a.alert.title).trim());
  return title || `Untitled alert ${revealBidiControls(str(a.alert.id))}`;
}

const SEVERITIES = new Set(['High', 'Medium', 'Low']);

/** What is wrong or odd about an alert, as the tree shows it (validation reports the same in Problems). */
function alertIssues(a: IndexedAlert, source: TreeSource): NodeIssue[] {
  const issues: NodeIssue[] = [];
  const alert = a.alert;
  const twins = source.alertCountById(str(alert.id));
  if (twins > 1) issues.push({ code: 'duplicate-alert-id', message: `Duplicate alert id: ${twins} files use "${str(alert.id)}"` });
  const externalId = str(alert.externalId);
  const known = catalog.get(externalId);
  if (!known) issues.push({ code: 'unknown-external-id', message: `Unknown external ID "${externalId}" (not in the alert catalog)` });
  else if (typeof alert.phase === 'string' && alert.phase !== known.phase) {
    issues.push({ code: 'phase-mismatch', message: `Phase "${alert.phase}" disagrees with the catalog (${PHASE_LABELS[known.phase]})` });
  }
  if (!SEVERITIES.has(str(alert.severity))) {
    issues.push({ code: 'unknown-severity', message: `Unknown severity "${str(alert.severity)}"` });
  }
  // An alert names the same few entities many times (roles, evidence, activities): each distinct key once.
  let unresolved = 0;
  for (const key of a.entityKeys) if (!source.hasEntityKey(key)) unresolved++;
  if (unresolved) {
    issues.push({ code: 'unresolved-entities', message: `${plural(unresolved, 'entity id')} ${unresolved === 1 ? 'resolves' : 'resolve'} to no Unique Entity Json` });
  }
  return issues;
}

/** Short forms of issues for a row's description. */
const SHORT: Record<NodeIssue['code'], string> = {
  'duplicate-alert-id': 'duplicate id',
  'unknown-external-id': 'unknown type',
  'phase-mismatch': 'phase differs from catalog',
  'unresolved-entities': 'unresolved entities',
  'unresolved-entity': 'not found',
  'duplicate-entity-id': 'duplicate Id',
  'unknown-severity': 'unknown severity',
};

export function issueSuffix(issues: NodeIssue[]): string {
  return issues.length ? ` · ⚠ ${issues.map((i) => SHORT[i.code]).join(', ')}` : '';
}

export function makeAlertNode(parentId: string, a: IndexedAlert, source: TreeSource, verdicts: VerdictLookup): AlertNode {
  const alert = a.alert;
  const alertId = str(alert.id);
  const verdict = verdicts.verdictOf(alertId)?.verdict;
  const severity = str(alert.severity) || 'Unknown severity';
  const status = str(alert.status) || 'Unknown status';
  const start = formatTime(alert.startTime);
  const issues = alertIssues(a, source);
  const label = alertTitle(a);
  // Plain template strings, not arrays joined: the first expansion of a big phase builds thousands.
  const verdictWords = verdict ? `Verdict: ${VERDICT_LABELS[verdict] ?? verdict}.` : 'Not classified.';
  let words = `Alert: ${label}. ${severity} severity. Status ${status}. ${verdictWords} Started ${start}.`;
  for (const issue of issues) words += ` Warning: ${issue.message}.`;
  return {
    kind: 'alert',
    id: `${parentId}>alert:${a.file}`,
    parentId,
    label,
    description: `${severity} · ${status}${verdict ? ` · ${verdict}` : ''} · ${start}${issueSuffix(issues)}`,
    accessibilityLabel: words,
    contextValue: 'alert',
    expandable: a.entityKeys.length > 0,
    issues,
    alertId,
    file: a.file,
    indexed: a,
    severity,
    status,
    verdict,
  };
}

export function roleLabel(role: EntityRole): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? `${role.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())}`;
}

/** Roles in the portal's reading order (known roles first, then others by name, "Related entities" last). */
function roleOrder(role: string): number {
  if (role === 'related') return 1000;
  const i = (KNOWN_ROLES as readonly string[]).indexOf(role as KnownRole);
  return i >= 0 ? i : 500;
}

export function makeRoleNodes(alertNode: AlertNode): RoleNode[] {
  const byRole = entitiesByRole(alertNode.indexed.alert);
  const roles = [...byRole.keys()].sort((x, y) => roleOrder(x) - roleOrder(y) || (x < y ? -1 : x > y ? 1 : 0));
  return roles.map((role) => {
    const ids = byRole.get(role)!;
    const label = roleLabel(role);
    return {
      kind: 'role',
      id: `${alertNode.id}>role:${role}`,
      parentId: alertNode.id,
      label,
      description: String(ids.length),
      accessibilityLabel: `${label}: ${plural(ids.length, 'entity')}`,
      contextValue: 'group',
      expandable: ids.length > 0,
      issues: [],
      role,
      alertFile: alertNode.file,
      entityIds: ids,
      count: ids.length,
    };
  });
}

/** The name an entity is shown by: display name, then account / DNS names, then its id. */
export function entityName(record: EntityRecord | undefined, id: string): string {
  const e = record?.entity;
  for (const v of [e?.SystemDisplayName, e?.SamName, e?.UpnName, e?.DnsName]) {
    if (typeof v === 'string' && v.trim()) return revealBidiControls(v.trim());
  }
  return revealBidiControls(id);
}

/** Facts about one entity id, shared by entity rows and entity groups. */
export function describeEntity(source: TreeSource, id: string) {
  const records = source.entitiesById(id);
  const record = records[0];
  const issues: NodeIssue[] = [];
  if (!record) issues.push({ code: 'unresolved-entity', message: `Entity "${id}" resolves to no Unique Entity Json file` });
  if (records.length > 1) issues.push({ code: 'duplicate-entity-id', message: `${records.length} Unique Entity Json files have Id "${id}"` });
  const type = record ? str(record.entity.$type) || 'Entity' : undefined;
  return {
    record,
    issues,
    name: entityName(record, id),
    type,
    entityFile: record?.file,
    profileFile: source.profile(id)?.file,
  };
}

export function makeEntityNodes(roleNode: RoleNode, source: TreeSource): EntityNode[] {
  return roleNode.entityIds.map((entityId) => {
    const d = describeEntity(source, entityId);
    const typeText = d.type ?? 'not found';
    return {
      kind: 'entity',
      id: `${roleNode.id}>entity:${idKey(entityId)}`,
      parentId: roleNode.id,
      label: d.name,
      description: typeText + issueSuffix(d.issues.filter((i) => i.code !== 'unresolved-entity')),
      accessibilityLabel: [
        `${d.type ?? 'Entity'} ${d.name}, ${roleLabel(roleNode.role).toLowerCase()}.`,
        ...d.issues.map((i) => `Warning: ${i.message}.`),
      ].join(' '),
      contextValue: d.record ? 'entity' : 'entity.unresolved',
      expandable: false,
      issues: d.issues,
      entityId,
      entityType: d.type,
      entityFile: d.entityFile,
      profileFile: d.profileFile,
      role: roleNode.role,
      alertFile: roleNode.alertFile,
    };
  });
}
