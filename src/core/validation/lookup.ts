/**
 * What the cross-file checks (validate.ts `semanticProblems`) ask about the rest of the workspace, as one
 * small interface. The workspace index answers it (the extension, the serial CLI); so does `FactsLookup`,
 * a table of plain facts merged from shards loaded by worker threads (parallelValidation.ts), where no
 * thread holds every parsed fixture. The rules themselves exist once, in validate.ts.
 */
import { idKey, type EntityReference, type ReferenceSummary } from '../references';
import { MultiMap } from '../multiMap';
import type { CheckedAlert, CheckedRecord } from './validate';

/** An entity file as the checks see it: where it is and its `$type`. */
export interface EntityFact {
  readonly file: string;
  readonly entity: { readonly $type?: unknown };
}

export interface ValidationLookup {
  /** Files of the alerts with this id (`idKey`), in load order. */
  alertFilesWithId(id: string): readonly string[];
  /** The first entity file with this `Id`. */
  entity(id: string): EntityFact | undefined;
  /** Files of the entities with this `Id`, in load order. */
  entityFilesWithId(id: string): readonly string[];
  /** The first entity file with errors whose `Id` a tolerant parse recovered as this id. */
  brokenEntityFile(id: string): string | undefined;
  /** Files of the profiles with this `UniqueEntityId`, in load order. */
  profileFilesOf(entityId: string): readonly string[];
  /** The latest parseable `startTime` (ms) of the alerts that reference this entity id; undefined when none. */
  latestAlertTimeReferencing(entityId: string): number | undefined;
  /** The entity references of an alert (whoever loaded the alert keeps them with it). */
  referencesOf(file: string, alert: CheckedAlert): readonly EntityReference[];
  /**
   * When whoever loaded the alert keeps only a summary of its references (a batch run), that summary: the
   * checks then ask `referencesOf` only when the summary shows a problem.
   */
  referenceSummary?(file: string, alert: CheckedAlert): ReferenceSummary | undefined;
}

/** What facts are taken from: each loaded file (whole, or its checked part) and the entity keys of an alert. */
export interface FactSource {
  record(file: string): CheckedRecord | undefined;
  alertInFile(file: string): { readonly entityKeys: readonly string[] } | undefined;
}

/**
 * The facts of one shard of files, for the cross-file checks of every shard. Files are numbers: their
 * position in the whole run's file list (which every worker has). Keys are `idKey`s in load order, each
 * list joined into one string by `SEP`: a string and a typed array cross threads as one copy, where an
 * array of 50 000 strings costs a structured clone of each.
 */
export interface ShardFacts {
  alertKeys: string;
  alertFiles: Int32Array;
  entityKeys: string;
  entityFiles: Int32Array;
  /** Each entity's `$type`: "s" + the type when it is a string (the only case a check reads it), else empty. */
  entityTypes: string;
  brokenEntityKeys: string;
  brokenEntityFiles: Int32Array;
  profileKeys: string;
  profileFiles: Int32Array;
  /** Per entity key referenced by the shard's alerts, the latest parseable alert `startTime`. */
  timeKeys: string;
  times: Float64Array;
}

/** Joins keys and file names: no path holds a NUL; an id that does makes the run serial (joinList throws). */
export const SEP = '\u0000';

export function joinList(items: readonly string[]): string {
  for (const item of items) if (item.includes(SEP)) throw new Error('an id or a path holds a NUL character');
  return items.join(SEP);
}

export const splitList = (joined: string, count: number): string[] => (count === 0 ? [] : joined.split(SEP));

/** The facts of files `files[from..to)`, all loaded in `index`. */
export function extractFacts(index: FactSource, files: readonly string[], from: number, to: number): ShardFacts {
  const alertKeys: string[] = [];
  const alertFiles: number[] = [];
  const entityKeys: string[] = [];
  const entityFiles: number[] = [];
  const entityTypes: string[] = [];
  const brokenEntityKeys: string[] = [];
  const brokenEntityFiles: number[] = [];
  const profileKeys: string[] = [];
  const profileFiles: number[] = [];
  const latest = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const record = index.record(files[i]!);
    if (!record) continue;
    if (!record.ok) {
      if (record.kind === 'entity' && record.recoveredId !== undefined) {
        brokenEntityKeys.push(idKey(record.recoveredId));
        brokenEntityFiles.push(i);
      }
    } else if (record.kind === 'alert') {
      alertKeys.push(idKey(record.alert.id));
      alertFiles.push(i);
      const t = Date.parse(String(record.alert.startTime));
      if (Number.isNaN(t)) continue;
      const indexed = index.alertInFile(record.file);
      if (!indexed) continue;
      for (const key of indexed.entityKeys) {
        const seen = latest.get(key);
        if (seen === undefined || t > seen) latest.set(key, t);
      }
    } else if (record.kind === 'entity') {
      entityKeys.push(idKey(record.entity.Id));
      entityFiles.push(i);
      const type = record.entity.$type as unknown;
      entityTypes.push(typeof type === 'string' ? `s${type}` : '');
    } else {
      profileKeys.push(idKey(record.profile.UniqueEntityId));
      profileFiles.push(i);
    }
  }
  return {
    alertKeys: joinList(alertKeys), alertFiles: Int32Array.from(alertFiles),
    entityKeys: joinList(entityKeys), entityFiles: Int32Array.from(entityFiles), entityTypes: joinList(entityTypes),
    brokenEntityKeys: joinList(brokenEntityKeys), brokenEntityFiles: Int32Array.from(brokenEntityFiles),
    profileKeys: joinList(profileKeys), profileFiles: Int32Array.from(profileFiles),
    timeKeys: joinList([...latest.keys()]), times: Float64Array.from(latest.values()),
  };
}

const NO_TYPE = Object.freeze({});

/**
 * The facts of every shard, merged (shards in file order, so "first" and every list keep the serial
 * run's order), with what only the file's own thread has (references) from that thread's `local`.
 */
export class FactsLookup implements ValidationLookup {
  private readonly alerts = new MultiMap<string, string>();
  private readonly entities = new MultiMap<string, EntityFact>();
  private readonly broken = new MultiMap<string, string>();
  private readonly profiles = new MultiMap<string, string>();
  private readonly latest = new Map<string, number>();

  constructor(files: readonly string[], shards: readonly ShardFacts[], private readonly local: Pick<ValidationLookup, 'referencesOf' | 'referenceSummary'>) {
    for (const s of shards) {
      const alertKeys = splitList(s.alertKeys, s.alertFiles.length);
      for (let i = 0; i < alertKeys.length; i++) this.alerts.add(alertKeys[i]!, files[s.alertFiles[i]!]!);
      const entityKeys = splitList(s.entityKeys, s.entityFiles.length);
      const entityTypes = splitList(s.entityTypes, s.entityFiles.length);
      for (let i = 0; i < entityKeys.length; i++) {
        const type = entityTypes[i];
        this.entities.add(entityKeys[i]!, { file: files[s.entityFiles[i]!]!, entity: type ? { $type: type.slice(1) } : NO_TYPE });
      }
      const brokenKeys = splitList(s.brokenEntityKeys, s.brokenEntityFiles.length);
      for (let i = 0; i < brokenKeys.length; i++) this.broken.add(brokenKeys[i]!, files[s.brokenEntityFiles[i]!]!);
      const profileKeys = splitList(s.profileKeys, s.profileFiles.length);
      for (let i = 0; i < profileKeys.length; i++) this.profiles.add(profileKeys[i]!, files[s.profileFiles[i]!]!);
      const timeKeys = splitList(s.timeKeys, s.times.length);
      for (let i = 0; i < timeKeys.length; i++) {
        const key = timeKeys[i]!;
        const t = s.times[i]!;
        const seen = this.latest.get(key);
        if (seen === undefined || t > seen) this.latest.set(key, t);
      }
    }
  }

  alertFilesWithId(id: string): readonly string[] {
    return this.alerts.get(idKey(id));
  }
  entity(id: string): EntityFact | undefined {
    return this.entities.first(idKey(id));
  }
  entityFilesWithId(id: string): readonly string[] {
    return this.entities.get(idKey(id)).map((e) => e.file);
  }
  brokenEntityFile(id: string): string | undefined {
    return this.broken.first(idKey(id));
  }
  profileFilesOf(entityId: string): readonly string[] {
    return this.profiles.get(idKey(entityId));
  }
  latestAlertTimeReferencing(entityId: string): number | undefined {
    return this.latest.get(idKey(entityId));
  }
  referencesOf(file: string, alert: CheckedAlert): readonly EntityReference[] {
    return this.local.referencesOf(file, alert);
  }
  referenceSummary(file: string, alert: CheckedAlert): ReferenceSummary | undefined {
    return this.local.referenceSummary?.(file, alert);
  }
}
