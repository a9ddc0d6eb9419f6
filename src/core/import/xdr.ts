/**
 * Defender XDR advanced hunting `AlertInfo` + `AlertEvidence` (CSV or JSON exports, or streaming-API
 * records `{ category: "AdvancedHunting-…", properties }`) → fixtures, joined on `AlertId` across every
 * XDR input of one import. The title is looked up in the catalog (XDR has no external ID).
 */
import type { AlertEntityRef, EntityRole } from '../model';
import { EntityBag, computerEntity, ipEntity, userEntity, uuidV5 } from './entities';
import { catalogEntryForTitle, isAlertId, orderAlert, severityOf, utcTime } from './mapping';
import { isDefenderForIdentity, otherProduct } from './product';
import { str, tableRecords, type Located, type Row } from './records';
import { emptyResult, type ReaderResult } from './types';

interface Joined {
  info?: Located;
  evidence: Located[];
}

export function readXdr(inputs: { text: string; file: string }[]): ReaderResult {
  const result = emptyResult();
  const byAlert = new Map<string, Joined>();
  for (const { text, file } of inputs) {
    for (const located of tableRecords(text, file, result.skipped, ['AlertId'])) {
      const r = unwrap(located.record);
      const alertId = str(r.AlertId);
      if (!alertId) {
        result.skipped.push({ where: located.where, reason: 'the record has no AlertId' });
        continue;
      }
      const joined = byAlert.get(alertId) ?? { evidence: [] };
      byAlert.set(alertId, joined);
      const row = { record: r, where: located.where };
      if (r.EntityType !== undefined) joined.evidence.push(row);
      if (r.Title !== undefined && !joined.info) joined.info = row;
    }
  }
  const bag = new EntityBag();
  for (const [alertId, joined] of byAlert) {
    const where = joined.info?.where ?? joined.evidence[0]!.where;
    const product = str(joined.info?.record.ServiceSource) ?? str(joined.evidence[0]?.record.ServiceSource);
    if (!isDefenderForIdentity(product)) {
      result.skipped.push({ where, reason: `AlertId ${alertId}: ${otherProduct(product)}` });
      continue;
    }
    if (!joined.info) {
      result.skipped.push({ where, reason: `AlertId ${alertId} has AlertEvidence rows but no AlertInfo row: give both exports` });
      continue;
    }
    const r = joined.info.record;
    const title = str(r.Title) ?? '';
    const entry = catalogEntryForTitle(title);
    if (!entry) {
      result.skipped.push({ where, reason: `AlertId ${alertId}: the title "${title}" matches no alert name in the catalog, and XDR carries no external ID` });
      continue;
    }
    const start = utcTime(r.Timestamp) ?? utcTime(joined.evidence[0]?.record.Timestamp);
    if (!start) {
      result.skipped.push({ where, reason: `AlertId ${alertId}: the Timestamp "${str(r.Timestamp) ?? ''}" is not a time` });
      continue;
    }
    const severity = severityOf(r.Severity);
    if (!severity) {
      result.skipped.push({ where, reason: `AlertId ${alertId}: the Severity "${str(r.Severity) ?? ''}" is not Informational, Low, Medium or High` });
      continue;
    }
    const entities: AlertEntityRef[] = [];
    for (const ev of joined.evidence) {
      const { id, role } = evidenceEntity(ev.record, bag);
      if (id && !entities.some((e) => e.id === id && e.role === role)) entities.push({ role, id });
    }
    // XDR's AlertId is usually "aa" + a GUID; any other form keeps a deterministic id and the original beside it.
    const ownId = isAlertId(alertId);
    const alert = orderAlert({
      id: ownId ? alertId : uuidV5(`xdr:${alertId}`), sourceAlertId: ownId ? undefined : alertId, externalId: entry.externalId, type: entry.alertType ?? undefined, title, severity: severity.value, status: 'Open',
      startTime: start, entities, relatedEntityIds: entities.map((e) => e.id),
    });
    const synthesised = ['externalId', 'status', ...(entry.alertType ? ['type'] : []), ...(ownId ? [] : ['id'])];
    result.alerts.push({ alert, where, format: 'xdr', synthesised, warnings: severity.warning ? [severity.warning] : [] });
  }
  result.entities = bag.values();
  return result;
}

/** Streaming records wrap the columns in `properties`. */
function unwrap(r: Row): Row {
  if (typeof r.category === 'string' && /^AdvancedHunting-/i.test(r.category) && r.properties && typeof r.properties === 'object') return r.properties as Row;
  return r;
}

/** Impacted user → attacked account, impacted machine → destination computer, else related. */
function evidenceEntity(r: Row, bag: EntityBag): { id?: string; role: EntityRole } {
  const type = String(r.EntityType ?? '').toLowerCase();
  const impacted = String(r.EvidenceRole ?? '').toLowerCase() === 'impacted';
  if (type === 'user') {
    return { id: bag.add(userEntity({ name: str(r.AccountName), domain: str(r.AccountDomain), sid: str(r.AccountSid), upn: str(r.AccountUpn) })), role: impacted ? 'attackedAccount' : 'related' };
  }
  if (type === 'machine') {
    return { id: bag.add(computerEntity({ name: str(r.DeviceName), ip: str(r.LocalIP) })), role: impacted ? 'destinationComputer' : 'related' };
  }
  if (type === 'ip') {
    const ip = str(r.RemoteIP) ?? str(r.LocalIP);
    return { id: ip ? bag.add(ipEntity(ip)) : undefined, role: 'related' };
  }
  return { role: 'related' };
}
