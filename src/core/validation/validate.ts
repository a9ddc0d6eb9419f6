/**
 * Validation of one fixture: the JSON Schema (ajv, compiled at build time) plus the semantic checks a
 * schema cannot express (references, duplicates, catalog, times). The editor and the CLI both call
 * `validateRecord`, so they report the same codes, messages and positions.
 */
import path from 'node:path';
import * as validators from './generated/validators';
import { catalog, type CatalogEntry } from '../catalog';
import { SCHEMAS } from './schemas';
import { JsonLocator } from '../jsonLocator';
import type { FileRecord, InvalidRecord } from '../loader';
import { ROLE_ENTITY_TYPES, type Alert, type FileKind, type KnownRole, type Problem, type UniqueEntity, type UniqueEntityProfile } from '../model';
import type { FixableProblem } from './quickFixes';
import { locateProblems, schemaErrorsToProblems, type PathProblem } from './schemaProblems';
import { skeletonOf } from './skeletons';
import { strictSchema } from './schemaWalk';
import { userSchemaProblems, type UserSchema } from './userSchemas';
import type { EntityFact, ValidationLookup } from './lookup';
import { referencePath, idKey, type ReferenceSummary } from '../references';
import type { ValidateFunction } from 'ajv';

export interface ValidationOptions {
  /** Flag attributes the schemas do not know (setting `atpWorkbench.validation.strict`). */
  strict?: boolean;
  /** "Now" for time-based checks (password expiry); tests pin it. */
  now?: Date;
  /** A team's extra schemas, applied after ours (see userSchemas.ts). */
  extraSchemas?: Partial<Record<FileKind, UserSchema>>;
  /** How messages name other files (workspace-relative in the editor, cwd-relative in the CLI); default: base name. */
  displayPath?: (file: string) => string;
}

/** Files a cross-file message names before "and N more": one id in 455 files must not print 454 names each time. */
export const MAX_NAMED_FILES = 5;
/** Links per problem in the editor's Problems panel (the rest are counted in the message). */
export const MAX_RELATED_FILES = 20;

export function schemaValidator(kind: FileKind, strict = false): ValidateFunction {
  const v = validators as unknown as Record<string, ValidateFunction | undefined>;
  return (strict ? v[`${kind}Strict`] : undefined) ?? v[kind]!;
}

/** Schema problems of a parsed value, as path problems (no positions yet). */
export function schemaProblems(kind: FileKind, value: unknown, strict = false): PathProblem[] {
  const validate = schemaValidator(kind, strict);
  if (validate(value)) return [];
  // Explain strict errors with the strict schema: its closed objects hold the `additionalProperties: false`.
  return schemaErrorsToProblems(validate.errors, value, strict ? strictSchema(SCHEMAS[kind]) : SCHEMAS[kind]);
}

/**
 * All problems of one loaded file. `getText` is called only when there is something to locate, so a
 * clean file costs the schema check and nothing else.
 */
export async function validateRecord(
  record: FileRecord,
  index: ValidationLookup | undefined,
  getText: () => string | Uint8Array | Promise<string | Uint8Array>,
  options: ValidationOptions = {},
): Promise<FixableProblem[]> {
  if (!record.ok) return [record.problem];
  const found = ownProblems(record, options);
  if (index) found.push(...semanticProblems(record, index, options));
  return locateFound(record, found, getText);
}

/** The problems of a loaded file that need no other file: our schema, then the team's. */
export function ownProblems(record: FileRecord, options: ValidationOptions = {}): PathProblem[] {
  if (!record.ok) return [];
  const value = record.kind === 'alert' ? record.alert : record.kind === 'entity' ? record.entity : record.profile;
  const found = schemaProblems(record.kind, value, options.strict);
  const extra = options.extraSchemas?.[record.kind];
  if (extra) found.push(...userSchemaProblems(extra, value));
  return found;
}

/** Positions for a file's path problems (the text is asked for only when there are some), sorted. */
export async function locateFound(record: { file: string }, found: PathProblem[], getText: () => string | Uint8Array | Promise<string | Uint8Array>): Promise<FixableProblem[]> {
  if (found.length === 0) return [];
  const source = await getText();
  const locator = new JsonLocator(source, { parsed: true, skeleton: typeof source === 'string' ? undefined : await skeletonOf(source) });
  return sortProblems(locateProblems(record.file, locator, found));
}

export function sortProblems<P extends Problem>(problems: P[]): P[] {
  return problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

/** The other files of a duplicate, named (at most MAX_NAMED_FILES, then "and N more") and linked. */
interface OtherFiles {
  names: string;
  related: PathProblem['related'];
}

function others(files: readonly string[], self: string, options: ValidationOptions, why: string): OtherFiles | undefined {
  if (files.length === 0 || (files.length === 1 && files[0] === self)) return undefined; // (the usual case, without a copy)
  const rest = files.filter((f) => f !== self);
  if (!rest.length) return undefined;
  const show = options.displayPath ?? ((f: string) => path.basename(f));
  const named = rest.slice(0, MAX_NAMED_FILES).map(show);
  const more = rest.length - named.length;
  return {
    names: more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', '),
    related: rest.slice(0, MAX_RELATED_FILES).map((file) => ({ file, range: START_OF_FILE, message: why })),
  };
}

function brokenFileNote(id: string, file: string, options: ValidationOptions): string {
  const show = options.displayPath ?? ((f: string) => path.basename(f));
  return `Entity "${id}" is in ${show(file)}, which has errors: checks against it wait until that file is fixed.`;
}

const START_OF_FILE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * What the cross-file checks below read of a fixture, and nothing more (the checks are typed with these):
 * a batch run keeps only this part of each parsed file (`checkedPart`), not thousands of whole documents.
 * An alert's entity references come from the lookup (`referencesOf`, or first `referenceSummary`).
 */
export type CheckedAlert = Pick<Alert, 'id' | 'externalId' | 'type' | 'phase' | 'startTime' | 'endTime'>;
export type CheckedEntity = Pick<UniqueEntity, 'Id' | '$type' | 'PasswordExpiryTime' | 'IsDisabled' | 'IsPasswordNeverExpires'>;
export type CheckedProfile = Pick<UniqueEntityProfile, 'UniqueEntityId'>;
export type CheckedRecord =
  | { ok: true; file: string; kind: 'alert'; alert: CheckedAlert }
  | { ok: true; file: string; kind: 'entity'; entity: CheckedEntity }
  | { ok: true; file: string; kind: 'profile'; profile: CheckedProfile }
  | InvalidRecord;

/** The part of a loaded file the cross-file checks read (see CheckedRecord). */
export function checkedPart(record: FileRecord): CheckedRecord {
  if (!record.ok) return record;
  const { file } = record;
  switch (record.kind) {
    case 'alert': {
      const { id, externalId, type, phase, startTime, endTime } = record.alert;
      return { ok: true, file, kind: 'alert', alert: { id, externalId, type, phase, startTime, endTime } };
    }
    case 'entity': {
      const { Id, $type, PasswordExpiryTime, IsDisabled, IsPasswordNeverExpires } = record.entity;
      return { ok: true, file, kind: 'entity', entity: { Id, $type, PasswordExpiryTime, IsDisabled, IsPasswordNeverExpires } };
    }
    case 'profile':
      return { ok: true, file, kind: 'profile', profile: { UniqueEntityId: record.profile.UniqueEntityId } };
  }
}

export function semanticProblems(record: CheckedRecord, index: ValidationLookup, options: ValidationOptions = {}): PathProblem[] {
  if (!record.ok) return [];
  switch (record.kind) {
    case 'alert': return alertChecks(record.file, record.alert, index, options);
    case 'entity': return entityChecks(record.file, record.entity, index, options);
    case 'profile': return profileChecks(record.file, record.profile, index, options);
  }
}

function alertChecks(file: string, alert: CheckedAlert, index: ValidationLookup, options: ValidationOptions): PathProblem[] {
  const out: PathProblem[] = [];
  const dupes = others(index.alertFilesWithId(alert.id), file, options, `Alert id "${alert.id}" is used here too.`);
  if (dupes) {
    out.push({ path: ['id'], target: 'value', severity: 'error', code: 'duplicate-alert-id', message: `Alert id "${alert.id}" is also used by ${dupes.names}.`, related: dupes.related });
  }
  if (typeof alert.externalId === 'string') {
    const entry = catalog.get(alert.externalId);
    if (!entry) {
      out.push({
        path: ['externalId'], target: 'value', severity: alert.phase ? 'information' : 'warning', code: 'unknown-external-id',
        message: `External ID ${alert.externalId} is not in the alert catalog${alert.phase ? '' : '; without a "phase" the alert is shown under "Unknown phase"'}.`,
      });
    } else if (typeof alert.phase === 'string' && alert.phase !== entry.phase) {
      out.push({
        path: ['phase'], target: 'value', severity: 'warning', code: 'phase-mismatch',
        message: `Phase "${alert.phase}" disagrees with the catalog, which puts ${alert.externalId} (${entry.name}) in "${entry.phase}".`,
        fix: { kind: 'replace-value', title: `Set phase to the catalog's "${entry.phase}"`, value: entry.phase },
      });
    }
    if (entry) {
      const mismatch = typeMismatch(alert.type, alert.externalId, entry);
      if (mismatch) out.push({ path: ['type'], target: 'value', severity: 'information', code: 'type-mismatch', message: mismatch });
    }
  }
  if (typeof alert.startTime === 'string' && typeof alert.endTime === 'string') {
    const start = Date.parse(alert.startTime);
    const end = Date.parse(alert.endTime);
    if (!Number.isNaN(start) && !Number.isNaN(end) && end < start) {
      out.push({ path: ['endTime'], target: 'value', severity: 'error', code: 'end-before-start', message: `endTime ${alert.endTime} is before startTime ${alert.startTime}.` });
    }
  }
  // Usually every reference resolves, to an entity of a type its role allows: when whoever loaded the alert
  // kept a summary, its distinct ids (a dozen references name three or four) say so without the references.
  const summary = index.referenceSummary?.(file, alert);
  if (summary && referencesAreFine(summary, index)) return out;
  const reported = new Set<string>();
  // The index's copy of this very alert keeps its references: use them, so the background pass over the
  // workspace also prepares what the tree needs when a phase is first expanded.
  for (const ref of index.referencesOf(file, alert)) {
    const entity = index.entity(ref.id);
    if (!entity) {
      const broken = index.brokenEntityFile(ref.id);
      if (broken) {
        // The entity's file exists but does not parse: its own error says so; here, one note per broken file.
        if (reported.has(broken)) continue;
        reported.add(broken);
        out.push({ path: referencePath(ref.site), target: 'value', severity: 'information', code: 'entity-file-has-errors', message: brokenFileNote(ref.id, broken, options) });
        continue;
      }
      // One warning per id and kind of place: a 100 000-row activity table must not yield 100 000 warnings.
      const once = `${idKey(ref.id)}|${ref.site.kind === 'entity' ? `entity${ref.site.index}` : ref.site.kind}`;
      if (reported.has(once)) continue;
      reported.add(once);
      const where = ref.site.kind === 'entity' ? ` (role ${ref.site.role})` : '';
      out.push({ path: referencePath(ref.site), target: 'value', severity: 'warning', code: 'unresolved-entity', message: `Entity "${ref.id}"${where} resolves to no Unique Entity Json file.` });
      continue;
    }
    if (ref.site.kind === 'entity') {
      const allowed = typesTheRoleExpects(ref.site.role, entity);
      if (allowed) {
        out.push({
          path: ['entities', ref.site.index, 'role'], target: 'value', severity: 'warning', code: 'role-type-mismatch',
          message: `Role ${ref.site.role} expects ${allowed.join(' or ')}, but "${ref.id}" is a ${String(entity.entity.$type)} (${path.basename(entity.file)}).`,
        });
      }
    }
  }
  return out;
}

/** The entity types a role expects, when the entity's `$type` is none of them; else undefined. */
function typesTheRoleExpects(role: string, entity: EntityFact): readonly string[] | undefined {
  const allowed = ROLE_ENTITY_TYPES[role as KnownRole];
  const type = entity.entity.$type;
  return allowed && typeof type === 'string' && !allowed.includes(type) ? allowed : undefined;
}

/** True when no reference of the summarised alert gives a problem in the loop above (the same checks, on keys). */
function referencesAreFine({ keys, roles }: ReferenceSummary, index: ValidationLookup): boolean {
  for (const key of keys) if (!index.entity(key)) return false;
  for (let i = 0; i < roles.length; i += 2) if (typesTheRoleExpects(roles[i + 1]!, index.entity(roles[i]!)!)) return false;
  return true;
}

/**
 * Real alerts carry type/ID mistakes (Microsoft's own samples send SAMR reconnaissance with 2019); the
 * external ID decides the phase, so say when the type points elsewhere. The ATA-era `…SuspiciousActivity`
 * spelling of the same type is no mistake.
 */
function typeMismatch(type: unknown, externalId: string, entry: CatalogEntry): string | undefined {
  if (typeof type !== 'string' || !type || !entry.alertType) return undefined;
  const normal = type.trim().replace(/SuspiciousActivity$/, 'SecurityAlert');
  if (normal === entry.alertType) return undefined;
  const owners = catalog.entries().filter((e) => e.alertType === normal).map((e) => `${e.externalId} (${e.name})`);
  const hint = owners.length ? `; "${type}" is the type of ${owners.join(' or ')}` : '';
  return `Type "${type}" differs from the catalog's "${entry.alertType}" for external ID ${externalId} (${entry.name})${hint}. The external ID decides the phase.`;
}

function entityChecks(file: string, entity: CheckedEntity, index: ValidationLookup, options: ValidationOptions): PathProblem[] {
  const out: PathProblem[] = [];
  const now = options.now ?? new Date();
  const dupes = others(index.entityFilesWithId(entity.Id), file, options, `Entity Id "${entity.Id}" is used here too.`);
  if (dupes) {
    out.push({ path: ['Id'], target: 'value', severity: 'error', code: 'duplicate-entity-id', message: `Entity Id "${entity.Id}" is also used by ${dupes.names}.`, related: dupes.related });
  }
  const expiry = typeof entity.PasswordExpiryTime === 'string' ? Date.parse(entity.PasswordExpiryTime) : NaN;
  if (!Number.isNaN(expiry) && entity.IsDisabled !== true && entity.IsPasswordNeverExpires !== true) {
    // Fixtures are snapshots: judge "expired" at the time of the latest alert involving the account,
    // and against the clock only for accounts no alert mentions.
    const latest = index.latestAlertTimeReferencing(entity.Id);
    const at = latest ?? now.getTime();
    if (expiry < at) {
      const when = latest !== undefined ? `its latest alert (${new Date(at).toISOString()})` : 'today';
      out.push({
        path: ['PasswordExpiryTime'], target: 'value', severity: 'information', code: 'expired-password-active',
        message: `The account is active although its password expired on ${entity.PasswordExpiryTime}, before ${when}: is it really in use, and by whom?`,
      });
    }
  }
  return out;
}

function profileChecks(file: string, profile: CheckedProfile, index: ValidationLookup, options: ValidationOptions): PathProblem[] {
  const out: PathProblem[] = [];
  const broken = index.entity(profile.UniqueEntityId) ? undefined : index.brokenEntityFile(profile.UniqueEntityId);
  if (broken) {
    out.push({ path: ['UniqueEntityId'], target: 'value', severity: 'information', code: 'entity-file-has-errors', message: brokenFileNote(profile.UniqueEntityId, broken, options) });
  } else if (!index.entity(profile.UniqueEntityId)) {
    out.push({ path: ['UniqueEntityId'], target: 'value', severity: 'warning', code: 'orphan-profile', message: `UniqueEntityId "${profile.UniqueEntityId}" matches no Unique Entity Json file.` });
  }
  const dupes = others(index.profileFilesOf(profile.UniqueEntityId), file, options, `Another profile of "${profile.UniqueEntityId}".`);
  if (dupes) {
    out.push({ path: ['UniqueEntityId'], target: 'value', severity: 'warning', code: 'duplicate-profile', message: `Entity "${profile.UniqueEntityId}" has other profiles too: ${dupes.names}.`, related: dupes.related });
  }
  return out;
}

