/**
 * Building alert fixtures from a template: entities per slot (chosen or new), numbers and times from a
 * seeded random source, then the alert in the fixture format with its description, evidence and
 * activities filled from the entities.
 */
import { catalog, type CatalogEntry } from '../catalog';
import type { Alert, AlertEntityRef, Certainty, EventActivity, NetworkActivity, AccessedResource, Severity, UniqueEntity } from '../model';
import { newEntity, viewOf, type DomainFacts, type NewEntity } from './entities';
import type { NameSource } from './names';
import { seededRandom, type Random } from './random';
import { fillDetails, fillText, slotsMentioned, type EntityView, type RenderContext } from './render';
import type { AlertTemplate, SlotSpec } from './types';

export interface BuildOptions {
  seed: string;
  /** How many distinct alerts (default 1). */
  count?: number;
  /** Start of the first alert; default: a time drawn from the seed in early 2025. */
  startTime?: Date;
  /** A severity the catalog allows for the type; default: one of them, drawn from the seed. */
  severity?: Severity;
  /** Workspace entities chosen per slot key; slots not listed get new entities. */
  chosen?: Record<string, UniqueEntity[]>;
  /** Portal host for `url`, e.g. "contoso-corp.atp.azure.com". */
  portalHost: string;
}

export interface BuiltAlert {
  alert: Alert;
  /** A file-name stem: "<externalId>-<slug>-<main entity>". */
  stem: string;
  newEntities: NewEntity[];
}

const DAY = 86_400_000;
const FIRST_DAY = Date.parse('2025-02-03T00:00:00Z');

/** "2025-01-21T02:13:58.3010000Z": the portal's 7 fractional digits. */
const ticks = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '0000Z');
const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const millis = (ms: number) => new Date(ms).toISOString();
const slugOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'entity';

/**
 * The generator key of a new entity. Domain controllers, named groups and servers of a named purpose
 * (the CA, the AD FS server…) are the same objects in every alert of a seed: a domain has few of them.
 * The other entities are new per alert.
 */
function entityKey(slot: SlotSpec, seed: string, externalId: string, n: number, i: number): string {
  if (slot.flavor === 'domainController') return `${seed}/domainController/${i}`;
  if (slot.flavor === 'group') return `${seed}/group/${slot.hint ?? ''}`;
  if (slot.flavor === 'server' && slot.hint) return `${seed}/server/${slot.hint}/${i}`;
  return `${seed}/${externalId}/${n}/${slot.key}/${i}`;
}

export function buildAlerts(template: AlertTemplate, domain: DomainFacts, names: NameSource, options: BuildOptions): BuiltAlert[] {
  const entry = catalog.get(template.externalId);
  if (!entry) throw new Error(`External ID ${template.externalId} is not in the alert catalog.`);
  if (options.severity && !entry.severities.includes(options.severity)) {
    throw new Error(`${entry.name} (${entry.externalId}) is ${entry.severities.join(' or ')}, never ${options.severity}.`);
  }
  const count = options.count ?? 1;
  const random = seededRandom(`${options.seed}/${template.externalId}`);
  let start = options.startTime?.getTime() ?? FIRST_DAY + random.int(0, 59) * DAY + random.int(0, 86_399_999);
  const built: BuiltAlert[] = [];
  for (let n = 0; n < count; n++) {
    built.push(buildOne(template, entry, domain, names, options, seededRandom(`${options.seed}/${template.externalId}/${n}`), start, n));
    start += random.int(2, 40) * 3_600_000 + random.int(0, 3_599_999);
  }
  return built;
}

function buildOne(
  template: AlertTemplate, entry: CatalogEntry, domain: DomainFacts, names: NameSource, options: BuildOptions, random: Random, start: number, n: number,
): BuiltAlert {
  const [minDuration, maxDuration] = template.duration ?? [30, 600];
  const end = start + random.int(minDuration * 1000, maxDuration * 1000);
  const newEntities: NewEntity[] = [];
  const slots = new Map<string, EntityView[]>();
  for (const slot of template.slots) {
    const chosen = options.chosen?.[slot.key];
    if (chosen?.length) {
      slots.set(slot.key, chosen.map((e) => viewOf(e, domain, names)));
      continue;
    }
    const [min, max] = slot.count ?? [1, 1];
    const views: EntityView[] = [];
    for (let i = random.int(min, max); i > 0; i--) {
      const made = newEntity(slot, entityKey(slot, options.seed, template.externalId, n, i), domain, names, random, start);
      newEntities.push(made);
      views.push(viewOf(made.entity, domain, names));
    }
    slots.set(slot.key, views);
  }
  const vars: Record<string, number> = {};
  for (const [name, [min, max]] of Object.entries(template.vars ?? {})) vars[name] = random.int(min, max);
  const ctx: RenderContext = { slots, vars, domain };

  const id = names.guid(`alert/${options.seed}/${template.externalId}/${n}`);
  const at = (i: number, of: number) => (of <= 1 ? start : start + Math.round(((end - start) * i) / (of - 1)));
  const evidence = template.evidence.map((line, i) => {
    const filled = fillText(line, ctx);
    return { time: seconds(at(i, template.evidence.length)), text: filled.text, entityIds: filled.entityIds };
  });
  const entities: AlertEntityRef[] = template.slots.filter((s) => !s.relatedOnly).flatMap((s) => slots.get(s.key)!.map((e) => ({ role: s.role, id: e.id })));
  const network = networkActivities(template, ctx, random, start, end);
  const events = eventActivities(template, ctx, random, start, end);
  const resources = accessedResources(template, ctx, random, start, end);
  const alert: Alert = {
    id,
    externalId: entry.externalId,
    ...(entry.alertType ? { type: entry.alertType } : {}),
    title: entry.name,
    description: fillText(template.description, ctx).text,
    phase: entry.phase,
    severity: options.severity ?? random.pick(entry.severities),
    status: 'Open',
    startTime: ticks(start),
    endTime: ticks(end),
    statusUpdateTime: null,
    url: `https://${options.portalHost}/securityAlert/${id}`,
    ...(entry.mitreTechniques.length ? { mitreTechniques: [...entry.mitreTechniques] } : {}),
    evidence,
    entities,
    ...(resources.length ? { accessedResources: resources } : {}),
    ...(network.length ? { networkActivities: network } : {}),
    ...(events.length ? { eventActivities: events } : {}),
    relatedEntityIds: [...new Set(template.slots.flatMap((s) => slots.get(s.key)!.map((e) => e.id)))],
  };
  const main = slots.get('sourceComputer')?.[0] ?? slots.get('sourceUser')?.[0] ?? slots.get(template.slots[0]!.key)![0]!;
  return { alert, stem: `${entry.externalId}-${template.slug}-${slugOf(main.name)}`, newEntities };
}

/** Rows for a spec: one per entity of the busiest slot it names, or the spec's own range. */
function rowCount(range: [number, number] | undefined, ctx: RenderContext, slotKeys: string[], random: Random): number {
  if (range) return random.int(range[0], range[1]);
  return Math.max(1, ...slotKeys.map((k) => ctx.slots.get(k)?.length ?? 0));
}

const spread = (start: number, end: number, i: number, of: number, random: Random) =>
  of <= 1 ? start + random.int(0, 999) : start + Math.round(((end - start) * i) / of) + random.int(0, 999);

function endpoint(entity: EntityView, port: number, certainty: Certainty, methods: string[]) {
  return { ip: entity.ip, port, computerId: entity.id, certainty, resolutionMethods: methods };
}

function networkActivities(template: AlertTemplate, ctx: RenderContext, random: Random, start: number, end: number): NetworkActivity[] {
  const out: NetworkActivity[] = [];
  for (const spec of template.network ?? []) {
    const from = ctx.slots.get(spec.from)!;
    const to = ctx.slots.get(spec.to)!;
    const rows = rowCount(spec.rows, ctx, [spec.from, spec.to, ...slotsMentioned(Object.values(spec.details ?? {}), ctx.slots)], random);
    for (let row = 0; row < rows; row++) {
      const source = from[row % from.length]!;
      const destination = to[row % to.length]!;
      const sourceCertainty = random.pick<Certainty>(['High', 'High', 'Medium']);
      out.push({
        time: millis(spread(start, end, row, rows, random)),
        protocol: spec.protocol,
        source: endpoint(source, random.int(49152, 65535), sourceCertainty, sourceCertainty === 'High' ? ['RpcNtlm', 'Cached'] : ['NetBios']),
        destination: endpoint(destination, spec.port, 'High', ['Cached']),
        ...(spec.details ? { details: fillDetails(spec.details, ctx, row) } : {}),
      });
    }
  }
  return out.sort((a, b) => a.time!.localeCompare(b.time!));
}

function eventActivities(template: AlertTemplate, ctx: RenderContext, random: Random, start: number, end: number): EventActivity[] {
  const out: EventActivity[] = [];
  for (const spec of template.events ?? []) {
    const on = ctx.slots.get(spec.on)!;
    const rows = rowCount(undefined, ctx, [spec.on, ...slotsMentioned(Object.values(spec.details ?? {}), ctx.slots)], random);
    for (let row = 0; row < rows; row++) {
      out.push({
        time: millis(spread(start, end, row, rows, random)),
        computerId: on[row % on.length]!.id,
        provider: spec.provider ?? 'Microsoft-Windows-Security-Auditing',
        eventId: spec.eventId,
        ...(spec.details ? { details: fillDetails(spec.details, ctx, row) } : {}),
      });
    }
  }
  return out.sort((a, b) => a.time!.localeCompare(b.time!));
}

function accessedResources(template: AlertTemplate, ctx: RenderContext, random: Random, start: number, end: number): AccessedResource[] {
  const out: AccessedResource[] = [];
  for (const spec of template.resources ?? []) {
    const targets = ctx.slots.get(spec.on)!;
    const from = ctx.slots.get(spec.from)![0]!;
    targets.forEach((target, i) => out.push({
      time: millis(spread(start, end, i + 1, targets.length + 1, random)),
      computer: from.name,
      name: `${spec.service.toLowerCase()}/${target.dns}${spec.port ? `:${spec.port}` : ''}`,
      details: `${spec.details} for ${target.name}`,
      type: spec.type ?? 'Computer',
      service: spec.service,
    }));
  }
  return out;
}

