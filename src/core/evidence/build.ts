/**
 * Builds the evidence panel's view model for one alert from the workspace index. Pure (no VS Code, no
 * I/O): the extension host, the benchmark and the unit tests all call this.
 */
import { catalog, effectivePhase } from '../catalog';
import { PHASE_LABELS, SEVERITIES, VERDICT_LABELS, isVerdict, type Alert, type Verdict } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import { type IndexedAlert, type WorkspaceIndex } from '../workspaceIndex';
import { entitiesByRole, idKey } from '../references';
import { type ActivityTable, DEFAULT_PAGE_SIZE, eventTable, networkTable, resourceTable } from './activities';
import { buildChain } from './chain';
import { MAX_LONG_TEXT, asArr, asObj, isHttpUrl, nonEmpty, text, timeMs } from './coerce';
import { entityCard, entityRef, roleLabel, type CardContext } from './entities';
import { linkMentions, mentionNames } from './mentions';
import { triage } from './triage';
import type { EntityGroupVm, EvidenceLineVm, EvidenceModel, HeaderVm, TableId, VerdictVm } from '../../shared/evidence';

export interface EvidenceBuild {
  model: EvidenceModel;
  /** Every row of every table, for the pages the webview asks for later. */
  tables: Map<TableId, ActivityTable>;
}

export interface BuildOptions {
  pageSize?: number;
  /** The panel's previous build: its tables are kept when they still show the same rows. */
  previous?: EvidenceBuild;
}

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** The time the alert's activity happened: what password expiry is compared with (never the clock). */
function activityTime(alert: Alert): number | undefined {
  return timeMs(alert.startTime) ?? timeMs(alert.endTime);
}

export function buildEvidence(index: WorkspaceIndex, alertId: string, verdicts: VerdictLookup, options: BuildOptions = {}): EvidenceBuild | undefined {
  const indexed = index.alertsById(alertId)[0];
  return indexed ? buildEvidenceFor(index, indexed, verdicts, options) : undefined;
}

function buildEvidenceFor(index: WorkspaceIndex, indexed: IndexedAlert, verdicts: VerdictLookup, options: BuildOptions = {}): EvidenceBuild {
  const alert = indexed.alert;
  const problems: string[] = [];
  const externalId = (text(alert.externalId, 40) ?? '').trim();
  const activityMs = activityTime(alert);
  if (activityMs === undefined) problems.push('The alert has no valid startTime (ISO 8601 UTC).');

  const kept = (id: TableId, make: () => ActivityTable): ActivityTable => {
    const old = options.previous?.tables.get(id);
    return old?.reusableFor(alert, index) ? old : make();
  };
  const tables = new Map<TableId, ActivityTable>([
    ['network', kept('network', () => networkTable(index, alert))],
    ['events', kept('events', () => eventTable(index, alert))],
    ['resources', kept('resources', () => resourceTable(alert))],
  ]);
  const network = tables.get('network')!;

  const ctx: CardContext = { index, verdicts, externalId, alertKey: idKey(alert.id), activityMs };
  const entityGroups: EntityGroupVm[] = [];
  for (const [role, ids] of entitiesByRole(alert)) {
    entityGroups.push({ role, label: roleLabel(role), cards: ids.map((id) => entityCard(ctx, id, role)) });
  }
  const unresolved = new Set<string>();
  for (const ref of indexed.references) if (!index.entity(ref.id)) unresolved.add(ref.id);
  if (unresolved.size) {
    const list = [...unresolved];
    problems.push(`${list.length} entity id${list.length === 1 ? '' : 's'} resolve${list.length === 1 ? 's' : ''} to no *.entity.json: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}.`);
  }

  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const model: EvidenceModel = {
    alertId: alert.id,
    fileName: baseName(indexed.file),
    header: header(alert, problems),
    description: text(alert.description, MAX_LONG_TEXT) ?? '',
    evidence: evidenceLines(index, alert),
    chain: buildChain(index, alert, activityMs),
    entityGroups,
    tables: [...tables.values()].map((t) => t.toVm(pageSize)),
    triage: triage({ index, verdicts, alert, externalId, activityMs, network: { total: network.total, lowCertainty: network.lowCertaintyCount } }),
    verdict: verdictVm(verdicts, alert.id),
    problems,
  };
  return { model, tables };
}

function header(alert: Alert, problems: string[]): HeaderVm {
  const externalId = (text(alert.externalId, 40) ?? '').trim();
  const phase = effectivePhase(alert);
  const severity = (SEVERITIES as readonly unknown[]).includes(alert.severity) ? (alert.severity as HeaderVm['severity']) : 'Unknown';
  const h: HeaderVm = {
    title: nonEmpty(alert.title) ?? '(untitled alert)',
    severity,
    status: text(alert.status, 40) ?? 'Unknown',
    externalId,
    phaseDerived: typeof alert.phase !== 'string' && !!phase,
    mitreTechniques: asArr(alert.mitreTechniques).map((t) => text(t, 40)).filter((t): t is string => !!t),
  };
  const alertType = nonEmpty(alert.type, 200);
  if (alertType) h.alertType = alertType;
  const typeName = catalog.get(externalId)?.name;
  if (typeName) h.typeName = typeName;
  if (phase) h.phase = PHASE_LABELS[phase];
  for (const key of ['startTime', 'endTime', 'statusUpdateTime'] as const) {
    const v = nonEmpty(alert[key], 60);
    if (v) h[key] = v;
  }
  if (alert.url !== undefined && alert.url !== null) {
    const url = typeof alert.url === 'string' ? alert.url.trim() : '';
    if (url && isHttpUrl(url)) h.url = url;
    else {
      h.urlProblem = 'The alert\'s "url" is not an http or https address, so no link is offered.';
      problems.push(h.urlProblem);
    }
  }
  return h;
}

function evidenceLines(index: WorkspaceIndex, alert: Alert): EvidenceLineVm[] {
  return asArr(alert.evidence).map((raw): EvidenceLineVm => {
    const e = asObj(raw);
    const lineText = text(e.text, MAX_LONG_TEXT) ?? '';
    const ids = asArr(e.entityIds).filter((id): id is string => typeof id === 'string' && id.trim().length > 0);
    const candidates = ids.map((id) => {
      const entity = index.entity(id)?.entity;
      return { entityId: id, names: entity ? mentionNames(entity) : [] };
    });
    const { segments, found } = linkMentions(lineText, candidates);
    const seen = new Set<string>();
    const otherEntities = ids
      .filter((id) => !found.has(id) && !seen.has(idKey(id)) && seen.add(idKey(id)))
      .map((id) => entityRef(index, id));
    const time = nonEmpty(e.time, 60);
    return time ? { time, segments, otherEntities } : { segments, otherEntities };
  });
}

function verdictVm(verdicts: VerdictLookup, alertId: string): VerdictVm {
  const r = verdicts.verdictOf(alertId);
  if (!r || !isVerdict(r.verdict)) return { label: 'Not classified', historyCount: 0 };
  const vm: VerdictVm = { verdict: r.verdict, label: VERDICT_LABELS[r.verdict as Verdict], historyCount: Array.isArray(r.history) ? r.history.length : 0 };
  const determination = nonEmpty(r.determination, 100);
  if (determination) vm.determination = determination;
  const note = nonEmpty(r.note, 2000);
  if (note) vm.note = note;
  const author = nonEmpty(r.author, 200);
  if (author) vm.author = author;
  const time = nonEmpty(r.time, 60);
  if (time) vm.time = time;
  return vm;
}
