/**
 * Writing imported alerts into a workspace folder: `alerts/`, `entities/`, `profiles/` as in the samples.
 * Same input twice → the same bytes (nothing written the second time); a newer record of an alert
 * updates its fixture and says which fields changed; a fixture edited by hand since it was imported (or
 * written by hand) is not overwritten without `force`; every document is schema-checked before it is
 * written, atomically, and never outside the output folder. Graph verdicts go through the ledger's lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../discovery';
import type { Alert, FileKind, UniqueEntity, UniqueEntityProfile } from '../model';
import { loadValidation } from '../lazyBundles';
import { classify, ledgerFileFor, updateLedger } from '../verdicts';
import { WorkspaceIndex } from '../workspaceIndex';
import { ImportWriter } from './atomicWrite';
import { combineAlerts, describeChanges, isUntouchedImport, markImported, withoutMark } from './combine';
import { EntityMatcher } from './entityMatch';
import { mergeEntity } from './entities';
import { alertFileName, entityFileName, insideFolder, uniqueName } from './fileNames';
import { remapAlert } from './remap';
import type { ImportedAlert, ReaderResult, Skipped } from './types';

export type DocumentKind = Exclude<FileKind, 'ledger'>;

export interface MergeOptions {
  /** The workspace folder written into. */
  out: string;
  dryRun?: boolean;
  /** Overwrite fixtures edited by hand. */
  force?: boolean;
  /** Who records imported verdicts. */
  author?: string;
  ledgerPath?: string;
  maxFileBytes?: number;
  /**
   * Every incoming document passes through here before it is merged and serialised (the one place to
   * rewrite what is written, e.g. to pseudonymise it). Must be deterministic for re-imports to be no-ops.
   */
  transform?: <T extends Alert | UniqueEntity | UniqueEntityProfile>(doc: T, kind: DocumentKind) => T;
  /**
   * Checks everything about to be written (each file's text and its path relative to `out`, and the
   * verdicts as they would enter the ledger) once it is all known; a problem found stops the whole write.
   */
  verify?: (writes: PendingWrite[]) => Skipped[];
}

export interface PendingWrite {
  file: string;
  /** The path relative to the output folder, with `/`. */
  name: string;
  text: string;
}

export type Outcome = 'new' | 'updated' | 'unchanged' | 'refused';

export interface AlertOutcome {
  id: string;
  title: string;
  status: Outcome;
  where: string;
  file?: string;
  reason?: string;
  /** For updates and refused hand edits: which fields differ. */
  changes?: string[];
  synthesised: string[];
  warnings: string[];
}

export interface FileOutcome {
  id: string;
  file: string;
  status: Exclude<Outcome, 'refused'>;
}

export interface MergeReport {
  out: string;
  dryRun: boolean;
  alerts: AlertOutcome[];
  /** Records refused by a reader or by the merger, with file and line/cell. */
  refused: Skipped[];
  entities: FileOutcome[];
  profiles: FileOutcome[];
  verdicts: { recorded: number; problem?: string };
  /** What `verify` found: when not empty, nothing was written. */
  withheld: Skipped[];
  health: number;
  /** Inputs passed over on purpose, with why (not refusals). */
  ignored: Skipped[];
}

const JSON_TEXT = (doc: unknown) => JSON.stringify(doc, null, 2) + '\n';

export async function mergeIntoWorkspace(input: ReaderResult, options: MergeOptions): Promise<MergeReport> {
  const out = path.resolve(options.out);
  const write = !options.dryRun;
  const report: MergeReport = { out, dryRun: !write, alerts: [], refused: [...input.skipped], entities: [], profiles: [], verdicts: { recorded: 0 }, withheld: [], health: input.health, ignored: [...input.ignored] };
  const t = options.transform ?? (<T>(doc: T) => doc);

  const index = new WorkspaceIndex({ maxFileBytes: options.maxFileBytes });
  if (fs.existsSync(out)) await index.updateMany((await discoverFiles([out])).files);
  const matcher = new EntityMatcher(index.entities().map((r) => r.entity));

  // Entities: reuse the workspace's file for the same entity, else plan our own (merged by id).
  const idMap = new Map<string, string>();
  const planned = new Map<string, UniqueEntity>();
  for (const raw of input.entities) {
    const e = t({ ...raw }, 'entity');
    const existing = matcher.match(e);
    // Keyed by the id the alerts carry after the same transform.
    if (existing && existing.IsPartial !== true) {
      if (existing.Id !== e.Id) idMap.set(e.Id, existing.Id);
      continue;
    }
    const id = existing?.Id ?? e.Id;
    if (id !== e.Id) idMap.set(e.Id, id);
    const known = planned.get(id);
    if (known) mergeEntity(known, e);
    else planned.set(id, { ...e, Id: id });
  }

  // Alerts: one per id, every record of it combined.
  const byId = new Map<string, ImportedAlert>();
  for (const a of input.alerts) {
    const alert = remapAlert(t(a.alert, 'alert'), idMap);
    const known = byId.get(alert.id);
    if (known) {
      known.alert = combineAlerts(known.alert, alert);
      known.synthesised = known.synthesised.filter((s) => a.synthesised.includes(s));
    } else byId.set(alert.id, { ...a, alert });
  }

  // Names in use: what the folders hold now (listed once) and what this run writes.
  const takenNames = new Set<string>();
  for (const dir of ['alerts', 'entities', 'profiles']) {
    try {
      for (const name of fs.readdirSync(path.join(out, dir))) takenNames.add(dir + path.sep + name);
    } catch {
      // the folder does not exist yet
    }
  }
  // Folder and file name joined as path.join would (file names hold no separator), without its normalising.
  const taken = (dir: string) => (name: string) => takenNames.has(dir + path.sep + name);
  /** The path of a new file `name` in `dir` (never outside the output folder), its name now in use. */
  const claim = (dir: string, name: string) => {
    const file = insideFolder(out, dir + path.sep + name);
    takenNames.add(dir + path.sep + name);
    return file;
  };
  // Written at once, or — when a verification is asked for — kept until everything is known and verified.
  const pending: PendingWrite[] = [];
  const writer = write ? new ImportWriter(out) : undefined;
  const writeNow = (file: string, text: string) => writer!.write(file, text);
  const writeDoc = async (file: string, text: string) => {
    if (options.verify) pending.push({ file, name: path.relative(out, file).split(path.sep).join('/'), text });
    else await writeNow(file, text);
  };
  try {
    const used = new Set<string>();
    for (const item of byId.values()) {
      const outcome = placeAlert(item, { index, out, options, taken: taken('alerts'), claim: (name) => claim('alerts', name), names: planned });
      report.alerts.push(outcome);
      if (outcome.status === 'refused') {
        report.refused.push({ where: item.where, reason: `alert ${item.alert.id}: ${outcome.reason}` });
        continue;
      }
      for (const id of item.alert.relatedEntityIds ?? []) used.add(id);
      for (const r of item.alert.entities ?? []) used.add(r.id);
      if (write && outcome.status !== 'unchanged') await writeDoc(outcome.file!, outcome.text!);
      delete outcome.text;
    }

    for (const e of planned.values()) {
      if (!used.has(e.Id)) continue;
      const problems = loadValidation().schemaProblems('entity', e).filter((p) => p.severity === 'error');
      if (problems.length) {
        report.refused.push({ where: `entity ${e.Id}`, reason: `the entity would not validate: ${problems.map((p) => p.message).join('; ')}` });
        continue;
      }
      const existing = index.entitiesById(e.Id)[0];
      let doc = e;
      let file: string;
      if (existing) {
        doc = { ...existing.entity };
        if (!mergeEntity(doc, e)) {
          report.entities.push({ id: e.Id, file: existing.file, status: 'unchanged' });
          continue;
        }
        file = existing.file;
      } else {
        file = claim('entities', uniqueName(entityFileName(e), e.Id.replace(/^computer /, ''), taken('entities')));
      }
      if (write) await writeDoc(file, JSON_TEXT(doc));
      report.entities.push({ id: e.Id, file, status: existing ? 'updated' : 'new' });
    }

    for (const raw of input.profiles) {
      const transformed = t({ ...raw }, 'profile');
      const p = { ...transformed, UniqueEntityId: idMap.get(transformed.UniqueEntityId) ?? transformed.UniqueEntityId };
      const existing = index.profilesByEntityId(p.UniqueEntityId)[0];
      if (existing) {
        report.profiles.push({ id: p.UniqueEntityId, file: existing.file, status: 'unchanged' });
        continue;
      }
      const name = entityFileName({ $type: String(p.$type).replace(/Profile$/, ''), Id: p.UniqueEntityId, ...(planned.get(p.UniqueEntityId) ?? index.entity(p.UniqueEntityId)?.entity ?? {}) }, '.profile.json');
      const file = claim('profiles', uniqueName(name, p.UniqueEntityId, taken('profiles')));
      if (write) await writeDoc(file, JSON_TEXT(p));
      report.profiles.push({ id: p.UniqueEntityId, file, status: 'new' });
    }

    const accepted = new Set(report.alerts.filter((a) => a.status !== 'refused').map((a) => a.id));
    const verdicts = input.verdicts.filter((v) => accepted.has(v.alertId));
    const ledger = ledgerFileFor(out, options.ledgerPath);
    if (options.verify && write) {
      const records = verdicts.map((v) => ({ alertId: v.alertId, verdict: v.verdict, determination: v.determination, note: v.note, time: v.time, author: options.author ?? 'import' }));
      const ledgerWrite = records.length ? [{ file: ledger.file, name: path.relative(out, ledger.file).split(path.sep).join('/'), text: JSON.stringify(records, null, 2) }] : [];
      report.withheld = options.verify([...pending, ...ledgerWrite]);
      if (report.withheld.length) return report;
    }
    for (const { file, text } of pending) await writeNow(file, text);
    await writer?.commit();
    if (verdicts.length && write) {
      try {
        await updateLedger(ledger.file, (l) => {
          let changed = false;
          for (const v of verdicts) {
            const c = { alertId: v.alertId, verdict: v.verdict, determination: v.determination, note: v.note };
            if (classify(l, c, { author: options.author ?? 'import', time: v.time })) {
              changed = true;
              report.verdicts.recorded++;
            }
          }
          return changed;
        });
      } catch (err) {
        report.verdicts.problem = `verdicts not recorded in ${path.relative(out, ledger.file)}: ${(err as Error).message}`;
      }
    } else report.verdicts.recorded = verdicts.length && !write ? verdicts.length : 0;
  } finally {
    await writer?.abort(); // nothing is left to abort once committed
  }
  return report;
}

type Placed = AlertOutcome & { text?: string };

/** Decides what happens to one alert: its file, whether it is new, updated, unchanged or refused. */
interface PlaceContext {
  index: WorkspaceIndex;
  out: string;
  options: MergeOptions;
  taken: (name: string) => boolean;
  /** The path of a new alert file of this name, the name now in use (throws when it would leave the output folder). */
  claim: (name: string) => string;
  /** Entities this run writes, for the alert's file name. */
  names: Map<string, UniqueEntity>;
}

function placeAlert(item: ImportedAlert, ctx: PlaceContext): Placed {
  const { index, out, options, taken } = ctx;
  const a = item.alert;
  const base = { id: a.id, title: String(a.title ?? ''), where: item.where, synthesised: item.synthesised, warnings: item.warnings };
  const existing = index.alertsById(a.id).find((r) => isInsideFolder(r.file, out));
  let next = existing ? combineAlerts(withoutMark(existing.alert), a) : a;
  const marked = markImported(next, item.format, item.synthesised);
  next = marked.alert;
  const problems = loadValidation().schemaProblems('alert', next).filter((p) => p.severity === 'error');
  if (typeof next.endTime === 'string' && Date.parse(next.endTime) < Date.parse(next.startTime)) problems.push({ path: ['endTime'], target: 'value', severity: 'error', code: 'end-before-start', message: `endTime ${next.endTime} is before startTime ${next.startTime}` });
  if (problems.length) {
    return { ...base, status: 'refused', reason: `the fixture would not validate: ${problems.map((p) => `${p.path.length ? `${p.path.join('.')}: ` : ''}${p.message}`).join('; ')}` };
  }
  const text = marked.text;
  if (!existing) {
    const where = firstEntityName(a, index, ctx.names);
    let file: string;
    try {
      file = ctx.claim(uniqueName(alertFileName(a, where), a.id, taken));
    } catch (err) {
      return { ...base, status: 'refused', reason: (err as Error).message };
    }
    return { ...base, status: 'new', file, text };
  }
  const current = fs.readFileSync(existing.file, 'utf8');
  if (current === text) return { ...base, status: 'unchanged', file: existing.file };
  const changes = describeChanges(existing.alert, next);
  if (!changes.length) return { ...base, status: 'unchanged', file: existing.file };
  if (!isUntouchedImport(existing.alert) && !options.force) {
    const why = existing.alert.imported ? 'was edited by hand since it was imported' : 'was not written by an import';
    return { ...base, status: 'refused', file: existing.file, changes, reason: `${path.relative(out, existing.file)} ${why}; the import would change ${changes.join('; ') || 'only its formatting'}. Use --force to overwrite it` };
  }
  return { ...base, status: 'updated', file: existing.file, changes, text };
}

/** The source computer's (else the first entity's) name, for the file name. */
function firstEntityName(a: Alert, index: WorkspaceIndex, names: Map<string, UniqueEntity>): string | undefined {
  const refs = a.entities ?? [];
  const pick = refs.find((r) => r.role === 'sourceComputer') ?? refs.find((r) => r.role === 'sourceUser') ?? refs[0];
  if (!pick) return undefined;
  const e = names.get(pick.id) ?? index.entity(pick.id)?.entity;
  if (e && typeof e.SystemDisplayName === 'string') return e.SystemDisplayName;
  return pick.id.startsWith('computer ') ? pick.id.slice('computer '.length) : undefined;
}

function isInsideFolder(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

