/**
 * Microsoft Sentinel `SecurityAlert` rows (JSON array as Log Analytics exports it, JSON Lines, or CSV) →
 * fixtures. `Entities` is a JSON string whose objects point at each other with `$id`/`$ref`; references
 * are resolved, and one that names a missing `$id` is reported and left out.
 */
import type { AlertEntityRef, EntityRole } from '../model';
import { EntityBag, computerEntity, groupEntity, ipEntity, userEntity } from './entities';
import { catalogEntryForTitle, externalIdForType, isAlertId, orderAlert, severityOf, statusOf, utcTime } from './mapping';
import { isDefenderForIdentity, otherProduct } from './product';
import { embeddedJson, str, tableRecords, type Located, type Row } from './records';
import { emptyResult, type ImportedAlert, type ReaderResult, type Skipped } from './types';

const obj = (v: unknown): Row => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : {});

export function readSentinel(text: string, file: string): ReaderResult {
  const result = emptyResult();
  const bag = new EntityBag();
  for (const located of tableRecords(text, file, result.skipped, ['AlertName'])) {
    const mapped = sentinelAlert(located, bag, result.skipped);
    if (typeof mapped === 'string') result.skipped.push({ where: located.where, reason: mapped });
    else result.alerts.push(mapped);
  }
  result.entities = bag.values();
  return result;
}

function sentinelAlert({ record: r, where }: Located, bag: EntityBag, skipped: Skipped[]): ImportedAlert | string {
  const product = str(r.ProviderName) ?? str(r.ProductName);
  if (!isDefenderForIdentity(product) && !isDefenderForIdentity(str(r.ProductName))) return otherProduct(str(r.ProductName) ?? product);
  const warnings: string[] = [];
  const synthesised: string[] = [];
  let id = str(r.VendorOriginalId);
  if (!isAlertId(id)) {
    if (!isAlertId(str(r.SystemAlertId))) return `neither VendorOriginalId "${id ?? ''}" nor SystemAlertId is an alert id (a GUID)`;
    warnings.push(`VendorOriginalId missing: the id is Sentinel's SystemAlertId`);
    id = str(r.SystemAlertId)!;
  }
  const title = str(r.AlertName) ?? str(r.DisplayName);
  if (!title) return 'the row has no AlertName';
  const ext = embeddedJson(r.ExtendedProperties);
  let externalId = ext?.ok ? str(obj(ext.value).ExternalId) : undefined;
  if (ext && !ext.ok) warnings.push(`ExtendedProperties is not JSON (${ext.reason})`);
  const type = str(r.AlertType);
  if (!externalId || !/^\d{3,5}$/.test(externalId)) {
    const byType = type ? externalIdForType(type, `${title} ${str(r.Description) ?? ''}`) : undefined;
    externalId = byType && 'externalId' in byType ? byType.externalId : catalogEntryForTitle(title)?.externalId;
    if (!externalId) return `no ExtendedProperties.ExternalId, and neither the AlertType "${type ?? ''}" nor the AlertName "${title}" identifies an alert type of the catalog`;
    synthesised.push('externalId');
  }
  const start = utcTime(r.StartTime) ?? utcTime(r.TimeGenerated);
  if (!start) return `the StartTime "${str(r.StartTime) ?? ''}" is not a time`;
  const severity = severityOf(r.AlertSeverity);
  if (!severity) return `the AlertSeverity "${str(r.AlertSeverity) ?? ''}" is not Informational, Low, Medium or High`;
  if (severity.warning) warnings.push(severity.warning);
  const status = statusOf(r.Status);
  if (!status) synthesised.push('status');
  const entities = sentinelEntities(r.Entities, str(r.CompromisedEntity), bag, where, skipped);
  const alert = orderAlert({
    id, externalId, type, title, description: str(r.Description), severity: severity.value, status: status?.value ?? 'Open',
    startTime: start, endTime: utcTime(r.EndTime), url: str(r.AlertLink), entities, relatedEntityIds: entities.map((e) => e.id),
  });
  return { alert, where, format: 'sentinel', synthesised, warnings };
}

/** Resolves `$ref`s (anywhere in the graph), then maps accounts, hosts, IPs and groups. */
function sentinelEntities(raw: unknown, compromised: string | undefined, bag: EntityBag, where: string, skipped: Skipped[]): AlertEntityRef[] {
  const parsed = embeddedJson(raw);
  if (!parsed) return [];
  if (!parsed.ok) {
    skipped.push({ where: `${where} Entities`, reason: `Entities is not JSON (${parsed.reason}); the alert is imported without entities` });
    return [];
  }
  const list = Array.isArray(parsed.value) ? parsed.value : [];
  const byId = new Map<string, Row>();
  const collect = (v: unknown, depth: number) => {
    if (depth > 32 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => collect(x, depth + 1));
    const o = v as Row;
    if (typeof o.$id === 'string' || typeof o.$id === 'number') byId.set(String(o.$id), o);
    for (const x of Object.values(o)) collect(x, depth + 1);
  };
  collect(list, 0);
  const refs: AlertEntityRef[] = [];
  list.forEach((item, i) => {
    let e = obj(item);
    if (e.$ref !== undefined) {
      const target = byId.get(String(e.$ref));
      if (!target) {
        skipped.push({ where: `${where} Entities[${i}]`, reason: `$ref "${String(e.$ref)}" points to no $id; that entity is left out` });
        return;
      }
      e = target;
    }
    const type = String(e.Type ?? '').toLowerCase();
    let id: string | undefined;
    let role: EntityRole = 'related';
    if (type === 'account') {
      id = bag.add(userEntity({ name: str(e.Name), domain: str(e.NTDomain) ?? str(e.UPNSuffix), sid: str(e.Sid), upn: e.UPNSuffix && e.Name ? `${str(e.Name)}@${str(e.UPNSuffix)}` : undefined, objectGuid: str(e.ObjectGuid), displayName: str(e.DisplayName) }));
      if (compromised && [str(e.Name), str(e.DisplayName)].some((n) => n && n.toLowerCase() === compromised.toLowerCase())) role = 'attackedAccount';
    } else if (type === 'host') {
      id = bag.add(computerEntity({ name: str(e.HostName) ?? str(e.NetBiosName), domain: str(e.DnsDomain), os: [str(e.OSFamily), str(e.OSVersion)].filter(Boolean).join(' ') }));
    } else if (type === 'ip') {
      id = str(e.Address) ? bag.add(ipEntity(str(e.Address)!)) : undefined;
    } else if (type === 'security-group' || type === 'securitygroup') {
      id = bag.add(groupEntity({ id: str(e.ObjectGuid), name: str(e.DistinguishedName) ?? str(e.Name), sid: str(e.SID) ?? str(e.Sid) }));
    }
    if (id && !refs.some((r) => r.id === id && r.role === role)) refs.push({ role, id });
  });
  return refs;
}
