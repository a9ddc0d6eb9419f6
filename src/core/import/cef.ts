/**
 * Defender for Identity and ATA CEF syslog → fixtures, one line at a time (a 200 MB file is never held in
 * memory: only the alerts seen so far are, one message each). Several lines of one alert (`cs2Label=trigger`
 * new, then update) share the link's alert id and merge into one fixture; health alerts are counted and skipped.
 */
import { catalog } from '../catalog';
import type { AlertEntityRef, EntityRole, NetworkActivity, Severity } from '../model';
import { parseCefLine, type CefEvent } from './cefTokenizer';
import { EntityBag, computerEntity, isIpAddress, ipEntity, userEntity, uuidV5 } from './entities';
import { cleanUrl, externalIdForType, idFromUrl, isAlertId, normaliseType, orderAlert, severityOf, utcTime } from './mapping';
import { emptyResult, type ImportedAlert, type ReaderResult } from './types';
import { lookupTable } from '../../shared/lookupTable';

/** From this day MDI sends 2008 for over-pass-the-hash and 2010 for Skeleton Key (ATA and older MDI: 2010, 2011). */
const ID_RENUMBERING = '2018-12-17';
const LEGACY_IDS: Record<string, string> = lookupTable({ '2010': '2008', '2011': '2010' });

/** Which role `suser` plays, per external ID; everywhere else the user is the source. */
const USER_ROLES: Record<string, EntityRole> = lookupTable({ '2003': 'attackedAccount', '2004': 'attackedAccount', '2023': 'attackedAccount', '2014': 'related' });

/** Entity facts repeat on most lines of a stream; each distinct set is turned into an entity once (bounded). */
const ENTITY_MEMO_LIMIT = 100_000;

export class CefReader {
  private readonly result: ReaderResult = emptyResult();
  private readonly alerts = new Map<string, ImportedAlert>();
  private readonly entities = new EntityBag();
  /**
   * Per kind, name, then the other facts (NUL-joined, empty when there are none) → the id the bag holds for
   * them, their facts already merged. Keyed by the name first: hashing the short name a line already holds
   * costs less than building and hashing one joined key per line.
   */
  private readonly entityIds: Record<'c' | 'i' | 'u', Map<string, Map<string, string | undefined>>> = { c: new Map(), i: new Map(), u: new Map() };
  private entityIdCount = 0;
  lines = 0;

  constructor(private readonly file: string) {}

  /** Takes one line (1-based `lineNo`); blank lines are ignored. */
  line(text: string, lineNo: number): void {
    this.lines++;
    if (!/\S/.test(text)) return;
    if (text.includes('\u0000')) return this.skip(lineNo, 'the line holds binary data (NUL bytes)');
    const parsed = parseCefLine(text);
    if (!parsed.ok) return this.skip(lineNo, parsed.reason);
    const e = parsed.event;
    const custom = customFields(e.extension);
    const url = cleanUrl(custom.url);
    if (/MonitoringAlert$/i.test(e.signatureId) || /\/monitoring\/?$/i.test(url ?? '')) {
      this.result.health++;
      return;
    }
    const facts = lineFacts(e, url);
    if (typeof facts === 'string') return this.skip(lineNo, facts);
    const { refs, source } = this.lineEntities(e.extension, custom, facts.externalId);
    const known = this.alerts.get(facts.id);
    // A later line of a known alert is merged field by field: no alert is built only to be merged and dropped.
    if (known) mergeLine(known, e, facts, refs, source);
    else this.alerts.set(facts.id, { alert: newAlert(e, url, facts, refs, source), where: `${this.file}:${lineNo}`, format: 'cef', synthesised: facts.synthesised, warnings: facts.warnings });
  }

  finish(): ReaderResult {
    for (const a of this.alerts.values()) a.alert = orderAlert(a.alert);
    this.result.alerts = [...this.alerts.values()];
    this.result.entities = this.entities.values();
    return this.result;
  }

  /**
   * The id of a computer (`c`: name, DNS name, IP), an IP-only computer (`i`) or a user (`u`: name) added to
   * the bag. The same facts give the same entity, and the bag already holds them, so they are built once.
   */
  private entity(kind: 'c' | 'i' | 'u', name: string | undefined, dnsName?: string, ip?: string): string | undefined {
    const first = name ?? '';
    const rest = dnsName === undefined && ip === undefined ? '' : `${dnsName ?? ''}\u0000${ip ?? '\u0001'}`;
    const byName = this.entityIds[kind];
    let byRest = byName.get(first);
    if (byRest?.has(rest)) return byRest.get(rest);
    const e = kind === 'c' ? computerEntity({ name, dnsName, ip }) : kind === 'i' ? ipEntity(name!) : userEntity({ name });
    const id = this.entities.add(e);
    if (this.entityIdCount >= ENTITY_MEMO_LIMIT) {
      for (const m of Object.values(this.entityIds)) m.clear();
      this.entityIdCount = 0;
      byRest = undefined;
    }
    if (!byRest) byName.set(first, (byRest = new Map()));
    byRest.set(rest, id);
    this.entityIdCount++;
    return id;
  }

  private skip(lineNo: number, reason: string): void {
    this.result.skipped.push({ where: `${this.file}:${lineNo}`, reason });
  }

  /** The line's entities, in role order, each added to the bag; `source` is the source computer's id. */
  private lineEntities(x: Record<string, string>, custom: Record<string, string>, externalId: string): { refs: AlertEntityRef[]; source: string | undefined } {
    const refs: AlertEntityRef[] = [];
    const add = (role: EntityRole, entityId: string | undefined) => {
      if (entityId && !refs.some((r) => r.role === role && r.id === entityId)) refs.push({ role, id: entityId });
    };
    const source = x.shost ? this.entity('c', x.shost, custom.shostfqdn ?? x.shostfqdn, x.src) : x.src ? this.entity('i', x.src) : undefined;
    add('sourceComputer', source);
    add(USER_ROLES[externalId] ?? 'sourceUser', x.suser === undefined ? undefined : this.entity('u', x.suser));
    add('destinationComputer', x.dhost ? this.entity('c', x.dhost, undefined, x.dst) : x.dst && isIpAddress(x.dst) ? this.entity('i', x.dst) : undefined);
    add('attackedAccount', x.duser === undefined ? undefined : this.entity('u', x.duser));
    if (custom.ticketSourceComputer || custom.ticketSourceComputerIpAddress) {
      add('related', this.entity('c', custom.ticketSourceComputer, undefined, custom.ticketSourceComputerIpAddress));
    }
    return { refs, source };
  }
}

/** What one line says about its alert, checked: a string is the reason the line is refused. */
interface LineFacts {
  id: string;
  externalId: string;
  type: string;
  startTime: string;
  severity: Severity;
  synthesised: string[];
  warnings: string[];
}

function lineFacts(e: CefEvent, url: string | undefined): LineFacts | string {
  const x = e.extension;
  const type = normaliseType(e.signatureId);
  const startTime = utcTime(x.start) ?? utcTime(x.rt);
  if (!startTime) return x.start ? `the start time "${x.start}" is not a time` : 'the line has no start time (start=): is it cut short?';
  const synthesised: string[] = ['status'];
  const warnings: string[] = [];
  let externalId = x.externalId?.trim();
  if (externalId && !/^\d{3,5}$/.test(externalId)) return `externalId "${externalId}" is not an external ID (3 to 5 digits)`;
  if (externalId) {
    const legacy = /^ATA$/i.test(e.product) || startTime < ID_RENUMBERING;
    if (legacy && LEGACY_IDS[externalId] && catalog.get(LEGACY_IDS[externalId]!)?.alertType === type) {
      warnings.push(`external ID ${externalId} of ${e.product} before ${ID_RENUMBERING} is ${LEGACY_IDS[externalId]} today`);
      externalId = LEGACY_IDS[externalId];
    }
  } else {
    const found = externalIdForType(type, `${e.name} ${x.msg ?? ''}`);
    if (!found) return `no externalId, and the type ${e.signatureId} is not in the alert catalog`;
    if ('ambiguous' in found) return `no externalId, and the type ${e.signatureId} may be any of ${found.ambiguous.join(', ')}: the title and message do not say which`;
    externalId = found.externalId;
    synthesised.push('externalId');
    warnings.push(`externalId ${externalId} taken from the type ${e.signatureId}`);
  }
  let id = idFromUrl(url);
  if (id !== undefined && !isAlertId(id)) return `the alert id "${id}" in the link is not a GUID or ATA ObjectId`;
  if (!id) {
    id = uuidV5(`cef:${e.product}|${e.signatureId}|${startTime}|${x.shost ?? ''}|${x.suser ?? ''}`);
    synthesised.push('id');
  }
  const severity = severityOf(e.severity);
  if (!severity) return `the severity "${e.severity}" is neither 0–10 nor Low/Medium/High`;
  return { id, externalId: externalId!, type, startTime, severity: severity.value, synthesised, warnings };
}

/** The alert of its first line. */
function newAlert(e: CefEvent, url: string | undefined, f: LineFacts, refs: AlertEntityRef[], source: string | undefined): ImportedAlert['alert'] {
  const x = e.extension;
  return {
    id: f.id, externalId: f.externalId, type: f.type, title: e.name, description: x.msg, severity: f.severity, status: 'Open', startTime: f.startTime, url,
    evidence: x.msg ? evidenceOf(x.msg, f, refs) : [],
    entities: refs,
    networkActivities: networkActivity(x, f.startTime, source),
    relatedEntityIds: refs.map((r) => r.id),
  };
}

/** A line's message as the alert's one evidence line, citing the line's entities. */
function evidenceOf(msg: string, f: LineFacts, refs: AlertEntityRef[]): NonNullable<ImportedAlert['alert']['evidence']> {
  return [{ time: f.startTime, text: msg, entityIds: refs.map((r) => r.id) }];
}

const CUSTOM_FIELDS = [1, 2, 3, 4, 5, 6].map((n) => [`cs${n}Label`, `cs${n}`] as const);

/** `cs1Label=url cs1=…` → `{ url: … }`. */
function customFields(x: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [labelKey, valueKey] of CUSTOM_FIELDS) {
    const label = x[labelKey];
    if (label && x[valueKey] !== undefined) out[label] = x[valueKey]!;
  }
  return out;
}

/** DNS reconnaissance and the like: the protocol, query and counts CEF carries, as one activity. */
function networkActivity(x: Record<string, string>, time: string, sourceId: string | undefined): NetworkActivity[] {
  if (!x.app && !x.request) return [];
  const details: Record<string, unknown> = {};
  if (x.request) details.query = x.request;
  if (x.requestMethod) details.recordType = x.requestMethod;
  if (x.reason ?? x.outcome) details.responseCode = x.reason ?? x.outcome;
  if (x.cnt && /^\d+$/.test(x.cnt)) details.count = Number(x.cnt);
  const a: NetworkActivity = { time };
  if (x.app) a.protocol = x.app;
  if (sourceId || x.src) a.source = { ...(x.src ? { ip: x.src } : {}), ...(sourceId ? { computerId: sourceId } : {}) };
  if (x.dst) a.destination = { ip: x.dst };
  if (Object.keys(details).length) a.details = details;
  return [a];
}

/** A later line of the same alert: its message and title win, entities are unioned. */
function mergeLine(into: ImportedAlert, e: CefEvent, f: LineFacts, refs: AlertEntityRef[], source: string | undefined): void {
  const a = into.alert;
  const x = e.extension;
  if (f.startTime < a.startTime) a.startTime = f.startTime;
  a.title = e.name;
  a.severity = f.severity;
  // The latest message wins, as the description and as the evidence line: MDI's update restates the alert.
  if (x.msg) {
    a.description = x.msg;
    a.evidence = evidenceOf(x.msg, f, refs);
  }
  for (const r of refs) if (!a.entities!.some((o) => o.role === r.role && o.id === r.id)) a.entities!.push(r);
  for (const r of refs) if (!a.relatedEntityIds!.includes(r.id)) a.relatedEntityIds!.push(r.id);
  if (!a.networkActivities?.length) a.networkActivities = networkActivity(x, f.startTime, source);
  for (const w of f.warnings) if (!into.warnings.includes(w)) into.warnings.push(w);
}
