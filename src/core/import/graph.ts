/**
 * Microsoft Graph security alerts → fixtures: `alerts_v2` (one alert, or a page `{ value: [...] }`) and
 * the legacy `alert` resource. Graph has no external ID: the title is looked up in the catalog (the
 * legacy `category` holds the internal type). `evidence[]` becomes entities (our `evidence` is text lines);
 * `classification`/`determination`/`comments` become a verdict.
 */
import { DETERMINATIONS, type AlertEntityRef, type Determination, type EntityRole, type Verdict } from '../model';
import { EntityBag, computerEntity, groupEntity, ipEntity, userEntity } from './entities';
import { catalogEntryForTitle, externalIdForType, isAlertId, orderAlert, severityOf, statusOf, utcTime } from './mapping';
import { isDefenderForIdentity, otherProduct } from './product';
import { jsonRecords, str, type Located, type Row } from './records';
import { emptyResult, type ImportedAlert, type ImportedVerdict, type ReaderResult } from './types';
import { lookupTable } from '../../shared/lookupTable';

const obj = (v: unknown): Row => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const CLASSIFICATIONS: Record<string, Verdict> = lookupTable({ truePositive: 'TP', informationalExpectedActivity: 'B-TP', falsePositive: 'FP', benignPositive: 'B-TP' });

export function readGraph(text: string, file: string): ReaderResult {
  const result = emptyResult();
  const entities = new EntityBag();
  for (const located of jsonRecords(text, file, result.skipped)) {
    const mapped = 'vendorInformation' in located.record ? legacyAlert(located, entities) : alertV2(located, entities);
    if (typeof mapped === 'string') result.skipped.push({ where: located.where, reason: mapped });
    else {
      result.alerts.push(mapped.alert);
      if (mapped.verdict) result.verdicts.push(mapped.verdict);
    }
  }
  result.entities = entities.values();
  return result;
}

type Mapped = { alert: ImportedAlert; verdict?: ImportedVerdict } | string;

function alertV2({ record: r, where }: Located, bag: EntityBag): Mapped {
  const product = str(r.serviceSource) ?? str(r.detectionSource);
  if (!isDefenderForIdentity(product)) return otherProduct(product);
  const id = [str(r.id), str(r.providerAlertId)].find(isAlertId);
  if (!id) return `the alert id "${str(r.id) ?? ''}" is not an alert id (a GUID or "aa" followed by a GUID)`;
  const title = str(r.title);
  if (!title) return 'the alert has no title, and Graph alerts carry no external ID: nothing identifies its type';
  const entry = catalogEntryForTitle(title);
  if (!entry) return `the title "${title}" matches no alert name in the catalog, and Graph alerts carry no external ID`;
  const start = utcTime(r.firstActivityDateTime) ?? utcTime(r.createdDateTime);
  if (!start) return 'the alert has no firstActivityDateTime';
  const severity = severityOf(r.severity);
  if (!severity) return `the severity "${String(r.severity)}" is not informational, low, medium or high`;
  const status = statusOf(r.status) ?? { value: 'Open' as const };
  const entities: AlertEntityRef[] = [];
  for (const ev of arr(r.evidence)) {
    const e = obj(ev);
    const kind = String(e['@odata.type'] ?? '').replace('#microsoft.graph.security.', '');
    const roles = arr(e.roles).map(String);
    const user = obj(e.userAccount);
    const device = e;
    let entityId: string | undefined;
    let isUser = false;
    if (kind === 'userEvidence' || e.userAccount) {
      isUser = true;
      entityId = bag.add(userEntity({ name: str(user.accountName), domain: str(user.domainName), sid: str(user.userSid), upn: str(user.userPrincipalName), displayName: str(user.displayName) }));
    } else if (kind === 'deviceEvidence' || e.deviceDnsName || e.hostName) {
      const ip = arr(device.ipInterfaces).map(String)[0];
      entityId = bag.add(computerEntity({ name: str(device.hostName) ?? str(device.deviceDnsName), dnsName: str(device.deviceDnsName), domain: str(device.ntDomain), os: [str(device.osPlatform), str(device.osBuild)].filter(Boolean).join(' '), ip }));
    } else if (kind === 'ipEvidence' || e.ipAddress) {
      entityId = str(e.ipAddress) ? bag.add(ipEntity(str(e.ipAddress)!)) : undefined;
    } else if (kind === 'securityGroupEvidence' || e.securityGroupId) {
      entityId = bag.add(groupEntity({ id: str(e.securityGroupId), name: str(e.displayName) }));
    }
    if (entityId) addRef(entities, roleOf(roles, isUser), entityId);
  }
  const alert = orderAlert({
    id, externalId: entry.externalId, type: entry.alertType ?? undefined, title, description: str(r.description),
    severity: severity.value, status: status.value, startTime: start, endTime: utcTime(r.lastActivityDateTime),
    statusUpdateTime: utcTime(r.lastUpdateDateTime), url: str(r.alertWebUrl), entities, relatedEntityIds: entities.map((e) => e.id),
  });
  const synthesised = ['externalId', ...(entry.alertType ? ['type'] : []), ...(statusOf(r.status) ? [] : ['status'])];
  return {
    alert: { alert, where, format: 'graph', synthesised, warnings: [...(severity.warning ? [severity.warning] : []), `externalId ${entry.externalId} found by the title`] },
    verdict: verdictOf(id, str(r.classification), str(r.determination), comments(r.comments), utcTime(r.lastUpdateDateTime)),
  };
}

/** attacker/source → source*, destination → destination computer, attacked/compromised → attacked account, else related. */
function roleOf(roles: string[], isUser: boolean): EntityRole {
  const has = (...names: string[]) => roles.some((r) => names.includes(r));
  if (has('attacker', 'source')) return isUser ? 'sourceUser' : 'sourceComputer';
  if (has('destination')) return isUser ? 'attackedAccount' : 'destinationComputer';
  if (has('attacked', 'compromised')) return isUser ? 'attackedAccount' : 'destinationComputer';
  return 'related';
}

function addRef(refs: AlertEntityRef[], role: EntityRole, id: string): void {
  if (!refs.some((r) => r.role === role && r.id === id)) refs.push({ role, id });
}

function comments(v: unknown): string | undefined {
  const texts = arr(v).map((c) => (typeof c === 'string' ? c : str(obj(c).comment))).filter((c): c is string => !!c);
  return texts.length ? texts.join('\n') : undefined;
}

function verdictOf(alertId: string, classification: string | undefined, determination: string | undefined, note: string | undefined, time: string | undefined): ImportedVerdict | undefined {
  const verdict = classification ? CLASSIFICATIONS[classification] : undefined;
  if (!verdict) return undefined;
  const known = determination && (DETERMINATIONS as readonly string[]).includes(determination) ? (determination as Determination) : undefined;
  const extra = determination && !known && determination !== 'unknown' ? `Graph determination: ${determination}` : undefined;
  const text = [note, extra].filter(Boolean).join('\n') || undefined;
  return { alertId, verdict, ...(known ? { determination: known } : {}), ...(text ? { note: text } : {}), ...(time ? { time } : {}) };
}

function legacyAlert({ record: r, where }: Located, bag: EntityBag): Mapped {
  const vendor = obj(r.vendorInformation);
  const provider = str(vendor.provider);
  if (!isDefenderForIdentity(provider)) return otherProduct(provider);
  const id = str(r.id);
  if (!isAlertId(id)) return `the alert id "${id ?? ''}" is not a GUID`;
  const title = str(r.title) ?? '';
  const category = str(r.category);
  let externalId: string | undefined;
  let type: string | undefined;
  const byType = category ? externalIdForType(category, `${title} ${str(r.description) ?? ''}`) : undefined;
  if (byType && 'externalId' in byType) [externalId, type] = [byType.externalId, category];
  else externalId = title ? catalogEntryForTitle(title)?.externalId : undefined;
  if (!externalId) return `neither the category "${category ?? ''}" nor the title "${title}" identifies an alert type of the catalog`;
  const start = utcTime(r.eventDateTime) ?? utcTime(r.createdDateTime);
  if (!start) return 'the alert has no eventDateTime';
  const severity = severityOf(r.severity);
  if (!severity) return `the severity "${String(r.severity)}" is not informational, low, medium or high`;
  const entities: AlertEntityRef[] = [];
  arr(r.hostStates).forEach((h, i) => {
    const host = obj(h);
    const e = computerEntity({ name: str(host.netBiosName) ?? str(host.fqdn), dnsName: str(host.fqdn), os: str(host.os), ip: str(host.privateIpAddress) });
    const hid = bag.add(e);
    if (hid) addRef(entities, i === 0 ? 'sourceComputer' : 'related', hid);
  });
  for (const u of arr(r.userStates)) {
    const user = obj(u);
    const uid = bag.add(userEntity({ name: str(user.accountName), domain: str(user.domainName), sid: str(user.onPremisesSecurityIdentifier), upn: str(user.userPrincipalName) }));
    if (uid) addRef(entities, 'sourceUser', uid);
  }
  const status = statusOf(r.status) ?? { value: 'Open' as const };
  const alert = orderAlert({
    id, externalId, type: type ? type.replace(/SuspiciousActivity$/, 'SecurityAlert') : undefined, title: title || category, description: str(r.description),
    severity: severity.value, status: status.value, startTime: start, endTime: utcTime(r.lastEventDateTime), statusUpdateTime: utcTime(r.lastModifiedDateTime),
    url: arr(r.sourceMaterials).map(String).find((u) => /^https?:\/\//i.test(u)), entities, relatedEntityIds: entities.map((e) => e.id),
  });
  const feedback = str(r.feedback);
  return {
    alert: { alert, where, format: 'graph', synthesised: statusOf(r.status) ? [] : ['status'], warnings: severity.warning ? [severity.warning] : [] },
    verdict: verdictOf(id, feedback, undefined, comments(r.comments), utcTime(r.lastModifiedDateTime)),
  };
}
