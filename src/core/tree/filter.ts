/**
 * Filtering and sorting alerts for the tree. Fixture content is untrusted: every field is checked for
 * its type before use, so a fixture with `"title": 42` sorts and filters without throwing.
 */
import type { VerdictLookup } from '../verdicts/lookup';
import type { IndexedAlert } from '../workspaceIndex';
import type { EntityRecord, InvalidRecord } from '../loader';
import type { SortOrder, TreeFilter, VerdictKey } from './types';
import { lookupTable } from '../../shared/lookupTable';

/** What the tree needs from the workspace index (a `WorkspaceIndex` fits). */
export interface TreeSource {
  alerts(): IndexedAlert[];
  alertsById(id: string): IndexedAlert[];
  alertCountById(id: string): number;
  entitiesById(id: string): EntityRecord[];
  hasEntityKey(key: string): boolean;
  profile(entityId: string): { file: string } | undefined;
  invalid(): InvalidRecord[];
}

export function verdictKeyOf(verdicts: VerdictLookup, alertId: string): VerdictKey {
  return verdicts.verdictOf(alertId)?.verdict ?? 'unclassified';
}

export function isFilterActive(filter: TreeFilter): boolean {
  return !!(filter.severities?.length || filter.statuses?.length || filter.verdicts?.length || filter.externalIds?.length || filter.text?.trim());
}

/** The filter in words, for the view's message and the CLI: `severity High or Medium; text "dc1"`. */
export function describeFilter(filter: TreeFilter): string {
  const parts: string[] = [];
  const list = (values: readonly string[]) => values.join(' or ');
  if (filter.severities?.length) parts.push(`severity ${list(filter.severities)}`);
  if (filter.statuses?.length) parts.push(`status ${list(filter.statuses)}`);
  if (filter.verdicts?.length) parts.push(`verdict ${list(filter.verdicts)}`);
  if (filter.externalIds?.length) parts.push(`alert type ${list(filter.externalIds)}`);
  const text = filter.text?.trim();
  if (text) parts.push(`text "${text}"`);
  return parts.join('; ');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Names an entity is known by, for text search. */
function entityNames(record: EntityRecord | undefined): string[] {
  if (!record) return [];
  const e = record.entity;
  return [e.SystemDisplayName, e.SamName, e.UpnName, e.DnsName].filter((v): v is string => typeof v === 'string');
}

/** A predicate for the filter, or undefined when everything passes. */
export function alertPredicate(filter: TreeFilter, source: TreeSource, verdicts: VerdictLookup): ((a: IndexedAlert) => boolean) | undefined {
  if (!isFilterActive(filter)) return undefined;
  const severities = filter.severities?.length ? new Set<string>(filter.severities) : undefined;
  const statuses = filter.statuses?.length ? new Set<string>(filter.statuses) : undefined;
  const verdictSet = filter.verdicts?.length ? new Set<string>(filter.verdicts) : undefined;
  const externalIds = filter.externalIds?.length ? new Set<string>(filter.externalIds) : undefined;
  const needle = filter.text?.trim().toLowerCase();
  return (a) => {
    const alert = a.alert;
    if (severities && !severities.has(str(alert.severity))) return false;
    if (statuses && !statuses.has(str(alert.status))) return false;
    if (verdictSet && !verdictSet.has(verdictKeyOf(verdicts, str(alert.id)))) return false;
    if (externalIds && !externalIds.has(str(alert.externalId))) return false;
    if (needle) return textMatches(a, needle, source);
    return true;
  };
}

function textMatches(a: IndexedAlert, needle: string, source: TreeSource): boolean {
  const alert = a.alert;
  const own = [alert.title, alert.id, alert.externalId, alert.type, alert.description];
  if (own.some((v) => str(v).toLowerCase().includes(needle))) return true;
  for (const ref of a.references) {
    if (ref.id.toLowerCase().includes(needle)) return true;
    for (const name of entityNames(source.entitiesById(ref.id)[0])) {
      if (name.toLowerCase().includes(needle)) return true;
    }
  }
  return false;
}

const SEVERITY_RANK: Record<string, number> = lookupTable({ High: 0, Medium: 1, Low: 2 });

/** Milliseconds of an ISO time, or -Infinity when missing or unparsable (sorts last when newest-first). */
function timeOf(value: unknown): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/**
 * Sorts alerts in place: newest first, or severity first (High, Medium, Low, then unknown) and newest
 * first within a severity. Ties break on title and then file, so the order never depends on load order.
 */
export function sortAlerts(alerts: IndexedAlert[], order: SortOrder): IndexedAlert[] {
  // Decorate once: parsing times inside the comparator would parse each one log(n) times.
  const keyed = alerts.map((a) => ({ a, t: timeOf(a.alert.startTime), s: SEVERITY_RANK[str(a.alert.severity)] ?? 3, title: str(a.alert.title) }));
  keyed.sort((x, y) => {
    if (order === 'severity' && x.s !== y.s) return x.s - y.s;
    if (x.t !== y.t) return y.t - x.t;
    if (x.title !== y.title) return x.title < y.title ? -1 : 1;
    return x.a.file < y.a.file ? -1 : x.a.file > y.a.file ? 1 : 0;
  });
  for (let i = 0; i < keyed.length; i++) alerts[i] = keyed[i]!.a;
  return alerts;
}
