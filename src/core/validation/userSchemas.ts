/**
 * Extra schemas a team adds on top of ours (setting `atpWorkbench.validation.extraSchemas`, CLI
 * `--schema kind=path`): house rules such as "every alert names a source computer" or a required
 * custom attribute. They add problems; they never replace our schemas.
 *
 * They are the one place where a schema is compiled at run time (ours are generated at build time).
 * A user schema is untrusted input like a fixture: it is parsed safely, checked against the draft-07
 * meta-schema, and any `$ref` that leaves the file is refused with a clear message — nothing is ever
 * fetched from the network on a schema's say-so.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import editorKeywords from '../data/editor-keywords.json';
import { decodeJsonBytes, LineMap, parseJsonText } from '../json';
import { JsonLocator } from '../jsonLocator';
import type { FileKind, Problem } from '../model';
import { decodePointer, schemaErrorsToProblems, type PathProblem } from './schemaProblems';

export type FixtureKind = Exclude<FileKind, 'ledger'>;

export interface UserSchema {
  kind: FixtureKind;
  file: string;
  schema: Record<string, unknown>;
  validate: ValidateFunction;
}

export type UserSchemaResult = { ok: true; schema: UserSchema } | { ok: false; problems: Problem[] };


const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Reads and compiles a user schema file; every failure is a problem on that file. */
export async function loadUserSchema(file: string, kind: FixtureKind): Promise<UserSchemaResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (err as Error).message;
    return fail(file, ZERO, 'user-schema-unreadable', `The extra ${kind} schema cannot be read: ${reason}.`);
  }
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok) return fail(file, ZERO, 'user-schema-unreadable', decoded.issue.message);
  return compileUserSchema(file, kind, decoded.text);
}

export function compileUserSchema(file: string, kind: FixtureKind, text: string): UserSchemaResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return fail(file, new LineMap(text).rangeAt(parsed.issue.offset, parsed.issue.length), parsed.issue.code, parsed.issue.message);
  const schema = parsed.value;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return fail(file, ZERO, 'user-schema-invalid', 'A JSON Schema must be an object.');
  }
  const locator = new JsonLocator(text, { parsed: true });
  const remote = remoteRefs(schema);
  if (remote.length) {
    return {
      ok: false,
      problems: remote.map(({ path: at, ref }) => ({
        file, range: locator.range(at), severity: 'error' as const, code: 'user-schema-remote-ref',
        message: `"$ref": "${ref}" points outside this file. Schemas are never fetched: copy the definitions into this file and refer to them as "#/definitions/…".`,
      })),
    };
  }
  const declared = (schema as Record<string, unknown>).$schema;
  if (declared !== undefined && !/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/.test(String(declared))) {
    return fail(file, locator.range(['$schema']), 'user-schema-invalid', `Only JSON Schema draft-07 is supported ("$schema": "http://json-schema.org/draft-07/schema#"), not ${JSON.stringify(declared)}.`);
  }
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  ajv.addVocabulary(editorKeywords); // VS Code's own schema keywords, as the build-time generator registers them
  if (!ajv.validateSchema(schema)) {
    return {
      ok: false,
      problems: (ajv.errors ?? []).slice(0, 20).map((e) => ({
        file, range: locator.range(decodePointer(e.instancePath)), severity: 'error' as const, code: 'user-schema-invalid',
        message: `Not a valid JSON Schema: ${e.instancePath ? `${e.instancePath} ` : ''}${e.message ?? 'is invalid'}.`,
      })),
    };
  }
  try {
    const validate = ajv.compile(schema);
    return { ok: true, schema: { kind, file, schema: schema as Record<string, unknown>, validate } };
  } catch (err) {
    return fail(file, ZERO, 'user-schema-invalid', `The schema cannot be compiled: ${(err as Error).message}.`);
  }
}

/** Problems a user schema finds in a parsed fixture, with codes `user-schema-…` and the schema named. */
export function userSchemaProblems(user: UserSchema, value: unknown): PathProblem[] {
  if (user.validate(value)) return [];
  const name = path.basename(user.file);
  return schemaErrorsToProblems(user.validate.errors, value, user.schema).map((p) => ({
    ...p,
    code: p.code.replace(/^schema-/, 'user-schema-'),
    message: `${p.message.replace(/\.$/, '')} (${name}).`,
  }));
}

/** Every `$ref` that is not a reference inside the same document, with where it is. */
function remoteRefs(schema: unknown): { path: (string | number)[]; ref: string }[] {
  const found: { path: (string | number)[]; ref: string }[] = [];
  const stack: { node: unknown; at: (string | number)[] }[] = [{ node: schema, at: [] }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    if (Array.isArray(node)) node.forEach((item, i) => stack.push({ node: item, at: [...at, i] }));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) found.push({ path: [...at, k], ref: v });
        else stack.push({ node: v, at: [...at, k] });
      }
    }
  }
  return found;
}

function fail(file: string, range: Problem['range'], code: string, message: string): UserSchemaResult {
  return { ok: false, problems: [{ file, range, severity: 'error', code, message }] };
}
