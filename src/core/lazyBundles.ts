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

type Part = 'validation' | 'schemaAssist' | 'import' | 'scrub' | 'scaffold';
const loaded: Partial<Record<Part, unknown>> = {};

/** A loader of one part: the built bundle beside the caller, else (from sources) the source module; once. */
function part<T>(name: Part, bundle: string, source: string): () => T {
  return () => (loaded[name] ??= load<T>(bundle, source)) as T;
}

/** The validators: `validateRecord`, `validateIndexed`, ledger and user-schema checks. */
export const loadValidation = part<ValidationBundle>('validation', 'validation.js', 'validation/bundle');
/** Completion and hover from the schemas (vscode-json-languageservice). */
export const loadSchemaAssist = part<SchemaAssistBundle>('schemaAssist', 'schema-assist.js', 'validation/assistBundle');
/** Readers, merger and report of "Import Alerts…". */
export const loadImport = part<ImportBundle>('import', 'import.js', 'import/index');
/** Pseudonymisation: keys, plans, writes and the leftover check. */
export const loadScrub = part<ScrubBundle>('scrub', 'scrub.js', 'scrub/index');
/** The templates and the planner of "New Alert Fixture…". */
export const loadScaffold = part<ScaffoldBundle>('scaffold', 'scaffold.js', 'scaffold/index');

/** Which parts are loaded (tests check that activation alone loads none). */
export function loadedBundles(): Record<Part, boolean> {
  return { validation: 'validation' in loaded, schemaAssist: 'schemaAssist' in loaded, import: 'import' in loaded, scrub: 'scrub' in loaded, scaffold: 'scaffold' in loaded };
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
