/**
 * File names of imported fixtures, after the samples' convention (`alerts/2004-ldap-brute-force-ws-hr-02.alert.json`,
 * `entities/user-mokafor.entity.json`). Every part comes from untrusted input, so it is reduced to
 * `[a-z0-9.-]`, never `..`, never a device name, and the result is checked to stay inside the output folder.
 */
import path from 'node:path';
import type { Alert, UniqueEntity } from '../model';

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

export function slug(text: string, max = 48): string {
  let s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/\.{2,}/g, '.').replace(/-{2,}/g, '-');
  s = s.slice(0, max).replace(/^[-.]+|[-.]+$/g, '');
  if (!s) return 'unnamed';
  return RESERVED.test(s) ? `${s}-` : s;
}

const typeSlugs = new Map<string, string>();

/** `LdapBruteForceSecurityAlert` → `ldap-brute-force` (a stream repeats a few types: each is worked out once). */
export function typeSlug(type: string): string {
  let known = typeSlugs.get(type);
  if (known === undefined) {
    known = slugOfType(type);
    if (typeSlugs.size < 1000) typeSlugs.set(type, known);
  }
  return known;
}

function slugOfType(type: string): string {
  return slug(type.replace(/(SecurityAlert|SuspiciousActivity)$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2'));
}

export function alertFileName(alert: Alert, where: string | undefined): string {
  const what = alert.type ? typeSlug(alert.type) : slug(alert.title ?? 'alert', 32);
  return `${slug(alert.externalId, 8)}-${what}-${slug(where ?? alert.id.slice(0, 8), 32)}.alert.json`;
}

export function entityFileName(entity: UniqueEntity, suffix: '.entity.json' | '.profile.json' = '.entity.json'): string {
  const name = typeof entity.SamName === 'string' ? entity.SamName.replace(/\$$/, '') : typeof entity.SystemDisplayName === 'string' ? entity.SystemDisplayName : entity.Id;
  return `${slug(String(entity.$type))}-${slug(name)}${suffix}`;
}

/** The absolute path of `rel` under `root`, or an error when it would leave it. */
export function insideFolder(root: string, rel: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, rel);
  // `base` is resolved, so `full` is inside it exactly when it starts with `base` and a separator.
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  if (full.length <= prefix.length || !full.startsWith(prefix)) throw new Error(`refusing to write ${rel}: it is outside the output folder ${root}`);
  return full;
}

/** A free name: `base`, else `base` with a short tag before the suffix. */
export function uniqueName(base: string, tag: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  const m = /^(.*?)(\.(alert|entity|profile)\.json)$/.exec(base)!;
  for (let n = 0; ; n++) {
    const candidate = `${m[1]}-${slug(tag, 12)}${n ? `-${n}` : ''}${m[2]}`;
    if (!taken(candidate)) return candidate;
  }
}
