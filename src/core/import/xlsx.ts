/**
 * The alert report workbook (our export, and the portal's "Download Details" layout it follows) →
 * fixtures. The Related Entities sheet's JSON cells become entity and profile files as they are; the
 * alert comes from our export's "Alert Json" cell when it is there (exact round trip), else it is rebuilt
 * from the Summary, role sheets and activity sheets. Every refusal names the sheet and cell.
 */
import fs from 'node:fs';
import { catalog } from '../catalog';
import { DETERMINATIONS, PHASE_LABELS, VERDICTS, type AlertEntityRef, type UniqueEntity, type UniqueEntityProfile, type Verdict } from '../model';
import { parseJsonText } from '../json';
import { ROLE_SHEETS } from '../export/model';
import { catalogEntryForTitle, externalIdForType, idFromUrl, orderAlert, severityOf, statusOf, utcTime } from './mapping';
import { loadWorkbookCells } from './loadWorkbookCells';
import type { Grid, GridValue } from './workbookCells';
import { emptyResult, type ImportedVerdict, type ReaderResult } from './types';

export const MAX_WORKBOOK_BYTES = 128 * 1024 * 1024;

const columnName = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : columnName(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)));
const text = (v: GridValue | undefined): string | undefined => (v === null || v === undefined || v === '' ? undefined : v instanceof Date ? v.toISOString() : String(v));

/** A sheet's table: the header row (the first row holding `mustHave`) and the rows below it. */
function table(grid: Grid | undefined, mustHave: string[]) {
  if (!grid) return undefined;
  const h = grid.rows.findIndex((r) => mustHave.every((m) => r.some((c) => c === m)));
  if (h < 0) return undefined;
  const header = grid.rows[h]!.map((c) => (typeof c === 'string' ? c.trim() : ''));
  return {
    rows: grid.rows.slice(h + 1).map((cells, i) => ({ n: h + 2 + i, cells })).filter((r) => r.cells.some((c) => c !== null && c !== '')),
    get: (cells: GridValue[], name: string) => (header.indexOf(name) >= 0 ? cells[header.indexOf(name)] : undefined),
    cell: (n: number, name: string) => `${grid.name}!${columnName(Math.max(0, header.indexOf(name)))}${n}`,
    header,
  };
}

export async function readWorkbook(source: string | Buffer, file: string): Promise<ReaderResult> {
  const result = emptyResult();
  let grids: Grid[];
  try {
    const size = typeof source === 'string' ? fs.statSync(source).size : source.length;
    if (size > MAX_WORKBOOK_BYTES) throw new Error(`${Math.round(size / 1048576)} MB is more than an alert report workbook holds`);
    grids = await loadWorkbookCells().readGrids(typeof source === 'string' ? fs.readFileSync(source) : source);
  } catch (err) {
    result.skipped.push({ where: file, reason: (err as Error).message });
    return result;
  }
  const summary = table(grids.find((g) => g.name === 'Summary'), ['Title', 'Severity']);
  if (!summary && table(grids.find((g) => g.name === 'Reports'), ['Report File', 'Title'])) {
    // The index our batch export writes beside the reports: it lists them, it holds no alert.
    result.ignored.push({ where: file, reason: 'the index of an export (it lists the reports beside it; those are imported)' });
    return result;
  }
  if (!summary) {
    result.skipped.push({ where: file, reason: `not an alert report workbook (our export or the portal's Download Details): no Summary sheet with Title and Severity columns (sheets: ${grids.map((g) => g.name).join(', ') || 'none'})` });
    return result;
  }
  const at = (cell: string) => `${file}!${cell}`;

  // Related Entities: the portal's own JSON, kept as it is.
  const related = table(grids.find((g) => g.name === 'Related Entities'), ['Unique Entity Json']);
  const nameToId = new Map<string, string>();
  const relatedIds: string[] = [];
  for (const row of related?.rows ?? []) {
    for (const [column, kind] of [['Unique Entity Json', 'entity'], ['Unique Entity Profile Json', 'profile']] as const) {
      const raw = text(related!.get(row.cells, column));
      if (!raw) continue;
      const parsed = parseJsonText(raw);
      if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
        result.skipped.push({ where: at(related!.cell(row.n, column)), reason: `the cell is not a JSON object${parsed.ok ? '' : ` (${parsed.issue.message}; was the text cut at Excel's cell limit?)`}` });
        continue;
      }
      if (kind === 'entity') {
        const e = parsed.value as UniqueEntity;
        result.entities.push(e);
        if (typeof e.SystemDisplayName === 'string') nameToId.set(e.SystemDisplayName, e.Id);
        nameToId.set(String(e.Id), e.Id);
      } else result.profiles.push(parsed.value as UniqueEntityProfile);
    }
    const id = text(related!.get(row.cells, 'Id'));
    if (id) relatedIds.push(id);
  }

  for (const row of summary.rows) {
    const where = at(summary.cell(row.n, 'Title'));
    const own = text(summary.get(row.cells, 'Alert Json'));
    let alert: Record<string, unknown> | undefined;
    if (own) {
      const parsed = parseJsonText(own);
      if (parsed.ok && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) alert = parsed.value as Record<string, unknown>;
      else result.skipped.push({ where: at(summary.cell(row.n, 'Alert Json')), reason: 'the Alert Json cell is not a JSON object (cut at Excel\'s cell limit?); the alert is rebuilt from the sheets' });
    }
    const synthesised: string[] = [];
    if (!alert) {
      const rebuilt = rebuildAlert(summary.get.bind(null, row.cells), grids, nameToId, relatedIds, synthesised);
      if (typeof rebuilt === 'string') {
        result.skipped.push({ where, reason: rebuilt });
        continue;
      }
      alert = rebuilt;
    }
    result.alerts.push({ alert: alert as never, where, format: 'xlsx', synthesised, warnings: [] });
    const verdict = text(summary.get(row.cells, 'Verdict'));
    if (verdict && (VERDICTS as readonly string[]).includes(verdict)) {
      const v: ImportedVerdict = { alertId: String(alert.id), verdict: verdict as Verdict };
      const determination = text(summary.get(row.cells, 'Determination'));
      if (determination && (DETERMINATIONS as readonly string[]).includes(determination)) v.determination = determination as ImportedVerdict['determination'];
      const note = text(summary.get(row.cells, 'Verdict Note'));
      if (note) v.note = note;
      const time = text(summary.get(row.cells, 'Verdict Time (UTC)'));
      if (time) v.time = time;
      result.verdicts.push(v);
    }
  }
  return result;
}

/** The portal's layout: header fields from the Summary, roles from the role sheets, activities from theirs. */
function rebuildAlert(get: (name: string) => GridValue | undefined, grids: Grid[], nameToId: Map<string, string>, relatedIds: string[], synthesised: string[]): Record<string, unknown> | string {
  const title = text(get('Title'));
  const url = text(get('View in Browser'));
  const id = text(get('Alert Id')) ?? idFromUrl(url);
  if (!id) return 'the Summary has neither an Alert Id nor a link to the alert';
  let externalId = text(get('External Id'));
  const type = text(get('Alert Type'));
  if (!externalId) {
    const byType = type ? externalIdForType(type, title ?? '') : undefined;
    externalId = byType && 'externalId' in byType ? byType.externalId : title ? catalogEntryForTitle(title)?.externalId : undefined;
    if (!externalId) return `no External Id, and the title "${title ?? ''}" matches no alert name in the catalog`;
    synthesised.push('externalId');
  }
  const severity = severityOf(text(get('Severity')));
  const status = statusOf(text(get('Status')));
  if (!status) synthesised.push('status');
  const idOf = (name: string | undefined) => (name ? nameToId.get(name) ?? (/^computer \S+$/.test(name) ? name : undefined) : undefined);
  const entities: AlertEntityRef[] = [];
  const accessedResources: Record<string, unknown>[] = [];
  for (const [role, sheet] of Object.entries(ROLE_SHEETS)) {
    const t = table(grids.find((g) => g.name === sheet), ['Name']);
    for (const row of t?.rows ?? []) {
      const time = t!.get(row.cells, 'Time');
      if (role === 'accessedResource' && time !== undefined && time !== null) {
        // A listed resource (its own columns), not an entity in the role.
        const r: Record<string, unknown> = { time: utcTime(text(time)) };
        for (const k of ['Computer', 'Name', 'Details', 'Type', 'Service']) if (text(t!.get(row.cells, k))) r[k.toLowerCase()] = text(t!.get(row.cells, k));
        accessedResources.push(r);
        // The export lists an entity in this role on the resource's row when their names are the same.
        const same = [...nameToId].find(([n]) => n.toLowerCase() === String(r.name ?? '').toLowerCase());
        if (same && !entities.some((e) => e.role === role && e.id === same[1])) entities.push({ role, id: same[1] });
        continue;
      }
      const eid = idOf(text(t!.get(row.cells, 'Name')));
      if (eid && !entities.some((e) => e.role === role && e.id === eid)) entities.push({ role, id: eid });
    }
  }
  // The Summary shows the effective phase: keep it only where it overrides the catalog's.
  const label = text(get('Phase'));
  const phase = Object.entries(PHASE_LABELS).find(([, l]) => l === label)?.[0];
  const evidence = evidenceLines(grids, idOf);
  const networkActivities = activities(grids, 'Network Activities', idOf, true);
  const eventActivities = activities(grids, 'Event Activities', idOf, false);
  // The report lists entities of the role "related" only on the Related Entities sheet, beside every other
  // entity the alert mentions: those that no role sheet and no activity names are taken as "related".
  const named = new Set(entities.map((e) => e.id));
  for (const a of [...(networkActivities ?? []), ...(eventActivities ?? [])]) {
    for (const side of [a, a.source, a.destination] as ({ computerId?: unknown } | undefined)[]) if (typeof side?.computerId === 'string') named.add(side.computerId);
  }
  for (const id of relatedIds) if (!named.has(id)) entities.push({ role: 'related', id });
  return orderAlert({
    id, externalId, type, title, description: text(get('Description')), phase: phase && phase !== catalog.phaseOf(externalId) ? phase : undefined,
    severity: severity?.value, status: status?.value ?? 'Open',
    startTime: utcTime(text(get('Start Time (UTC)'))), endTime: utcTime(text(get('End Time (UTC)'))), statusUpdateTime: utcTime(text(get('Status Update Time (UTC)'))),
    url, evidence, entities, accessedResources, networkActivities, eventActivities,
    relatedEntityIds: relatedIds.length ? relatedIds : undefined,
  });
}

/**
 * The Evidence sheet: time, text and the entities each line names. The Entities cell lists display names
 * joined by ", " — a name may hold ", " itself ("Whitfield, Jonas"), so parts are joined until they name a
 * known entity; a name no entity of the report has is left out.
 */
function evidenceLines(grids: Grid[], idOf: (name: string | undefined) => string | undefined): Array<{ time?: string; text: string; entityIds?: string[] }> | undefined {
  const t = table(grids.find((g) => g.name === 'Evidence'), ['Time (UTC)', 'Evidence']);
  if (!t) return undefined;
  const lines = [];
  for (const { cells } of t.rows) {
    const line = text(t.get(cells, 'Evidence'));
    if (line === undefined) continue;
    const entityIds: string[] = [];
    const parts = (text(t.get(cells, 'Entities')) ?? '').split(', ');
    for (let start = 0; start < parts.length; start++) {
      for (let end = start; end < parts.length; end++) {
        const id = idOf(parts.slice(start, end + 1).join(', '));
        if (!id) continue;
        if (!entityIds.includes(id)) entityIds.push(id);
        start = end;
        break;
      }
    }
    const time = utcTime(text(t.get(cells, 'Time (UTC)')));
    lines.push({ ...(time ? { time } : {}), text: line, ...(entityIds.length ? { entityIds } : {}) });
  }
  return lines;
}

const NETWORK_FIXED = ['Time (UTC)', 'Source Ip Address', 'Source Port', 'Source Computer', 'Source Computer Certainty', 'Source Computer Resolution Method',
  'Destination Ip Address', 'Destination Port', 'Destination Computer', 'Destination Computer Certainty', 'Destination Computer Resolution Method', 'Protocol'];
const EVENT_FIXED = ['Time (UTC)', 'Computer', 'Provider', 'Event Id'];

/** `Record Type` → `recordType`: the export's column headers back to detail keys. */
const keyOf = (header: string) => header.replace(/^Details: /, '').split(/\s+/).map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w)).join('');

function activities(grids: Grid[], sheet: string, idOf: (name: string | undefined) => string | undefined, network: boolean): Record<string, unknown>[] | undefined {
  const t = table(grids.find((g) => g.name === sheet), ['Time (UTC)']);
  if (!t) return undefined;
  const fixed = network ? NETWORK_FIXED : EVENT_FIXED;
  return t.rows.map(({ cells }) => {
    const v = (name: string) => t.get(cells, name);
    const details: Record<string, unknown> = {};
    t.header.forEach((h, i) => {
      if (!h || fixed.includes(h) || cells[i] === null || cells[i] === undefined) return;
      if (h === 'Other Details') {
        const parsed = parseJsonText(String(cells[i]));
        if (parsed.ok && parsed.value && typeof parsed.value === 'object') Object.assign(details, parsed.value);
      } else details[keyOf(h)] = cells[i] instanceof Date ? (cells[i] as Date).toISOString() : cells[i];
    });
    const side = (prefix: string) => {
      const out: Record<string, unknown> = {};
      if (text(v(`${prefix} Ip Address`))) out.ip = text(v(`${prefix} Ip Address`));
      if (typeof v(`${prefix} Port`) === 'number') out.port = v(`${prefix} Port`);
      const cid = idOf(text(v(`${prefix} Computer`)));
      if (cid) out.computerId = cid;
      if (text(v(`${prefix} Computer Certainty`))) out.certainty = text(v(`${prefix} Computer Certainty`));
      const methods = text(v(`${prefix} Computer Resolution Method`));
      if (methods) out.resolutionMethods = methods.split(/,\s*/);
      return Object.keys(out).length ? out : undefined;
    };
    const base: Record<string, unknown> = { time: utcTime(text(v('Time (UTC)'))) };
    if (network) Object.assign(base, { protocol: text(v('Protocol')), source: side('Source'), destination: side('Destination') });
    else Object.assign(base, { computerId: idOf(text(v('Computer'))), provider: text(v('Provider')), eventId: typeof v('Event Id') === 'number' ? v('Event Id') : undefined });
    if (Object.keys(details).length) base.details = details;
    return JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  });
}
