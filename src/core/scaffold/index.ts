/**
 * The scaffolder: a valid, realistic fixture of any catalog alert type in one step. Finds the type's
 * template, fills its entity slots with workspace entities the user chose or with new pseudonymous ones,
 * and plans the files (alert, new entities and their profiles) next to the workspace's own.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { catalog, type CatalogEntry } from '../catalog';
import type { Severity, UniqueEntity } from '../model';
import type { EntityRecord } from '../loader';
import type { WorkspaceIndex } from '../workspaceIndex';
import { buildAlerts, type BuiltAlert } from './build';
import { domainFacts, type NewEntity } from './entities';
import { chooseLayout, FilePlanner, writePlannedFiles, type PlannedFile } from './files';
import { namesFor, type NameSource } from './names';
import { TEMPLATES, templateFor } from './templates';
import type { AlertTemplate, SlotSpec } from './types';

export { TEMPLATES, templateFor };
export type { AlertTemplate, SlotSpec };

export class ScaffoldError extends Error {}

/** Finds a type by external ID, catalog name, internal type name or file slug (case-insensitive). */
export function findAlertType(query: string): CatalogEntry {
  const q = query.trim().toLowerCase();
  const entries = catalog.entries();
  const exact = entries.filter((e) => e.externalId === q || e.name.toLowerCase() === q || templateFor(e.externalId)?.slug === q);
  if (exact.length === 1) return exact[0]!;
  const byType = entries.filter((e) => e.alertType?.toLowerCase() === q);
  const partial = byType.length ? byType : entries.filter((e) => e.name.toLowerCase().includes(q) || templateFor(e.externalId)?.slug.includes(q));
  if (partial.length === 1) return partial[0]!;
  const list = (xs: CatalogEntry[]) => xs.slice(0, 8).map((e) => `${e.externalId} ${e.name}`).join('; ');
  if (!partial.length) throw new ScaffoldError(`No alert type matches "${query}". Give an external ID such as 2007, or part of a name such as "DCSync".`);
  throw new ScaffoldError(`"${query}" matches ${partial.length} alert types: ${list(partial)}${partial.length > 8 ? '; …' : ''}. Give the external ID.`);
}

export const randomSeed = (): string => randomBytes(4).toString('hex');

export interface ScaffoldRequest {
  externalId: string;
  /** Workspace folder the files go into. */
  root: string;
  seed: string;
  count?: number;
  startTime?: Date;
  severity?: Severity;
  /** Workspace entity ids per slot key (e.g. { sourceUser: ['…'] }); other slots get new entities. */
  chosen?: Record<string, string[]>;
}

export interface ScaffoldPlan {
  template: AlertTemplate;
  alerts: BuiltAlert[];
  files: PlannedFile[];
  /** The alert files of `files`, in order. */
  alertFiles: string[];
}

const entitiesOf = (index: WorkspaceIndex) => index.entities().map((r) => r.entity);

/** Checks the chosen ids: each must resolve to a workspace entity of the slot's type. */
function resolveChosen(template: AlertTemplate, index: WorkspaceIndex, chosen: Record<string, string[]> = {}): Record<string, UniqueEntity[]> {
  const out: Record<string, UniqueEntity[]> = {};
  for (const [key, ids] of Object.entries(chosen)) {
    const slot = template.slots.find((s) => s.key === key);
    if (!slot) throw new ScaffoldError(`Alert type ${template.externalId} has no "${key}" role; it has ${template.slots.map((s) => s.key).join(', ')}.`);
    out[key] = ids.map((id) => {
      const record = findEntity(index, id, slot.kind);
      if (record.entity.$type !== slot.kind) throw new ScaffoldError(`"${id}" (${record.file}) is a ${record.entity.$type}; ${key} needs a ${slot.kind}.`);
      return record.entity;
    });
  }
  return out;
}

/** A workspace entity by Id, else by a unique SAM, display or DNS name (case-insensitive) among the slot's type. */
function findEntity(index: WorkspaceIndex, idOrName: string, kind: SlotSpec['kind']): EntityRecord {
  const byId = index.entity(idOrName);
  if (byId) return byId;
  const q = idOrName.trim().toLowerCase();
  const names = (e: UniqueEntity) => [e.SamName, e.SystemDisplayName, e.DnsName].filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase().replace(/\$$/, ''));
  const found = index.entities().filter((r) => r.entity.$type === kind && names(r.entity).includes(q.replace(/\$$/, '')));
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new ScaffoldError(`"${idOrName}" names ${found.length} entities (${found.map((r) => r.entity.Id).join(', ')}): give the Id.`);
  throw new ScaffoldError(`No ${kind} in the workspace has the Id or name "${idOrName}".`);
}

function portalHost(index: WorkspaceIndex, netbios: string): string {
  for (const a of index.alerts()) {
    const m = typeof a.alert.url === 'string' ? /^https:\/\/([a-z0-9.-]+)\/securityAlert\//i.exec(a.alert.url) : null;
    if (m) return m[1]!;
  }
  return `${netbios.toLowerCase()}-corp.atp.azure.com`;
}

const entityStem = (e: UniqueEntity) =>
  `${e.$type.toLowerCase()}-${String(e.SamName ?? e.SystemDisplayName ?? e.Id).replace(/\$$/, '').toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '')}`;

/** Builds the alerts and plans their files; writes nothing. */
export function planScaffold(index: WorkspaceIndex, request: ScaffoldRequest, names: NameSource = namesFor(request.seed)): ScaffoldPlan {
  const template = templateFor(request.externalId);
  if (!template) throw new ScaffoldError(`External ID ${request.externalId} has no template.`);
  const count = request.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new ScaffoldError('The count must be a whole number from 1 to 1000.');
  const chosen = resolveChosen(template, index, request.chosen);
  // A named group (Domain Admins…) is one object in a domain: use the workspace's own when it has one.
  for (const slot of template.slots) {
    if (slot.kind !== 'Group' || !slot.hint || chosen[slot.key]) continue;
    const same = index.entities().find((r) => r.entity.$type === 'Group' && [r.entity.SystemDisplayName, r.entity.SamName].some((n) => typeof n === 'string' && n.toLowerCase() === slot.hint!.toLowerCase()));
    if (same) chosen[slot.key] = [same.entity];
  }
  const domain = domainFacts(entitiesOf(index), names, request.seed);
  let alerts: BuiltAlert[];
  try {
    alerts = buildAlerts(template, domain.facts, names, {
      seed: request.seed, count, startTime: request.startTime, severity: request.severity, chosen, portalHost: portalHost(index, domain.facts.netbios),
    });
  } catch (err) {
    throw new ScaffoldError((err as Error).message);
  }
  const existing = index.files().flatMap((file) => {
    const kind = index.record(file)?.kind;
    return kind ? [{ file, kind }] : [];
  });
  const planner = new FilePlanner(chooseLayout(request.root, existing), existsSync);
  // Entities shared by several alerts of the batch, or already written by an earlier run with the same
  // seed, are written once.
  const planned = new Set<string>();
  const addEntity = (made: NewEntity) => {
    const key = made.entity.Id.toLowerCase();
    if (planned.has(key) || index.entity(made.entity.Id)) return;
    planned.add(key);
    const stem = entityStem(made.entity);
    planner.add('entity', stem, made.entity);
    planner.add('profile', stem, made.profile);
  };
  if (domain.created) addEntity(domain.created);
  const alertFiles: string[] = [];
  for (const built of alerts) {
    const clash = index.alertsById(built.alert.id)[0];
    if (clash) throw new ScaffoldError(`${clash.file} already holds alert ${built.alert.id}, made from the same type and seed "${request.seed}": choose another seed.`);
    built.newEntities.forEach(addEntity);
    alertFiles.push(planner.add('alert', built.stem, built.alert));
  }
  return { template, alerts, files: planner.files, alertFiles };
}

/** Plans and writes; returns the plan with every written path in `files`. */
export async function scaffold(index: WorkspaceIndex, request: ScaffoldRequest, names?: NameSource): Promise<ScaffoldPlan> {
  const plan = planScaffold(index, request, names);
  await writePlannedFiles(request.root, plan.files);
  return plan;
}
