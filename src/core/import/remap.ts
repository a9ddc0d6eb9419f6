import type { Alert } from '../model';

/** The alert with entity ids replaced where the workspace already knows the entity under another id. */
export function remapAlert(alert: Alert, idMap: Map<string, string>): Alert {
  if (!idMap.size) return alert;
  const id = (v: string) => idMap.get(v) ?? v;
  const endpoint = <T extends { computerId?: string } | undefined>(e: T): T => (e && e.computerId ? { ...e, computerId: id(e.computerId) } : e);
  const out: Alert = { ...alert };
  if (alert.entities) out.entities = dedupe(alert.entities.map((r) => ({ ...r, id: id(r.id) })), (r) => `${r.role}|${r.id}`);
  if (alert.evidence) out.evidence = alert.evidence.map((l) => (l.entityIds ? { ...l, entityIds: [...new Set(l.entityIds.map(id))] } : l));
  if (alert.relatedEntityIds) out.relatedEntityIds = [...new Set(alert.relatedEntityIds.map(id))];
  if (alert.networkActivities) out.networkActivities = alert.networkActivities.map((a) => ({ ...a, source: endpoint(a.source), destination: endpoint(a.destination) }));
  if (alert.eventActivities) out.eventActivities = alert.eventActivities.map((a) => (a.computerId ? { ...a, computerId: id(a.computerId) } : a));
  return out;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}
