/**
 * Walking our JSON Schemas as data: which sub-schemas apply at a document path, the strict variant the
 * generator compiles, and placeholder values for quick fixes.
 *
 * Why: ajv reports `schemaPath` relative to the schema a non-inlined `$ref` points to (an error inside
 * `#/definitions/User` says `#/additionalProperties`), so the keyword's schema is found by trying every
 * sub-schema that applies at the error's instance path, not by resolving the pointer from the root.
 */
import type { JsonPath } from '../json';
import { strictVariant } from './strictVariant.mjs';

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Resolves a local `$ref` (`#/definitions/x`) against the root; other refs resolve to nothing (never fetched). */
export function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(node)) return undefined;
    node = node[key];
  }
  return isSchema(node) ? node : undefined;
}

/**
 * Whether an `if` schema holds for a value, judged by its discriminators only (`const` / `enum` of
 * properties, the way our schemas switch on `$type`); anything else counts as "may hold".
 */
function ifHolds(cond: unknown, value: unknown): boolean | undefined {
  if (!isSchema(cond) || !isSchema(cond.properties)) return undefined;
  if (!isSchema(value)) return false;
  for (const [key, sub] of Object.entries(cond.properties)) {
    if (!isSchema(sub)) continue;
    if ('const' in sub && value[key] !== sub.const) return false;
    if (Array.isArray(sub.enum) && !sub.enum.includes(value[key])) return false;
  }
  return true;
}

/** The schema itself plus every schema it pulls in at the same instance location ($ref, allOf, anyOf, oneOf, then, else). */
function expand(root: Schema, start: Schema[], value: unknown): Schema[] {
  const out: Schema[] = [];
  const seen = new Set<Schema>();
  const stack = [...start];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    if (typeof s.$ref === 'string') {
      const target = resolveRef(root, s.$ref);
      if (target) stack.push(target);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[key];
      if (Array.isArray(list)) for (const sub of list) if (isSchema(sub)) stack.push(sub);
    }
    const holds = ifHolds(s.if, value);
    if (holds !== false && isSchema(s.then)) stack.push(s.then);
    if (holds !== true && isSchema(s.else)) stack.push(s.else);
  }
  return out;
}

/**
 * Every sub-schema that may apply to the value at `path` of `document` (over-approximates: all union
 * branches; `then` / `else` only when the `if` discriminator allows).
 */
export function subschemasAt(root: Schema, path: JsonPath, document?: unknown): Schema[] {
  let value = document;
  let current = expand(root, [root], value);
  for (const seg of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[seg] : undefined;
    const next: Schema[] = [];
    for (const s of current) {
      if (typeof seg === 'string') {
        const props = s.properties;
        if (isSchema(props) && isSchema(props[seg])) next.push(props[seg] as Schema);
        else if (isSchema(s.additionalProperties)) next.push(s.additionalProperties);
      } else if (isSchema(s.items)) {
        next.push(s.items);
      } else if (Array.isArray(s.items) && isSchema(s.items[seg])) {
        next.push(s.items[seg] as Schema);
      }
    }
    current = expand(root, next, value);
  }
  return current;
}

const strictCache = new WeakMap<Schema, Schema>();

/** The strict variant, by the same rule the build-time validator generator uses (./strictVariant.mjs). */
export function strictSchema(schema: Schema): Schema {
  let cached = strictCache.get(schema);
  if (!cached) {
    cached = strictVariant(schema);
    strictCache.set(schema, cached);
  }
  return cached;
}

/**
 * A value to insert for a missing property: the schema's `const`, its only enum value, its `default`,
 * else an empty value of its type. Never an example: a made-up id or time would look real.
 */
export function placeholderFor(root: Schema, schema: unknown, depth = 0): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return schema.enum[0];
  if ('default' in schema) return schema.default;
  if (typeof schema.$ref === 'string') return placeholderFor(root, resolveRef(root, schema.$ref), depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list) && list.length) return placeholderFor(root, list[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': return '';
    case 'integer': case 'number': return 0;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return {};
    default: return Array.isArray(schema.enum) ? '' : null;
  }
}
