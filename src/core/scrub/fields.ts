// Which JSON fields are structure rather than content. Their values are enumerations and codes
// (severity, status, role, $type…) that name no one: they are never rewritten, and the verification
// does not report a token that happens to equal one ("High", "User"). Property names the schemas define
// are field names, not identities, and stay as they are; other property names (profile maps keyed by
// entity id or date, free-form details) are content and are scrubbed.
import { SCHEMAS } from '../validation/schemas';

export const STRUCTURAL_FIELDS: ReadonlySet<string> = new Set([
  '$type', '$schema', 'SchemaVersion', 'schemaVersion', 'mappingVersion', 'severity', 'status', 'phase', 'externalId', 'type', 'role',
  'protocol', 'certainty', 'resolutionMethods', 'provider', 'service', 'GroupType', 'verdict', 'determination', 'mitreTechniques',
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
  walk(Object.values(SCHEMAS));
  // Numeric names ("8" in hour maps) are data, not field names.
  for (const k of [...keys]) if (/^\d+$/.test(k)) keys.delete(k);
  schemaKeys = keys;
  return keys;
}
