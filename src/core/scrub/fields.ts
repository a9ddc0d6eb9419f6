// Which JSON fields are structure rather than content. Their values are enumerations and codes
// (severity, status, role, $type…) that name no one: they are never rewritten, and the verification
// does not report a token that happens to equal one ("High", "User"). An activity's `service` is content: an SPN
// such as "cifs/filesrv1.contoso.com" names a host and a domain. Property names the schemas define
// are field names, not identities, and stay as they are; other property names (profile maps keyed by
// entity id or date, free-form details) are content and are scrubbed. `service` is not structure: in
// activity details it holds an SPN with a host name ("cifs/filesrv1.contoso.com").
import { loadValidation } from '../lazyBundles';

export const STRUCTURAL_FIELDS: ReadonlySet<string> = new Set([
  '$type', '$schema', 'SchemaVersion', 'schemaVersion', 'mappingVersion', 'severity', 'status', 'phase', 'externalId', 'type', 'role',
  'protocol', 'certainty', 'resolutionMethods', 'provider', 'GroupType', 'verdict', 'determination', 'mitreTechniques',
  'OperatingSystemDisplayName', 'Protocols', 'logonType', 'authenticationPackage', 'ntlmVersion', 'recordType', 'responseCode',
]);

let schemaKeys: Set<string> | undefined;

/** Every property name the four schemas define (alert, entity, profile, ledger). */
export function schemaPropertyNames(): ReadonlySet<string> {
  if (schemaKeys) return schemaKeys;
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) for (const name of Object.keys(v)) keys.add(name);
        walk(v);
      }
    }
  };
  walk(Object.values(loadValidation().SCHEMAS));
  // Numeric names ("8" in hour maps) are data, not field names.
  for (const k of [...keys]) if (/^\d+$/.test(k)) keys.delete(k);
  schemaKeys = keys;
  return keys;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** The start of the JSON string that contains `offset` (the index of its opening quote), scanning back on one line. */
function stringStart(text: string, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return undefined;
    if (c === 34) {
      let slashes = 0;
      for (let j = i - 1; j >= 0 && text.charCodeAt(j) === 92; j--) slashes++;
      if (slashes % 2 === 0) return i;
    }
  }
  return undefined;
}

/** The property name just before `index` (which points at a ':'), or undefined. */
function keyBefore(text: string, colon: number): string | undefined {
  let i = colon - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (text.charCodeAt(i) !== 34) return undefined;
  const start = stringStart(text, i);
  return start === undefined ? undefined : text.slice(start + 1, i);
}

/**
 * Whether the text at `offset` of a JSON document is structure — inside the value of a structural field
 * (also as an element of its array) or inside a schema property name — found by scanning back from
 * there. Undefined when the surroundings are not the simple, pretty-printed shapes this reads (the caller
 * then rewrites the document value by value).
 */
export function structuralAt(text: string, offset: number): boolean | undefined {
  const start = stringStart(text, offset + 1);
  if (start === undefined) return undefined;
  // A property name: its string is followed by ':'.
  let end = start + 1;
  while (end < text.length && text.charCodeAt(end) !== 34) end += text.charCodeAt(end) === 92 ? 2 : 1;
  let after = end + 1;
  while (after < text.length && isSpace(text.charCodeAt(after))) after++;
  if (text.charCodeAt(after) === 58) return schemaPropertyNames().has(text.slice(start + 1, end));
  // A value: after ':' its key decides; in an array, the array's key does.
  let i = start - 1;
  for (let guard = 0; guard < 10000 && i >= 0; guard++) {
    while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
    const c = text.charCodeAt(i);
    if (c === 58) {
      const key = keyBefore(text, i);
      return key === undefined ? undefined : STRUCTURAL_FIELDS.has(key);
    }
    if (c === 44 || c === 91) {
      if (c === 91) {
        let j = i - 1;
        while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
        if (text.charCodeAt(j) !== 58) return undefined;
        const key = keyBefore(text, j);
        return key === undefined ? undefined : STRUCTURAL_FIELDS.has(key);
      }
      // the previous element of the array: a string or a number
      i--;
      while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
      if (text.charCodeAt(i) === 34) {
        const s = stringStart(text, i);
        if (s === undefined) return undefined;
        i = s - 1;
      } else if (/[\d.eE+-]/.test(text[i] ?? '')) {
        while (i >= 0 && /[\d.eE+-]/.test(text[i])) i--;
      } else return undefined;
      continue;
    }
    return undefined;
  }
  return undefined;
}
