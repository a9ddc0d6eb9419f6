/**
 * Validation of one fixture: the JSON Schema (ajv, compiled at build time) plus the semantic checks a
 * schema cannot express (references, duplicates, catalog, times). The editor and the CLI both call
 * `validateRecord`, so they report the same codes, messages and positions.
 */
import path from 'node:path';
import * as validators from './generated/validators';
import { catalog } from '../catalog';
import { SCHEMAS } from './schemas';
import { JsonLocator } from '../json';
import type { FileRecord } from '../loader';
import { ROLE_ENTITY_TYPES, type Alert, type FileKind, type KnownRole, type Problem, type UniqueEntity, type UniqueEntityProfile } from '../model';
import type { FixableProblem } from './quickFixes';
import { locateProblems, schemaErrorsToProblems, type PathProblem } from './schemaProblems';
import { strictSchema } from './schemaWalk';
import { userSchemaProblems, type UserSchema } from './userSchemas';
import { type WorkspaceIndex } from '../workspaceIndex';
import { collectReferences, referencePath, idKey } from '../references';
import type { ValidateFunction } from 'ajv';

export interface ValidationOptions {
  /** Flag attributes the schemas do not know (setting `atpWorkbench.validation.strict`). */
  strict?: boolean;
  /** "Now" for time-based checks (password expiry); tests pin it. */
  now?: Date;
  /** A team's extra schemas, applied after ours (see userSchemas.ts). */
  extraSchemas?: Partial<Record<FileKind, UserSchema>>;
}

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
  index: WorkspaceIndex | undefined,
  getText: () => string | Promise<string>,
  options: ValidationOptions = {},
): Promise<FixableProblem[]> {
  if (!record.ok) return [record.problem];
  const value = record.kind === 'alert' ? record.alert : record.kind === 'entity' ? record.entity : record.profile;
  const found = schemaProblems(record.kind, value, options.strict);
  const extra = options.extraSchemas?.[record.kind];
  if (extra) found.push(...userSchemaProblems(extra, value));
  if (index) found.push(...semanticProblems(record, index, options));
  if (found.length === 0) return [];
  const locator = new JsonLocator(await getText());
  return sortProblems(locateProblems(record.file, locator, found));
}

export function sortProblems<P extends Problem>(problems: P[]): P[] {
  return problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

const others = (files: string[], self: string) => files.filter((f) => f !== self).map((f) => path.basename(f));

function semanticProblems(record: FileRecord, index: WorkspaceIndex, options: ValidationOptions = {}): PathProblem[] {
  if (!record.ok) return [];
  switch (record.kind) {
    case 'alert': return alertChecks(record.file, record.alert, index);
    case 'entity': return entityChecks(record.file, record.entity, index, options.now ?? new Date());
    case 'profile': return profileChecks(record.file, record.profile, index);
  }
}

function alertChecks(file: string, alert: Alert, index: WorkspaceIndex): PathProblem[] {
  const out: PathProblem[] = [];
  const dupes = others(index.alertsById(alert.id).map((a) => a.file), file);
  if (dupes.length) {
    out.push({ path: ['id'], target: 'value', severity: 'error', code: 'duplicate-alert-id', message: `Alert id "${alert.id}" is also used by ${dupes.join(', ')}.` });
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
  }
  if (typeof alert.startTime === 'string' && typeof alert.endTime === 'string') {
    const start = Date.parse(alert.startTime);
    const end = Date.parse(alert.endTime);
    if (!Number.isNaN(start) && !Number.isNaN(end) && end < start) {
      out.push({ path: ['endTime'], target: 'value', severity: 'error', code: 'end-before-start', message: `endTime ${alert.endTime} is before startTime ${alert.startTime}.` });
    }
  }
  const reported = new Set<string>();
  // The index's copy of this very alert keeps its references: use them, so the background pass over the
  // workspace also prepares what the tree needs when a phase is first expanded.
  const indexed = index.alertInFile(file);
  const references = indexed?.alert === alert ? indexed.references : collectReferences(alert);
  for (const ref of references) {
    const entity = index.entity(ref.id);
    if (!entity) {
      // One warning per id and kind of place: a 100 000-row activity table must not yield 100 000 warnings.
      const once = `${idKey(ref.id)}|${ref.site.kind === 'entity' ? `entity${ref.site.index}` : ref.site.kind}`;
      if (reported.has(once)) continue;
      reported.add(once);
      const where = ref.site.kind === 'entity' ? ` (role ${ref.site.role})` : '';
      out.push({ path: referencePath(ref.site), target: 'value', severity: 'warning', code: 'unresolved-entity', message: `Entity "${ref.id}"${where} resolves to no Unique Entity Json file.` });
      continue;
    }
    if (ref.site.kind === 'entity') {
      const allowed = ROLE_ENTITY_TYPES[ref.site.role as KnownRole];
      const type = entity.entity.$type;
      if (allowed && typeof type === 'string' && !allowed.includes(type)) {
        out.push({
          path: ['entities', ref.site.index, 'role'], target: 'value', severity: 'warning', code: 'role-type-mismatch',
          message: `Role ${ref.site.role} expects ${allowed.join(' or ')}, but "${ref.id}" is a ${type} (${path.basename(entity.file)}).`,
        });
      }
    }
  }
  return out;
}

function entityChecks(file: string, entity: UniqueEntity, index: WorkspaceIndex, now: Date): PathProblem[] {
  const out: PathProblem[] = [];
  const dupes = others(index.entitiesById(entity.Id).map((e) => e.file), file);
  if (dupes.length) {
    out.push({ path: ['Id'], target: 'value', severity: 'error', code: 'duplicate-entity-id', message: `Entity Id "${entity.Id}" is also used by ${dupes.join(', ')}.` });
  }
  const expiry = typeof entity.PasswordExpiryTime === 'string' ? Date.parse(entity.PasswordExpiryTime) : NaN;
  if (!Number.isNaN(expiry) && entity.IsDisabled !== true && entity.IsPasswordNeverExpires !== true) {
    // Fixtures are snapshots: judge "expired" at the time of the latest alert involving the account,
    // and against the clock only for accounts no alert mentions.
    const alertTimes = index.alertsReferencing(entity.Id).map((a) => Date.parse(String(a.alert.startTime))).filter((t) => !Number.isNaN(t));
    const at = alertTimes.length ? Math.max(...alertTimes) : now.getTime();
    if (expiry < at) {
      const when = alertTimes.length ? `its latest alert (${new Date(at).toISOString()})` : 'today';
      out.push({
        path: ['PasswordExpiryTime'], target: 'value', severity: 'information', code: 'expired-password-active',
        message: `The account is active although its password expired on ${entity.PasswordExpiryTime}, before ${when}: is it really in use, and by whom?`,
      });
    }
  }
  return out;
}

function profileChecks(file: string, profile: UniqueEntityProfile, index: WorkspaceIndex): PathProblem[] {
  const out: PathProblem[] = [];
  if (!index.entity(profile.UniqueEntityId)) {
    out.push({ path: ['UniqueEntityId'], target: 'value', severity: 'warning', code: 'orphan-profile', message: `UniqueEntityId "${profile.UniqueEntityId}" matches no Unique Entity Json file.` });
  }
  const dupes = others(index.profilesByEntityId(profile.UniqueEntityId).map((p) => p.file), file);
  if (dupes.length) {
    out.push({ path: ['UniqueEntityId'], target: 'value', severity: 'warning', code: 'duplicate-profile', message: `Entity "${profile.UniqueEntityId}" has other profiles too: ${dupes.join(', ')}.` });
  }
  return out;
}

