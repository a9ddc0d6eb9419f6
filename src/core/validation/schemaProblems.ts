/**
 * ajv errors → problems on exact ranges. The JSON pointer of each error is decoded into a path and
 * located with jsonc-parser: the offending value for most keywords, the key for an unknown property,
 * and the object (its key, or its opening brace) for a missing property.
 */
import type { ErrorObject } from 'ajv';
import type { JsonPath } from '../json';
import type { JsonLocator } from '../jsonLocator';
import type { ProblemSeverity, Range, RelatedLocation } from '../model';
import { caseFix, toTextFix, type FixableProblem, type PathFix } from './quickFixes';
import { resolveSchemaPointer } from './schemas';
import { placeholderFor, resolveRef, subschemasAt } from './schemaWalk';
import { isRecord } from '../../shared/text';

export interface PathProblem {
  path: JsonPath;
  /** What to underline: the value, the key of the last path segment, or the object's opening. */
  target: 'value' | 'key' | 'object';
  severity: ProblemSeverity;
  code: string;
  message: string;
  /** A certain fix, when there is one. */
  fix?: PathFix;
  related?: RelatedLocation[];
}

export function decodePointer(pointer: string): JsonPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** Where a missing property is reported: the key that holds the object, else its first character. */
function objectAnchor(locator: JsonLocator, path: JsonPath): Range {
  if (path.length > 0 && typeof path[path.length - 1] === 'string') return locator.range(path, 'key');
  const r = locator.range(path);
  return { start: r.start, end: { line: r.start.line, character: r.start.character + 1 } };
}

export function locateProblems(file: string, locator: JsonLocator, problems: PathProblem[]): FixableProblem[] {
  // One pass over the text for all of them: a 60 MB file with 15 problems is scanned once, not 15 times.
  locator.prepare(problems.map((p) => p.path));
  return problems.map((p) => {
    const located: FixableProblem = {
      file,
      severity: p.severity,
      code: p.code,
      message: p.message,
      range: p.target === 'object' ? objectAnchor(locator, p.path) : locator.range(p.path, p.target),
    };
    const fix = p.fix && toTextFix(locator, p.path, p.fix);
    if (fix) located.fix = fix;
    if (p.related?.length) located.related = p.related;
    return located;
  });
}

const describe = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : String(v));

function fieldName(path: JsonPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return `"${path[i]}"`;
  return 'the document';
}

/** The value at a path of a parsed document. */
function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/**
 * What ajv's `verbose` option would add, recovered from the schema and the document instead (the
 * generated validators stay half the size): the failing value, the keyword's schema and its parent.
 */
interface Explained {
  error: ErrorObject;
  data: unknown;
  schema: unknown;
  parent: Record<string, unknown>;
  root: Record<string, unknown>;
}

/**
 * The schema object holding the failing keyword. ajv's schemaPath is relative to the schema a
 * non-inlined `$ref` points to, so try the root first, then every sub-schema at the instance path
 * and at each path above it.
 */
function keywordParent(root: Record<string, unknown>, e: ErrorObject, instancePath: JsonPath, document: unknown): Record<string, unknown> | undefined {
  const parentPointer = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
  const fits = (candidate: unknown): candidate is Record<string, unknown> => {
    if (!isRecord(candidate) || !(e.keyword in candidate)) return false;
    const value = candidate[e.keyword];
    if (e.keyword === 'additionalProperties') return value === false || isRecord(value);
    if (e.keyword === 'required') return Array.isArray(value) && value.includes((e.params as { missingProperty?: string }).missingProperty);
    return value !== true;
  };
  const fromRoot = resolveSchemaPointer(root, parentPointer);
  if (fits(fromRoot)) return fromRoot;
  // The `$ref` target may sit at the instance path or above it (a map's definition holds the schema of its values).
  for (let depth = instancePath.length; depth >= 0; depth--) {
    for (const sub of subschemasAt(root, instancePath.slice(0, depth), document)) {
      const candidate = resolveSchemaPointer(sub, parentPointer);
      if (fits(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Turns ajv's errors (allErrors) into one readable problem per real mistake. */
export function schemaErrorsToProblems(errors: ErrorObject[] | null | undefined, document?: unknown, rootSchema?: Record<string, unknown>): PathProblem[] {
  if (!errors?.length) return [];
  const inside = branchErrors(errors);
  const out: PathProblem[] = [];
  const seen = new Set<string>();
  const root = rootSchema ?? {};
  for (const [i, e] of errors.entries()) {
    if (e.keyword === 'if' || inside.has(i)) continue; // "must match then schema" adds nothing to the inner errors
    const propertyName = (e as { propertyName?: unknown }).propertyName;
    if (typeof propertyName === 'string') {
      // An error about a key (propertyNames): underline the key, explain with the key's schema.
      const keyPath = [...decodePointer(e.instancePath), propertyName];
      const parent = keywordParent(root, e, keyPath.slice(0, -1), document) ?? {};
      const p = toPathProblem({ error: { ...e, instancePath: '' }, data: propertyName, schema: parent[e.keyword], parent, root });
      if (p) pushOnce({ ...p, path: keyPath, target: 'key' });
      continue;
    }
    const instancePath = decodePointer(e.instancePath);
    const parent = keywordParent(root, e, instancePath, document) ?? {};
    const p = toPathProblem({ error: e, data: valueAt(document, instancePath), schema: parent[e.keyword], parent, root });
    if (p) pushOnce(p);
  }
  return out;

  function pushOnce(p: PathProblem): void {
    const key = `${p.code}|${JSON.stringify(p.path)}|${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  }
}

/**
 * Indexes of errors produced inside an anyOf/oneOf branch: noise once the union itself is reported.
 * ajv emits a union's branch errors right before the union's own error, at the same instance path or
 * below it (their schema paths may be relative to a `$ref`, so the instance path is what ties them).
 */
function branchErrors(errors: ErrorObject[]): Set<number> {
  const inside = new Set<number>();
  const within = (p: string, base: string) => p === base || p.startsWith(base + '/');
  errors.forEach((u, k) => {
    if (u.keyword !== 'anyOf' && u.keyword !== 'oneOf') return;
    for (let j = k - 1; j >= 0; j--) {
      const e = errors[j]!;
      if (e.keyword === 'if' || !within(e.instancePath, u.instancePath)) break;
      inside.add(j);
    }
  });
  return inside;
}

function toPathProblem(x: Explained): PathProblem | undefined {
  const e = { ...x.error, data: x.data, schema: x.schema };
  const path = decodePointer(e.instancePath);
  const parent = x.parent;
  const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
  const name = fieldName(path);
  const base = { severity: 'error' as const, path };
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const properties = isRecord(parent.properties) ? parent.properties : {};
      const value = placeholderFor(x.root, properties[missing]);
      return {
        ...base, target: 'object', code: 'schema-required', message: `Missing required property "${missing}".`,
        fix: { kind: 'add-property', title: `Add "${missing}"`, property: missing, value },
      };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { ...base, path: [...path, extra], target: 'key', code: 'schema-unknown-property', message: unknownPropertyMessage(extra, parent) };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const fix = caseFix(e.data, allowed);
      return {
        ...base, target: 'value', code: 'schema-enum', ...(fix ? { fix } : {}),
        message: custom ?? `${describe(e.data)} is not an allowed value for ${name}. Allowed: ${allowed.map((a) => describe(a)).join(', ')}.`,
      };
    }
    case 'const':
      return { ...base, target: 'value', code: 'schema-const', message: custom ?? `${name} must be ${describe((e.params as { allowedValue: unknown }).allowedValue)}.` };
    case 'type': {
      const want = String((e.params as { type: string | string[] }).type).replace(/,/g, ' or ');
      return { ...base, target: 'value', code: 'schema-type', message: custom ?? `${name} must be ${article(want)}, not ${describe(e.data)}.` };
    }
    case 'pattern': {
      const msg = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : custom;
      return { ...base, target: 'value', code: 'schema-pattern', message: msg ? `${describe(e.data)}: ${msg}` : `${describe(e.data)} does not have the expected format for ${name}.` };
    }
    case 'format':
      return { ...base, target: 'value', code: 'schema-format', message: custom ?? `${describe(e.data)} is not a valid ${(e.params as { format: string }).format} for ${name}.` };
    case 'anyOf':
    case 'oneOf': {
      const branches = Array.isArray(e.schema) ? (e.schema as Record<string, unknown>[]) : [];
      const fix = caseFix(e.data, branches.flatMap((b) => (Array.isArray(b.enum) ? b.enum : [])));
      return { ...base, target: 'value', code: 'schema-union', ...(fix ? { fix } : {}), message: custom ?? unionMessage(e, name, x.root) };
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { ...base, target: 'value', code: 'schema-range', message: custom ?? `${name} ${e.message ?? 'is out of range'}.` };
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'uniqueItems': case 'minProperties': case 'maxProperties':
      return { ...base, target: 'value', code: 'schema-size', message: custom ?? `${name} ${e.message ?? 'has the wrong size'}.` };
    case 'propertyNames':
      return undefined; // reported through the nested pattern error on the key
    default:
      return { ...base, target: 'value', code: `schema-${e.keyword}`, message: custom ?? `${name} ${e.message ?? 'is invalid'}.` };
  }
}

function unknownPropertyMessage(extra: string, parent: Record<string, unknown>): string {
  // An object whose keys are a fixed set (hours "0" to "23") says what a key should be.
  const hint = parent['x-additionalPropertyMessage'];
  if (typeof hint === 'string') return `Property "${extra}" is not allowed here: ${hint}`;
  if (parent['x-closedInStrictMode'] !== true) return `Property "${extra}" is not allowed here.`;
  const what = typeof parent.title === 'string' ? `a ${parent.title}` : 'this object';
  return `Property "${extra}" is not an attribute the schema knows for ${what} (strict mode, setting "atpWorkbench.validation.strict").`;
}

function unionMessage(e: ErrorObject, name: string, root: Record<string, unknown>): string {
  const branches = ((e.schema as Record<string, unknown>[] | undefined) ?? []).map((b) => (typeof b.$ref === 'string' ? resolveRef(root, b.$ref) ?? b : b));
  const enums = branches.flatMap((b) => (Array.isArray(b.enum) ? b.enum : []));
  if (enums.length) return `${describe(e.data)} is not a known value for ${name}. Known: ${enums.map((x) => describe(x)).join(', ')}.`;
  const hints = branches.map(branchHint).filter(Boolean);
  return `${describe(e.data)} does not fit ${name}${hints.length ? `: expected ${hints.join(', or ')}` : ''}.`;
}

/** Words for one union branch: its title, its pattern explanation, or its type. */
function branchHint(b: Record<string, unknown>): string {
  if (typeof b.title === 'string') return b.title;
  if (typeof b.patternErrorMessage === 'string') return b.patternErrorMessage.replace(/^expected /, '').replace(/\.$/, '');
  if (typeof b.description === 'string') return b.description.replace(/\.$/, '');
  if (b.type === 'null') return 'null';
  return typeof b.type === 'string' ? article(b.type) : '';
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
