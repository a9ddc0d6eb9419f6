/**
 * What an alert mentions: every entity id it names (roles, evidence, activities, related ids) with where,
 * the distinct keys of those ids, and its entities grouped by role. Tolerates any shape: fixtures are
 * untrusted.
 */
import type { Alert, EntityRole } from './model';
import { isRecord } from '../shared/text';

/** Ids are compared case-insensitively: GUIDs appear in either case across tools. */
export const idKey = (id: string): string => id.trim().toLowerCase();

/** Where in an alert an entity id is referenced. */
export type ReferenceSite =
  | { kind: 'entity'; index: number; role: EntityRole }
  | { kind: 'evidence'; index: number; item: number }
  | { kind: 'network'; index: number; side: 'source' | 'destination' }
  | { kind: 'event'; index: number }
  | { kind: 'related'; index: number };

export interface EntityReference {
  id: string;
  site: ReferenceSite;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Read-only: one shared empty object stands in for every missing one. */
const NOTHING: Readonly<Record<string, unknown>> = Object.freeze({});
const obj = (v: unknown): Readonly<Record<string, unknown>> => (isRecord(v) ? v : NOTHING);

type ReferenceKind = ReferenceSite['kind'];

/**
 * Calls `visit` for each entity id an alert mentions. Where is passed as plain values (kind, index and a
 * role, item or side) so that a walk that needs only the ids makes no objects. Tolerates any shape:
 * fixtures are untrusted.
 */
function visitReferences(alert: Alert, visit: (id: string, kind: ReferenceKind, index: number, detail: string | number) => void): void {
  const entities = arr(alert.entities);
  for (let index = 0; index < entities.length; index++) {
    const o = obj(entities[index]);
    if (str(o.id)) visit(o.id, 'entity', index, str(o.role) ? o.role : 'related');
  }
  const evidence = arr(alert.evidence);
  for (let index = 0; index < evidence.length; index++) {
    const ids = arr(obj(evidence[index]).entityIds);
    for (let item = 0; item < ids.length; item++) {
      const id = ids[item];
      if (str(id)) visit(id, 'evidence', index, item);
    }
  }
  const network = arr(alert.networkActivities);
  for (let index = 0; index < network.length; index++) {
    const activity = obj(network[index]);
    const source = obj(activity.source).computerId;
    if (str(source)) visit(source, 'network', index, 'source');
    const destination = obj(activity.destination).computerId;
    if (str(destination)) visit(destination, 'network', index, 'destination');
  }
  const events = arr(alert.eventActivities);
  for (let index = 0; index < events.length; index++) {
    const id = obj(events[index]).computerId;
    if (str(id)) visit(id, 'event', index, 0);
  }
  const related = arr(alert.relatedEntityIds);
  for (let index = 0; index < related.length; index++) {
    const id = related[index];
    if (str(id)) visit(id, 'related', index, 0);
  }
}

function siteOf(kind: ReferenceKind, index: number, detail: string | number): ReferenceSite {
  switch (kind) {
    case 'entity': return { kind, index, role: detail as EntityRole };
    case 'evidence': return { kind, index, item: detail as number };
    case 'network': return { kind, index, side: detail as 'source' | 'destination' };
    case 'event': return { kind, index };
    case 'related': return { kind, index };
  }
}

/** Every entity id an alert mentions, with where. */
export function collectReferences(alert: Alert): EntityReference[] {
  const refs: EntityReference[] = [];
  visitReferences(alert, (id, kind, index, detail) => refs.push({ id, site: siteOf(kind, index, detail) }));
  return refs;
}

/** The distinct keys (`idKey`) of the entity ids an alert mentions, in first-mention order. */
export function collectEntityKeys(alert: Alert): string[] {
  return distinctKeys(alert);
}

/**
 * What the cross-file checks need of an alert's references while every one of them is fine: the distinct
 * keys of the ids it mentions, and the role of each entity it lists. Two arrays instead of two objects per
 * reference: a batch run holds this for tens of thousands of alerts at once.
 */
export interface ReferenceSummary {
  /** As `collectEntityKeys` gives them. */
  readonly keys: readonly string[];
  /** For each `entities[i]` with an id, in order: its key, then its role ("related" when it has none). */
  readonly roles: readonly string[];
}

export function summarizeReferences(alert: Alert): ReferenceSummary {
  const roles: string[] = [];
  const keys = distinctKeys(alert, (id, role) => roles.push(idKey(id), role));
  return { keys, roles };
}

function distinctKeys(alert: Alert, onEntity?: (id: string, role: string) => void): string[] {
  const keys = new KeyList();
  // Activities name the same one or two computers row after row: skip an id just seen, before normalising it.
  let last = '';
  let beforeLast = '';
  visitReferences(alert, (id, kind, _index, detail) => {
    if (onEntity && kind === 'entity') onEntity(id, detail as string);
    if (id === last || id === beforeLast) return;
    beforeLast = last;
    last = id;
    keys.add(idKey(id));
  });
  return keys.keys;
}

/**
 * The distinct keys of references already collected, in first-mention order (what `collectEntityKeys` gives
 * for their alert).
 */
export function keysOfReferences(references: readonly EntityReference[]): string[] {
  const keys = new KeyList();
  for (const ref of references) keys.add(idKey(ref.id));
  return keys.keys;
}

/** Distinct keys in first-added order. A dozen references typically name three or four ids: a Set costs more than looking through those, until there are many. */
class KeyList {
  readonly keys: string[] = [];
  private seen: Set<string> | undefined;

  add(key: string): void {
    if (this.seen ? this.seen.has(key) : this.keys.includes(key)) return;
    this.keys.push(key);
    if (this.seen) this.seen.add(key);
    else if (this.keys.length > 16) this.seen = new Set(this.keys);
  }
}

/** The JSON path of a reference site, for diagnostics. */
export function referencePath(site: ReferenceSite): (string | number)[] {
  switch (site.kind) {
    case 'entity': return ['entities', site.index, 'id'];
    case 'evidence': return ['evidence', site.index, 'entityIds', site.item];
    case 'network': return ['networkActivities', site.index, site.side, 'computerId'];
    case 'event': return ['eventActivities', site.index, 'computerId'];
    case 'related': return ['relatedEntityIds', site.index];
  }
}

/** Entities of an alert grouped by role (roles in `entities[]`), then related ids not already shown. */
export function entitiesByRole(alert: Alert): Map<EntityRole, string[]> {
  const byRole = new Map<EntityRole, string[]>();
  const shown = new Set<string>();
  for (const e of arr(alert.entities)) {
    const o = obj(e);
    if (!str(o.id)) continue;
    const role = str(o.role) ? o.role : 'related';
    const list = byRole.get(role) ?? [];
    if (!list.some((x) => idKey(x) === idKey(o.id as string))) list.push(o.id);
    byRole.set(role, list);
    shown.add(idKey(o.id));
  }
  const related = byRole.get('related') ?? [];
  for (const id of arr(alert.relatedEntityIds)) {
    if (str(id) && !shown.has(idKey(id))) {
      related.push(id);
      shown.add(idKey(id));
    }
  }
  if (related.length) {
    byRole.delete('related');
    byRole.set('related', related);
  }
  return byRole;
}
