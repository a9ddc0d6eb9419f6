/**
 * The facts a row's tooltip shows, as (label, value) pairs of plain text. Computed only when a tooltip
 * is asked for (VS Code's `resolveTreeItem`), never for every row.
 */
import { catalog } from '../catalog';
import { PHASE_LABELS, VERDICT_LABELS } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import { idKey } from '../references';
import { plural } from '../../shared/text';
import type { TreeSource } from './filter';
import { formatTime, roleLabel } from './nodes';
import type { AlertNode, EntityNode } from './types';

export interface Detail {
  label: string;
  value: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function alertDetails(node: AlertNode, source: TreeSource, verdicts: VerdictLookup): Detail[] {
  const a = node.indexed;
  const alert = a.alert;
  const entry = catalog.get(str(alert.externalId));
  const distinct = new Map<string, boolean>();
  for (const ref of a.references) distinct.set(idKey(ref.id), source.entitiesById(ref.id).length > 0);
  const resolved = [...distinct.values()].filter(Boolean).length;
  const record = verdicts.verdictOf(node.alertId);
  const out: Detail[] = [
    { label: 'Alert id', value: node.alertId },
    { label: 'External ID', value: `${str(alert.externalId)}${entry ? ` — ${entry.name}` : ' (not in the catalog)'}` },
    { label: 'Type', value: str(alert.type) || entry?.alertType || '—' },
    { label: 'Phase', value: a.phase ? `${PHASE_LABELS[a.phase]}${alert.phase ? '' : ' (from the catalog)'}` : 'unknown' },
    { label: 'Severity', value: node.severity },
    { label: 'Status', value: node.status },
    { label: 'Verdict', value: record ? `${VERDICT_LABELS[record.verdict] ?? record.verdict}${record.determination ? ` (${record.determination})` : ''} — ${record.author}, ${formatTime(record.time)}` : 'not classified' },
    { label: 'Start', value: formatTime(alert.startTime) },
    { label: 'End', value: alert.endTime ? formatTime(alert.endTime) : '—' },
  ];
  if (alert.statusUpdateTime) out.push({ label: 'Status updated', value: formatTime(alert.statusUpdateTime) });
  out.push({
    label: 'Entities',
    value: `${plural(distinct.size, 'entity')}${distinct.size - resolved ? `, ${distinct.size - resolved} unresolved` : ''}`,
  });
  if (Array.isArray(alert.evidence)) out.push({ label: 'Evidence', value: plural(alert.evidence.length, 'line') });
  for (const issue of node.issues) out.push({ label: 'Warning', value: issue.message });
  out.push({ label: 'File', value: node.file });
  return out;
}

export function entityDetails(node: EntityNode, source: TreeSource): Detail[] {
  const record = source.entitiesById(node.entityId)[0];
  const e = record?.entity;
  const out: Detail[] = [
    { label: 'Id', value: node.entityId },
    { label: 'Role', value: roleLabel(node.role) },
    { label: 'Type', value: node.entityType ?? '—' },
  ];
  for (const key of ['SamName', 'UpnName', 'DnsName', 'DistinguishedName', 'Department', 'OperatingSystemDisplayName', 'Sid'] as const) {
    const v = e?.[key];
    if (typeof v === 'string' && v) out.push({ label: key, value: v });
  }
  for (const issue of node.issues) out.push({ label: 'Warning', value: issue.message });
  out.push({ label: 'Unique Entity Json', value: node.entityFile ?? 'not found' });
  out.push({ label: 'Profile', value: node.profileFile ?? 'not found' });
  return out;
}
