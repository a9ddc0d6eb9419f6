/**
 * The workspace index: every loaded fixture, and the maps between them — alerts by id and phase,
 * entities by `Id`, profiles by `UniqueEntityId`, and references in both directions.
 *
 * Incremental by construction: `update(file)` re-reads that one file; the derived maps are rebuilt
 * lazily from the in-memory records (no I/O) the next time someone asks.
 */
import { effectivePhase } from './catalog';
import { nodeFileSource, type FileSource } from './fileSource';
import { loadFile, loadFileSync, type AlertRecord, type EntityRecord, type FileRecord, type InvalidRecord, type ProfileRecord } from './loader';
import type { Alert, FileKind, Phase } from './model';
import { collectEntityKeys, collectReferences, idKey, type EntityReference } from './references';
import { isInsideFolder } from './paths';

export interface IndexedAlert {
  readonly file: string;
  readonly alert: Alert;
  readonly phase: Phase | undefined;
  /** Every entity id the alert mentions, with where. */
  readonly references: EntityReference[];
  /** The distinct keys (`idKey`) of those ids, in first-mention order. */
  readonly entityKeys: readonly string[];
}

export interface IndexOptions {
  source?: FileSource;
  maxFileBytes?: number;
}

/**
 * A multimap that keeps insertion order and removes by identity. Most keys hold one value, so a single
 * value is stored as is and becomes an array only for the second one (far fewer allocations).
 */
class MultiMap<K, V> {
  private readonly map = new Map<K, V | V[]>();
  add(k: K, v: V): void {
    const cur = this.map.get(k);
    if (cur === undefined) this.map.set(k, v);
    else if (Array.isArray(cur)) cur.push(v);
    else this.map.set(k, [cur, v]);
  }
  delete(k: K, v: V): void {
    const cur = this.map.get(k);
    if (cur === undefined) return;
    if (!Array.isArray(cur)) {
      if (cur === v) this.map.delete(k);
      return;
    }
    const i = cur.indexOf(v);
    if (i >= 0) cur.splice(i, 1);
    if (cur.length === 1) this.map.set(k, cur[0]!);
    else if (cur.length === 0) this.map.delete(k);
  }
  get(k: K): V[] {
    const cur = this.map.get(k);
    return cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
  }
  count(k: K): number {
    const cur = this.map.get(k);
    return cur === undefined ? 0 : Array.isArray(cur) ? cur.length : 1;
  }
  first(k: K): V | undefined {
    const cur = this.map.get(k);
    return Array.isArray(cur) ? cur[0] : cur;
  }
  values(): V[] {
    const out: V[] = [];
    for (const v of this.map.values()) {
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * Maps are maintained incrementally: adding or replacing one record touches only that record's
 * entries, so a change costs the same in a 30-file and a 30 000-file workspace.
 */
export class WorkspaceIndex {
  private readonly records = new Map<string, FileRecord>();
  private readonly indexedAlerts = new Map<string, IndexedAlert>();
  private readonly alertsByKey = new MultiMap<string, IndexedAlert>();
  private readonly alertsByPhaseMap = new MultiMap<Phase | undefined, IndexedAlert>();
  private readonly entitiesByKey = new MultiMap<string, EntityRecord>();
  private readonly profilesByKey = new MultiMap<string, ProfileRecord>();
  /** Built on first use (the phase tree does not need it), then maintained incrementally. */
  private alertsByEntityKey: MultiMap<string, IndexedAlert> | undefined;
  private readonly invalidRecords = new Map<string, InvalidRecord>();
  private alertList: IndexedAlert[] | undefined;
  readonly source: FileSource;
  maxFileBytes: number | undefined;

  constructor(options: IndexOptions = {}) {
    this.source = options.source ?? nodeFileSource;
    this.maxFileBytes = options.maxFileBytes;
  }

  /** Reads (or re-reads) one file and replaces its record. */
  async update(file: string, kind: Exclude<FileKind, 'ledger'>): Promise<FileRecord> {
    const record = await loadFile(this.source, file, kind, { maxFileBytes: this.maxFileBytes });
    this.set(record);
    return record;
  }

  /**
   * Loads many files. With a synchronous source, files are read in
   * batches of about 15 ms between which the event loop runs (the extension host stays responsive);
   * otherwise with bounded concurrency.
   */
  async updateMany(files: { file: string; kind: Exclude<FileKind, 'ledger'> }[], concurrency = 32): Promise<void> {
    const options = { maxFileBytes: this.maxFileBytes };
    const { readFileSync } = this.source;
    if (readFileSync) {
      const sync = { readFileSync: readFileSync.bind(this.source) };
      let sliceStart = Date.now();
      for (const item of files) {
        this.put(loadFileSync(sync, item.file, item.kind, options));
        if (Date.now() - sliceStart > 15) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = Date.now();
        }
      }
    } else {
      let next = 0;
      const worker = async () => {
        while (next < files.length) {
          const item = files[next++]!;
          this.put(await loadFile(this.source, item.file, item.kind, options));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
    }
  }

  /** Puts an already-loaded record (e.g. from an editor buffer) into the index. */
  set(record: FileRecord): void {
    this.put(record);
  }

  remove(file: string): boolean {
    return this.unput(file);
  }

  /** Removes every record under a folder (a deleted or renamed directory). */
  removeUnder(folder: string): string[] {
    const gone = [...this.records.keys()].filter((f) => isInsideFolder(f, folder));
    for (const f of gone) this.unput(f);
    return gone;
  }

  clear(): void {
    this.records.clear();
    this.indexedAlerts.clear();
    this.alertsByKey.clear();
    this.alertsByPhaseMap.clear();
    this.entitiesByKey.clear();
    this.profilesByKey.clear();
    this.alertsByEntityKey = undefined;
    this.invalidRecords.clear();
    this.alertList = undefined;
  }

  private put(record: FileRecord): void {
    this.unput(record.file);
    this.records.set(record.file, record);
    if (!record.ok) {
      this.invalidRecords.set(record.file, record);
    } else if (record.kind === 'alert') {
      const ia = indexAlert(record);
      this.indexedAlerts.set(record.file, ia);
      this.alertsByKey.add(idKey(ia.alert.id), ia);
      this.alertsByPhaseMap.add(ia.phase, ia);
      if (this.alertsByEntityKey) for (const k of ia.entityKeys) this.alertsByEntityKey.add(k, ia);
      this.alertList = undefined;
    } else if (record.kind === 'entity') {
      this.entitiesByKey.add(idKey(record.entity.Id), record);
    } else {
      this.profilesByKey.add(idKey(record.profile.UniqueEntityId), record);
    }
  }

  private unput(file: string): boolean {
    const old = this.records.get(file);
    if (!old) return false;
    this.records.delete(file);
    if (!old.ok) {
      this.invalidRecords.delete(file);
    } else if (old.kind === 'alert') {
      const ia = this.indexedAlerts.get(file);
      if (ia) {
        this.indexedAlerts.delete(file);
        this.alertsByKey.delete(idKey(ia.alert.id), ia);
        this.alertsByPhaseMap.delete(ia.phase, ia);
        if (this.alertsByEntityKey) for (const k of ia.entityKeys) this.alertsByEntityKey.delete(k, ia);
        this.alertList = undefined;
      }
    } else if (old.kind === 'entity') {
      this.entitiesByKey.delete(idKey(old.entity.Id), old);
    } else {
      this.profilesByKey.delete(idKey(old.profile.UniqueEntityId), old);
    }
    return true;
  }

  record(file: string): FileRecord | undefined {
    return this.records.get(file);
  }

  files(): string[] {
    return [...this.records.keys()];
  }

  get size(): number {
    return this.records.size;
  }

  /** Every alert, in file-path order (stable across runs). */
  alerts(): IndexedAlert[] {
    this.alertList ??= [...this.indexedAlerts.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return this.alertList;
  }

  alertsById(id: string): IndexedAlert[] {
    return this.alertsByKey.get(idKey(id));
  }

  /** How many alerts use this id (no array made: the tree asks for each of thousands of rows). */
  alertCountById(id: string): number {
    return this.alertsByKey.count(idKey(id));
  }

  alertsInPhase(phase: Phase | undefined): IndexedAlert[] {
    return this.alertsByPhaseMap.get(phase);
  }

  alertInFile(file: string): IndexedAlert | undefined {
    return this.indexedAlerts.get(file);
  }

  entity(id: string): EntityRecord | undefined {
    return this.entitiesByKey.first(idKey(id));
  }

  entitiesById(id: string): EntityRecord[] {
    return this.entitiesByKey.get(idKey(id));
  }

  /** Whether an entity file has this key (an `idKey`, e.g. from `IndexedAlert.entityKeys`). */
  hasEntityKey(key: string): boolean {
    return this.entitiesByKey.count(key) > 0;
  }

  entities(): EntityRecord[] {
    return this.entitiesByKey.values();
  }

  profile(entityId: string): ProfileRecord | undefined {
    return this.profilesByKey.first(idKey(entityId));
  }

  profilesByEntityId(entityId: string): ProfileRecord[] {
    return this.profilesByKey.get(idKey(entityId));
  }

  profiles(): ProfileRecord[] {
    return this.profilesByKey.values();
  }

  /** Alerts that reference an entity id anywhere (roles, evidence, activities, related). */
  alertsReferencing(entityId: string): IndexedAlert[] {
    if (!this.alertsByEntityKey) {
      this.alertsByEntityKey = new MultiMap();
      for (const ia of this.alerts()) for (const k of ia.entityKeys) this.alertsByEntityKey.add(k, ia);
    }
    return this.alertsByEntityKey.get(idKey(entityId));
  }

  invalid(): InvalidRecord[] {
    return [...this.invalidRecords.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
  }
}

/**
 * An indexed alert; its references and their keys are collected on first use (loading needs neither).
 * The tree's rows need only the keys, which cost no object per mention; validation needs the references.
 */
class LazyIndexedAlert implements IndexedAlert {
  private refs: EntityReference[] | undefined;
  private keys: string[] | undefined;
  constructor(readonly file: string, readonly alert: Alert, readonly phase: Phase | undefined) {}
  get references(): EntityReference[] {
    if (!this.refs) {
      this.refs = collectReferences(this.alert);
      // The start-up validation pass asks for the references: the keys come almost free with them,
      // and a first expansion of the tree then finds them ready.
      this.keys ??= [...new Set(this.refs.map((ref) => idKey(ref.id)))];
    }
    return this.refs;
  }
  get entityKeys(): readonly string[] {
    this.keys ??= collectEntityKeys(this.alert);
    return this.keys;
  }
}

function indexAlert(r: AlertRecord): IndexedAlert {
  return new LazyIndexedAlert(r.file, r.alert, effectivePhase(r.alert));
}
