/**
 * Filling a template's placeholders from the entities chosen for its slots (see types.ts for the syntax).
 * Text names all of a slot's entities; a detail row names the entity of its own row.
 */
import type { DetailValue } from './types';

/** What a placeholder can say about one entity. */
export interface EntityView {
  id: string;
  name: string;
  sam: string;
  dns: string;
  ip: string;
  dn: string;
  upn: string;
}

export interface DomainView {
  dns: string;
  netbios: string;
  sid: string;
  dn: string;
}

export interface RenderContext {
  slots: ReadonlyMap<string, EntityView[]>;
  vars: Readonly<Record<string, number>>;
  domain: DomainView;
}

const PLACEHOLDER = /\{(\$?[A-Za-z][A-Za-z0-9]*)(?:\.([A-Za-z]+))?\}/g;

/** "A", "A and B", "A, B and C". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function attribute(entity: EntityView, field: string): string | undefined {
  switch (field) {
    case 'sam': return entity.sam;
    case 'samNoDollar': return entity.sam.replace(/\$$/, '');
    case 'dns': return entity.dns;
    case 'ip': return entity.ip;
    case 'dn': return entity.dn;
    case 'upn': return entity.upn;
    default: return undefined;
  }
}

/**
 * One placeholder's value, or undefined for text that only looks like one. `row` picks the entity of a
 * multi-entity slot (details); without it the slot's names are listed (prose).
 */
function resolve(ctx: RenderContext, name: string, field: string | undefined, row: number | undefined, used: Set<string>): string | undefined {
  if (name.startsWith('$')) {
    const value = ctx.vars[name.slice(1)];
    return value === undefined ? undefined : String(value);
  }
  if (!field) {
    if (name === 'domain') return ctx.domain.dns;
    if (name === 'netbios') return ctx.domain.netbios;
    if (name === 'domainSid') return ctx.domain.sid;
    if (name === 'domainDn') return ctx.domain.dn;
  }
  const entities = ctx.slots.get(name);
  if (!entities) return undefined;
  if (field === 'count') return String(entities.length);
  if (field === 's') return entities.length === 1 ? '' : 's';
  const chosen = row === undefined ? entities : entities.length ? [entities[row % entities.length]!] : [];
  for (const e of field ? chosen.slice(0, 1) : chosen) used.add(e.id);
  if (!field) return listNames(chosen.map((e) => e.name));
  return chosen[0] ? attribute(chosen[0], field) : undefined;
}

/** Fills a text; returns it with the ids of the entities it named, in order. */
export function fillText(text: string, ctx: RenderContext, row?: number): { text: string; entityIds: string[] } {
  const used = new Set<string>();
  const out = text.replace(PLACEHOLDER, (whole, name: string, field: string | undefined) => resolve(ctx, name, field, row, used) ?? whole);
  return { text: out, entityIds: [...used] };
}

/** Fills a details object for one row; a value that is exactly "{$var}" stays a number. */
export function fillDetails(details: Record<string, DetailValue> | undefined, ctx: RenderContext, row: number): Record<string, DetailValue> | undefined {
  if (!details) return undefined;
  const out: Record<string, DetailValue> = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value !== 'string') {
      out[key] = value;
      continue;
    }
    const whole = /^\{\$([A-Za-z][A-Za-z0-9]*)\}$/.exec(value);
    out[key] = whole && ctx.vars[whole[1]!] !== undefined ? ctx.vars[whole[1]!]! : fillText(value, ctx, row).text;
  }
  return out;
}

/** The slots a text or details object mentions (to count the rows a detail template needs). */
export function slotsMentioned(values: Iterable<DetailValue>, slots: ReadonlyMap<string, unknown>): string[] {
  const found = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string') continue;
    for (const m of v.matchAll(PLACEHOLDER)) if (slots.has(m[1]!)) found.add(m[1]!);
  }
  return [...found];
}
