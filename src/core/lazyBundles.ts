/**
 * Code the extension needs only after its first screen, loaded on first use: the validators (generated
 * ajv code and the schemas, about half a megabyte), completion/hover (the JSON language service), and the
 * commands a user runs now and then (import with its CSV parser, pseudonymise, new fixtures).
 * Activation then loads a small dist/extension.js; the first validation, hover or import pays once for its part.
 *
 * Built, each part is its own bundle beside the caller's (dist/validation.js, dist/schema-assist.js,
 * dist/import.js, dist/scrub.js, dist/scaffold.js; scripts/lazy-bundles.mjs lists them and the build marks
 * them external), as dist/report-writer.js is for the export. Run from sources (unit tests through tsx)
 * there is no bundle, and the source module is used.
 */
import path from 'node:path';

export type ValidationBundle = typeof import('./validation/bundle');
export type SchemaAssistBundle = typeof import('./validation/assistBundle');
export type ImportBundle = typeof import('./import/index');
export type ScrubBundle = typeof import('./scrub/index');
export type ScaffoldBundle = typeof import('./scaffold/index');

let validation: ValidationBundle | undefined;
let assist: SchemaAssistBundle | undefined;

/** The validators: `validateRecord`, `validateIndexed`, ledger and user-schema checks. */
export function loadValidation(): ValidationBundle {
  validation ??= load<ValidationBundle>('validation.js', 'validation/bundle');
  return validation;
}

/** Completion and hover from the schemas (vscode-json-languageservice). */
export function loadSchemaAssist(): SchemaAssistBundle {
  assist ??= load<SchemaAssistBundle>('schema-assist.js', 'validation/assistBundle');
  return assist;
}

let importer: ImportBundle | undefined;
let scrubber: ScrubBundle | undefined;
let scaffolder: ScaffoldBundle | undefined;

/** Readers, merger and report of "Import Alerts…". */
export function loadImport(): ImportBundle {
  importer ??= load<ImportBundle>('import.js', 'import/index');
  return importer;
}

/** Pseudonymisation: keys, plans, writes and the leftover check. */
export function loadScrub(): ScrubBundle {
  scrubber ??= load<ScrubBundle>('scrub.js', 'scrub/index');
  return scrubber;
}

/** The templates and the planner of "New Alert Fixture…". */
export function loadScaffold(): ScaffoldBundle {
  scaffolder ??= load<ScaffoldBundle>('scaffold.js', 'scaffold/index');
  return scaffolder;
}

/** Which parts are loaded (tests check that activation alone loads none). */
export function loadedBundles(): { validation: boolean; schemaAssist: boolean; import: boolean; scrub: boolean; scaffold: boolean } {
  return { validation: validation !== undefined, schemaAssist: assist !== undefined, import: importer !== undefined, scrub: scrubber !== undefined, scaffold: scaffolder !== undefined };
}

/**
 * Both paths are computed, so that no bundler pulls either into the caller's bundle (or fails to resolve
 * the built one): whoever bundles code that uses these puts the built part beside it, as scripts/build.mjs does.
 */
function load<T>(bundle: string, source: string): T {
  try {
    return require(path.join(__dirname, bundle)) as T;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(bundle)) throw err;
    return require(path.join(__dirname, source)) as T;
  }
}
