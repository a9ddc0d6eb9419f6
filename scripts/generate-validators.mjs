// Compiles schemas/*.schema.json with ajv (+ ajv-formats) into standalone validator code:
// src/core/validation/generated/validators.js (+ .d.ts). Run by scripts/build.mjs; the output is not committed.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { useFastCodegen } from './validator-codegen.mjs';
import { strictVariant } from '../src/core/validation/strictVariant.mjs';

const require = createRequire(import.meta.url);

/** Keywords VS Code's JSON language service understands; ajv must know them to compile in strict mode. */
export const EDITOR_KEYWORDS = JSON.parse(
  fs.readFileSync(new URL('../src/core/data/editor-keywords.json', import.meta.url), 'utf8'),
);

/** The schema files and the validator names they compile to. */
export const SCHEMA_FILES = {
  alert: 'alert.schema.json',
  entity: 'unique-entity.schema.json',
  profile: 'unique-entity-profile.schema.json',
  ledger: 'classifications.schema.json',
};

export function createAjv(options = {}) {
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, ...options });
  addFormats(ajv);
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv;
}

/**
 * Keywords only the editor and the problem builder read (hover, completion, our messages); they read them
 * from schemas/ itself. ajv never looks at them, but its standalone code embeds every schema object it
 * refers to, annotations and all: leaving them out of what it compiles makes the generated validators
 * much smaller (and quicker to load) without changing one error (the unit tests compare with ajv's own).
 */
const ANNOTATIONS = ['title', 'description', 'examples', '$comment', 'default', 'x-additionalPropertyMessage', ...EDITOR_KEYWORDS];

/** A copy of a schema without annotations, walked by json-schema-traverse (schema positions only, never a property named "title"). */
export function withoutAnnotations(schema) {
  const traverse = require('json-schema-traverse');
  const copy = JSON.parse(JSON.stringify(schema)); // a schema is JSON
  traverse(copy, { cb: (node) => { for (const keyword of ANNOTATIONS) delete node[keyword]; } });
  return copy;
}

/** A copy of a schema that rejects unknown attributes, registered under its own $id. */
export function strictCopy(schema) {
  const out = strictVariant(schema);
  if (typeof out.$id === 'string') out.$id = out.$id.replace(/\.schema\.json$/, '.strict.schema.json');
  return out;
}

/**
 * The ajv instance the validators are generated with. `fast: false` leaves out our codegen overrides:
 * a unit test compiles the schemas with it and checks that the generated validators report exactly
 * ajv's own errors.
 */
export function createValidatorAjv({ fast = true } = {}) {
  // Patterns without the u flag: our patterns are ASCII, and non-unicode regular expressions run faster.
  // ownProperties: key loops over Object.keys instead of for…in (JSON objects have no inherited keys, so
  // nothing changes but speed: for…in over the hour objects of a profile, whose keys are array indices,
  // cost 180 ns an object against 110; 12% of the dense benchmark profile's validation).
  const ajv = createAjv({ unicodeRegExp: false, ownProperties: true, code: { source: true, esm: false, optimize: true } });
  ajv.addKeyword({ keyword: 'x-closedInStrictMode', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-additionalPropertyMessage', schemaType: 'string' });
  if (fast) useFastCodegen(ajv);
  return ajv;
}

function readSchema(full) {
  const text = fs.readFileSync(full, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${full}: not valid JSON: ${err.message}`, { cause: err });
  }
}

export function generateValidators(root) {
  const standalone = require('ajv/dist/standalone').default;
  const ajv = createValidatorAjv();
  const exportsMap = {};
  for (const [name, file] of Object.entries(SCHEMA_FILES)) {
    const full = path.join(root, 'schemas', file);
    if (!fs.existsSync(full)) continue;
    const schema = readSchema(full);
    // A broken schema must name its file: ajv's own message does not.
    try {
      ajv.addSchema(withoutAnnotations(schema));
      ajv.getSchema(schema.$id);
    } catch (err) {
      throw new Error(`${path.relative(root, full)}: invalid JSON Schema: ${err.message}`, { cause: err });
    }
    exportsMap[name] = schema.$id;
    // Only schemas that mark objects as closed in strict mode get a second, strict validator.
    if (JSON.stringify(schema).includes('"x-closedInStrictMode"')) {
      const strict = strictCopy(schema);
      ajv.addSchema(withoutAnnotations(strict));
      exportsMap[`${name}Strict`] = strict.$id;
    }
  }
  const code = standalone(ajv, exportsMap);
  const outDir = path.join(root, 'src', 'core', 'validation', 'generated');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'validators.js'), `// Generated by scripts/generate-validators.mjs from schemas/. Do not edit.\n${code}`);
  const names = Object.keys(exportsMap);
  const dts = `// Generated by scripts/generate-validators.mjs. Do not edit.\nimport type { ValidateFunction } from 'ajv';\n${names.map((n) => `export declare const ${n}: ValidateFunction;`).join('\n')}\n`;
  fs.writeFileSync(path.join(outDir, 'validators.d.ts'), dts);
  return names;
}
