/**
 * The alert report workbook — the portal's "Download Details" file — as a pure model: which sheets,
 * which columns, which cells, built from an alert, the entities and profiles it references, and our
 * verdict. No spreadsheet library here (see writer.ts); fixture content is untrusted and may have any
 * shape, so every field is read defensively and nothing here throws for bad data.
 */
import { effectivePhase } from '../catalog';
import { KNOWN_ROLES, PHASE_LABELS, type Alert, type UniqueEntity, type UniqueEntityProfile } from '../model';
import type { VerdictLookup, VerdictRecord } from '../verdicts/lookup';
import { collectReferences, entitiesByRole, idKey } from '../references';
import {
  CREATOR, PRODUCT_BANNER, headerOf, numberOf, textOf,
  type Cell, type CellMark, type Column, type ColumnKind, type SheetModel, type WorkbookModel,
} from './cells';
import { formatUtc, parseIsoTime } from './time';
import { isRecord } from '../../shared/text';
import { lookupTable } from '../../shared/lookupTable';

export * from './cells';

/** What the report needs from the workspace index (a `WorkspaceIndex` fits). */
export interface EntitySource {
  entity(id: string): { file: string; entity: UniqueEntity } | undefined;
  profile(entityId: string): { file: string; profile: UniqueEntityProfile } | undefined;
}

export interface AlertReportInput {
  alert: Alert;
  /** The alert's fixture file (named in notes of cut cells). */
  file?: string;
  entities: EntitySource;
  verdicts: VerdictLookup;
  /** When the report is made (tests pin it). */
  now?: Date;
}

/** Sheet names of the portal's report, per entity role. */
export const ROLE_SHEETS: Record<string, string> = lookupTable({
  sourceComputer: 'Source Computer',
  sourceUser: 'Source User',
  destinationComputer: 'Destination Computer',
  domainController: 'Domain Controllers',
  accessedResource: 'Accessed Resources',
  attackedAccount: 'Attacked Accounts',
  dnsServer: 'DNS Servers',
});

export const SUMMARY_COLUMNS: Column[] = [
  col('Title', 'text', 40), col('Description', 'long', 60), col('Start Time (UTC)', 'time', 24), col('End Time (UTC)', 'time', 24),
  col('Severity', 'text', 10), col('Status', 'text', 11), col('Status Update Time (UTC)', 'time', 24), col('View in Browser', 'link', 40),
  col('Alert Id', 'text', 38), col('External Id', 'text', 11), col('Alert Type', 'text', 30), col('Phase', 'text', 22),
  col('Verdict', 'text', 10), col('Determination', 'text', 22), col('Verdict Note', 'long', 50), col('Verdict By', 'text', 30),
  col('Verdict Time (UTC)', 'time', 24), col('Verdict History', 'long', 70),
];
export const EVIDENCE_COLUMNS: Column[] = [col('Time (UTC)', 'time', 24), col('Evidence', 'long', 90), col('Entities', 'long', 40)];
export const ENTITY_COLUMNS: Column[] = [col('Name', 'text', 30), col('Details', 'long', 50), col('Type', 'text', 12), col('SamName', 'text', 22)];
export const ACCESSED_RESOURCE_COLUMNS: Column[] = [
  col('Time', 'time', 24), col('Computer', 'text', 24), col('Name', 'text', 30), col('Details', 'long', 40), col('Type', 'text', 14), col('Service', 'text', 14),
];
export const NETWORK_COLUMNS: Column[] = [
  col('Time (UTC)', 'time', 24), col('Source Ip Address', 'text', 16), col('Source Port', 'number', 11), col('Source Computer', 'text', 22),
  col('Source Computer Certainty', 'text', 12), col('Source Computer Resolution Method', 'text', 22), col('Destination Ip Address', 'text', 16),
  col('Destination Port', 'number', 11), col('Destination Computer', 'text', 22), col('Destination Computer Certainty', 'text', 12),
  col('Destination Computer Resolution Method', 'text', 22), col('Protocol', 'text', 12),
];
export const EVENT_COLUMNS: Column[] = [col('Time (UTC)', 'time', 24), col('Computer', 'text', 22), col('Provider', 'text', 36), col('Event Id', 'number', 10)];
export const RELATED_COLUMNS: Column[] = [
  // The JSON columns are for copying into a file, not for reading: one line each, so the sheet prints a row per entity.
  col('Id', 'text', 38), col('Type', 'text', 12), col('Name', 'text', 30), col('Unique Entity Json', 'text', 60), col('Unique Entity Profile Json', 'text', 60),
];

/** At most this many columns come from the keys of activities' `details`; the rest share one JSON column. */
export const MAX_DETAIL_COLUMNS = 24;

const SEVERITY_MARKS: Record<string, CellMark> = lookupTable({ High: 'severity-high', Medium: 'severity-medium', Low: 'severity-low' });

/** Builds the report workbook of one alert. */
export function buildAlertReport(input: AlertReportInput): WorkbookModel {
  const { alert } = input;
  const title = textOf(alert.title) || textOf(alert.id) || 'Alert';
  const names = new EntityNames(input.entities);
  const sheets: SheetModel[] = [summarySheet(input, title)];
  const evidence = arrayOf(alert.evidence);
  if (evidence.length) sheets.push(evidenceSheet(evidence, title, names));
  const byRole = entitiesByRole(alert);
  const resources = accessedResourcesSheet(alert, title, byRole.get('accessedResource') ?? [], names);
  // Related entities get their own last sheet; accessed resources have their own columns.
  const roles = [...byRole.keys()].filter((r) => r !== 'related' && r !== 'accessedResource');
  if (resources) roles.push('accessedResource');
  roles.sort((a, b) => roleRank(a) - roleRank(b));
  for (const role of roles) {
    sheets.push(role === 'accessedResource' && resources ? resources : entitySheet(ROLE_SHEETS[role] ?? headerOf(role), title, byRole.get(role)!, names));
  }
  const network = arrayOf(alert.networkActivities);
  if (network.length) sheets.push(networkSheet(network, title, names));
  const events = arrayOf(alert.eventActivities);
  if (events.length) sheets.push(eventSheet(events, title, names));
  sheets.push(relatedSheet(alert, title, input.entities));
  return {
    banner: PRODUCT_BANNER,
    title: `${title} — alert report`,
    subject: `Alert ${textOf(alert.id) ?? ''} (external ID ${textOf(alert.externalId) ?? '?'}), made by ${CREATOR}`,
    created: input.now ?? new Date(),
    source: input.file,
    sheets,
  };
}

function summarySheet(input: AlertReportInput, title: string): SheetModel {
  const { alert } = input;
  const verdict = typeof alert.id === 'string' ? safeVerdict(input.verdicts, alert.id) : undefined;
  const severity = textOf(alert.severity);
  const url = textOf(alert.url);
  const phase = effectivePhase(alert);
  const row: Cell[] = [
    title,
    textOf(alert.description),
    timeCell(alert.startTime),
    timeCell(alert.endTime),
    severity && SEVERITY_MARKS[severity] ? { kind: 'marked', value: severity, mark: SEVERITY_MARKS[severity]! } : severity,
    textOf(alert.status),
    timeCell(alert.statusUpdateTime),
    url ? { kind: 'link', text: url, url } : null,
    textOf(alert.id),
    textOf(alert.externalId),
    textOf(alert.type),
    phase ? PHASE_LABELS[phase] : null,
    verdict ? verdict.verdict : null,
    verdict ? textOf(verdict.determination) : null,
    verdict ? textOf(verdict.note) : null,
    verdict ? textOf(verdict.author) : null,
    verdict ? timeCell(verdict.time) : null,
    verdict ? historyText(verdict) : null,
  ];
  const made = formatUtc(input.now ?? new Date());
  return fixedSheet('Summary', title, `Alert summary, exported ${made} by ${CREATOR}; times in UTC.`, SUMMARY_COLUMNS, [row]);
}

/** A verdict lookup is another feature's code: a failure there must not stop the export. */
function safeVerdict(verdicts: VerdictLookup, alertId: string): VerdictRecord | undefined {
  try {
    return verdicts.verdictOf(alertId);
  } catch {
    return undefined;
  }
}

/** Earlier verdicts, oldest first, one line each. */
function historyText(record: VerdictRecord): string | null {
  const history = arrayOf(record.history);
  if (!history.length) return null;
  return history.map((h) => {
    const e = objectOf(h);
    const what = [textOf(e.verdict), e.determination ? `(${textOf(e.determination)})` : ''].filter(Boolean).join(' ');
    return [formatUtc(e.time), what, textOf(e.author), textOf(e.note)].filter(Boolean).join(' · ');
  }).join('\n');
}

/** The alert's evidence lines as the portal lists them under the description: time, text, and the entities each names. */
function evidenceSheet(lines: unknown[], title: string, names: EntityNames): SheetModel {
  const rows = lines.map((raw): Cell[] => {
    const line = objectOf(raw);
    const entityNames = arrayOf(line.entityIds).map((id) => names.name(id)).filter((n): n is string => !!n);
    return [timeCell(line.time), textOf(line.text), entityNames.length ? entityNames.join(', ') : null];
  });
  const caption = `${rows.length} evidence ${rows.length === 1 ? 'line' : 'lines'}; times in UTC.`;
  return fixedSheet('Evidence', title, caption, EVIDENCE_COLUMNS, rows);
}

function entitySheet(name: string, title: string, ids: string[], names: EntityNames): SheetModel {
  const rows = ids.map((id) => entityRow(id, names));
  const caption = `${rows.length} ${rows.length === 1 ? 'entity' : 'entities'} in the role "${name}".`;
  return fixedSheet(name, title, caption, ENTITY_COLUMNS, rows);
}

function entityRow(id: string, names: EntityNames): Cell[] {
  const e = names.entity(id);
  if (!e) return [id, 'Not found in the workspace (no Unique Entity Json with this Id).', null, null];
  return [textOf(e.SystemDisplayName) ?? id, entityDetails(e), textOf(e.$type), textOf(e.SamName)];
}

/** The one-line description of an entity the portal shows beside its name. */
export function entityDetails(e: UniqueEntity): string | null {
  const flag = (on: unknown, label: string) => (on === true ? label : null);
  let parts: (string | null)[];
  switch (e.$type) {
    case 'Computer':
      parts = [textOf(e.DnsName), textOf(e.OperatingSystemDisplayName), flag(e.IsDomainController, 'Domain controller')];
      break;
    case 'User':
      parts = [textOf(e.UpnName), textOf(e.Department), flag(e.IsDisabled, 'Disabled'), flag(e.IsHoneytoken, 'Honeytoken'), flag(e.IsSensitive, 'Sensitive')];
      break;
    case 'Group':
      parts = [textOf(e.DistinguishedName), Array.isArray(e.GroupType) ? e.GroupType.map(textOf).join(', ') : textOf(e.GroupType)];
      break;
    default:
      parts = [textOf(e.DistinguishedName) ?? textOf(e.DnsName)];
  }
  const text = parts.filter((p): p is string => !!p).join(' · ');
  return text || null;
}

function accessedResourcesSheet(alert: Alert, title: string, roleIds: string[], names: EntityNames): SheetModel | undefined {
  const listed = arrayOf(alert.accessedResources).map((r): Cell[] => {
    const o = objectOf(r);
    return [timeCell(o.time), textOf(o.computer), textOf(o.name), textOf(o.details), textOf(o.type), textOf(o.service)];
  });
  // Entities in the accessedResource role that the list does not already name.
  const listedNames = new Set(listed.map((r) => String(r[2] ?? '').toLowerCase()));
  for (const id of roleIds) {
    const e = names.entity(id);
    const name = e ? textOf(e.SystemDisplayName) ?? id : id;
    if (listedNames.has(name.toLowerCase())) continue;
    listed.push([null, null, name, e ? entityDetails(e) : 'Not found in the workspace.', e ? textOf(e.$type) : null, null]);
  }
  if (!listed.length) return undefined;
  return fixedSheet('Accessed Resources', title, `${listed.length} accessed ${listed.length === 1 ? 'resource' : 'resources'}; times in UTC.`, ACCESSED_RESOURCE_COLUMNS, listed);
}

function networkSheet(activities: unknown[], title: string, names: EntityNames): SheetModel {
  const details = detailColumns(activities);
  const columns = [...NETWORK_COLUMNS, ...details.columns];
  const side = (a: Record<string, unknown>, which: 'source' | 'destination'): Cell[] => {
    const s = objectOf(a[which]);
    return [textOf(s.ip), numberOf(s.port), names.name(s.computerId), textOf(s.certainty), methodsOf(s.resolutionMethods)];
  };
  return {
    name: 'Network Activities',
    title,
    caption: `${activities.length} network ${activities.length === 1 ? 'activity' : 'activities'}; times in UTC; computers resolved by Network Name Resolution with the certainty and methods shown.`,
    columns,
    rowCount: activities.length,
    *rows() {
      for (const raw of activities) {
        const a = objectOf(raw);
        yield [timeCell(a.time), ...side(a, 'source'), ...side(a, 'destination'), textOf(a.protocol), ...details.cells(a.details)];
      }
    },
  };
}

function eventSheet(activities: unknown[], title: string, names: EntityNames): SheetModel {
  const details = detailColumns(activities);
  return {
    name: 'Event Activities',
    title,
    caption: `${activities.length} event ${activities.length === 1 ? 'activity' : 'activities'}; times in UTC.`,
    columns: [...EVENT_COLUMNS, ...details.columns],
    rowCount: activities.length,
    *rows() {
      for (const raw of activities) {
        const a = objectOf(raw);
        yield [timeCell(a.time), names.name(a.computerId), textOf(a.provider), numberOf(a.eventId), ...details.cells(a.details)];
      }
    },
  };
}

/** Every entity the alert references (roles first, then evidence, activities, related), once each. */
function relatedSheet(alert: Alert, title: string, source: EntitySource): SheetModel {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const ref of collectReferences(alert)) {
    const key = idKey(ref.id);
    if (seen.has(key)) continue;
    seen.add(key);
    ids.push(ref.id);
  }
  return {
    name: 'Related Entities',
    title,
    caption: `${ids.length} related ${ids.length === 1 ? 'entity' : 'entities'}, with their Unique Entity Json and Unique Entity Profile Json as text.`,
    columns: RELATED_COLUMNS,
    rowCount: ids.length,
    *rows() {
      for (const id of ids) {
        const e = safeLookup(() => source.entity(id));
        const p = safeLookup(() => source.profile(id));
        yield [
          textOf(e?.entity.Id) ?? id,
          textOf(e?.entity.$type),
          textOf(e?.entity.SystemDisplayName),
          e ? { kind: 'sourced', text: jsonText(e.entity), source: e.file } : null,
          p ? { kind: 'sourced', text: jsonText(p.profile), source: p.file } : null,
        ];
      }
    },
  };
}

/** Columns for the keys found in activities' `details`, in first-seen order; extra keys share one JSON column. */
function detailColumns(activities: unknown[]): { columns: Column[]; cells(details: unknown): Cell[] } {
  const keys: string[] = [];
  const seen = new Set<string>();
  let overflow = false;
  for (const a of activities) {
    for (const key of Object.keys(objectOf(objectOf(a).details))) {
      if (seen.has(key)) continue;
      if (keys.length < MAX_DETAIL_COLUMNS) {
        seen.add(key);
        keys.push(key);
      } else overflow = true;
    }
  }
  const taken = new Set(NETWORK_COLUMNS.map((c) => c.header.toLowerCase()));
  const columns = keys.map((k) => {
    let header = headerOf(k);
    if (taken.has(header.toLowerCase())) header = `Details: ${header}`;
    taken.add(header.toLowerCase());
    return col(header, 'text', 18);
  });
  if (overflow) columns.push(col('Other Details', 'long', 40));
  return {
    columns,
    cells(details) {
      const d = objectOf(details);
      const cells: Cell[] = keys.map((k) => detailCell(d[k]));
      if (overflow) {
        const rest: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(d)) if (!seen.has(k)) rest[k] = v;
        cells.push(Object.keys(rest).length ? jsonText(rest) : null);
      }
      return cells;
    },
  };
}

function detailCell(value: unknown): Cell {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value;
  return textOf(value);
}

/** Entity names for activity rows, looked up once per id (an alert can name one computer 100 000 times). */
class EntityNames {
  private readonly cache = new Map<string, UniqueEntity | null>();
  constructor(private readonly source: EntitySource) {}

  entity(id: string): UniqueEntity | undefined {
    const key = idKey(id);
    let e = this.cache.get(key);
    if (e === undefined) {
      e = safeLookup(() => this.source.entity(id))?.entity ?? null;
      this.cache.set(key, e);
    }
    return e ?? undefined;
  }

  /** The display name of an entity id, or the id itself when no entity file has it (`computer 10.1.2.7`). */
  name(id: unknown): string | null {
    if (typeof id !== 'string' || !id) return textOf(id);
    return textOf(this.entity(id)?.SystemDisplayName) ?? id;
  }
}

function safeLookup<T>(f: () => T | undefined): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function fixedSheet(name: string, title: string, caption: string, columns: Column[], rows: Cell[][]): SheetModel {
  return { name, title, caption, columns, rowCount: rows.length, rows: () => rows };
}

function col(header: string, kind: ColumnKind, width: number): Column {
  return { header, kind, width };
}

/** An ISO time becomes a date cell; anything else is kept as the text it is. */
function timeCell(value: unknown): Cell {
  return parseIsoTime(value) ?? textOf(value);
}

function methodsOf(value: unknown): string | null {
  return Array.isArray(value) ? value.map((m) => textOf(m) ?? '').filter(Boolean).join(', ') || null : textOf(value);
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

const ROLE_ORDER: readonly string[] = KNOWN_ROLES;
function roleRank(role: string | undefined): number {
  const i = role === undefined ? -1 : ROLE_ORDER.indexOf(role);
  return i < 0 ? ROLE_ORDER.length : i;
}
