/**
 * The JSON Schemas as data (the same files the editor uses). Validation itself runs through the
 * validators generated at build time; the data is here to explain errors (titles, `patternErrorMessage`)
 * and to serve hover and completion.
 */
import alert from '../../../schemas/alert.schema.json';
import entity from '../../../schemas/unique-entity.schema.json';
import profile from '../../../schemas/unique-entity-profile.schema.json';
import ledger from '../../../schemas/classifications.schema.json';
import type { FileKind } from '../model';

export const SCHEMAS: Record<FileKind, Record<string, unknown>> = { alert, entity, profile, ledger };

/** Resolves a JSON pointer (`#/definitions/User/properties/Sid`) inside a schema. */
export function resolveSchemaPointer(schema: unknown, pointer: string): unknown {
  let node: unknown = schema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
