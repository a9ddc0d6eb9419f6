/**
 * The workspace index: every loaded fixture, and the maps between them — alerts by id and phase,
 * entities by `Id`, profiles by `UniqueEntityId`, and references in both directions.
 *
 * Incremental by construction: `update(file)` re-reads that one file; the derived maps are rebuilt
 * lazily from the in-memory records (no I/O) the next time someone asks.
 */
import { effectivePhase } from './catalog';
import { nodeFileSource, type FileSource, type FileStat, type SyncRead } from './fileSource';
import { DEFAULT_MAX_FILE_BYTES, loadFile, loadFileSync, loadRead, type AlertRecord, type EntityRecord, type FileRecord, type InvalidRecord, type ProfileRecord } from './loader';
import type { Alert, FileKind, Phase } from './model';
import { collectEntityKeys, collectReferences, idKey, keysOfReferences, type EntityReference } from './references';
import { MultiMap } from './multiMap';
import { ReadAhead } from './readAhead';
import { isInsideFolder } from './paths';
import type { ValidationLookup } from './validation/lookup';
import type { CheckedAlert } from './validation/validate';

export interface IndexedAlert {
  readonly file: string;
  readonly alert: Alert;
  readonly phase: Phase | undefined;
  /** Every entity id the alert mentions, with where. */
  readonly references: EntityReference[];
  /** The distinct keys (`idKey`) of those ids, in first-mention order. */
  readonly entityKeys: readonly string[];
}

export interface BulkOptions {
  /** Reads in flight with an asynchronous source. */
  concurrency?: number;
  /**
   * With a synchronous source, let the event loop run after this many milliseconds of reading (an
   * extension host must stay responsive); `false` in batch runs (the CLI), where nothing else waits.
   */
  yieldEveryMs?: number | false;
  /**
   * Keep the bytes of large files until `takeBytes` asks for them (a batch validation about to locate
   * problems): reading a 60 MB file again while its first copy awaits collection doubles the peak.
   */
  keepLargeBytes?: boolean;
  /** Called with the bytes of each large file kept under `keepLargeBytes`, before it is parsed. */
  onKeptBytes?: (bytes: Uint8Array) => void;
  /** Called with each record as it is loaded (a batch check runs while the parsed value is still in the cache). */
  onRecord?: (record: FileRecord) => void;
  /**
   * false: the index keeps nothing, `onRecord` alone sees each record (a batch check keeps only what its
   * cross-file checks read: tens of thousands of whole parsed files would outlive the young generation).
   */
  keepRecords?: boolean;
  /**
   * Read the files on a worker thread while this one parses (readAhead.ts): for the extension host, whose
   * Alerts view waits for thousands of alerts. Only with the Node file source; without a worker, as usual.
   */
  readAhead?: boolean;
}

/** Fewer files are read on this thread even with `readAhead`: starting the worker costs 0.1–0.3 s in a busy extension host. */
export const READ_AHEAD_MIN_FILES = 1000;

/** Files at least this large keep their bytes under `keepLargeBytes`. */
const LARGE_FILE_BYTES = 1024 * 1024;

export interface IndexOptions {
  source?: FileSource;
  maxFileBytes?: number;
  /** Loads big files off this thread (the extension host); without it every file is loaded here. */
  largeFiles?: LargeFileLoader;
}

/** How big files are loaded off the calling thread (see validation/offThreadLoad.ts). */
export interface LargeFileLoader {
  /** Files at least this large (and within the size limit) go to `load`. */
  minBytes: number;
  /**
   * The record `loadFileSync` would give; rejects when `signal` aborts (a newer load of the file came), and a
   * rejection without an abort makes the index load the file itself.
   */
  load(file: string, kind: Exclude<FileKind, 'ledger'>, options: { maxFileBytes?: number }, signal: AbortSignal): Promise<FileRecord>;
}

/**
 * Maps are maintained incrementally: adding or replacing one record touches only that record's
 * entries, so a change costs the same in a 30-file and a 30 000-file workspace.
 */
export class WorkspaceIndex implements ValidationLookup {
  private readonly records = new Map<string, FileRecord>();
  private readonly indexedAlerts = new Map<string, IndexedAlert>();
  private readonly alertsByKey = new MultiMap<string, IndexedAlert>();
  private readonly alertsByPhaseMap = new MultiMap<Phase | undefined, IndexedAlert>();
  private readonly entitiesByKey = new MultiMap<string, EntityRecord>();
  private readonly profilesByKey = new MultiMap<string, ProfileRecord>();
  /** Built on first use (the phase tree does not need it), then maintained incrementally. */
  private alertsByEntityKey: MultiMap<string, IndexedAlert> | undefined;
  private readonly invalidRecords = new Map<string, InvalidRecord>();
  /** Bytes of large files kept by `updateMany({ keepLargeBytes })` until `takeBytes`. */
  private readonly keptBytes = new Map<string, Uint8Array>();
  /** Broken files whose id a tolerant parse recovered, by kind and id key. */
  private readonly brokenByKey = new MultiMap<string, InvalidRecord>();
  private alertList: IndexedAlert[] | undefined;
  readonly source: FileSource;
  maxFileBytes: number | undefined;
  /** Only with the Node file source: the loader reads the file from disk itself. */
  private readonly largeFiles: LargeFileLoader | undefined;
  /**
   * Loads that wait (an asynchronous read, a big file off the thread), by file: one puts its record only if
   * it is still the file's entry, i.e. no newer load, removal or clear came meanwhile. Files loaded without
   * waiting just drop the entry (cheap when nothing waits: the CLI never has an entry).
   */
  private readonly loadTickets = new Map<string, number>();
  private nextTicket = 0;
  /** Big files loading through `largeFiles`, to stop when a newer load or a removal makes them stale. */
  private readonly largeLoads = new Map<string, AbortController>();

  constructor(options: IndexOptions = {}) {
    this.source = options.source ?? nodeFileSource;
    this.maxFileBytes = options.maxFileBytes;
    this.largeFiles = this.source === nodeFileSource ? options.largeFiles : undefined;
  }

  private ticket(file: string): number {
    const t = ++this.nextTicket;
    this.loadTickets.set(file, t);
    return t;
  }

  /**
   * Reads (or re-reads) one file and replaces its record. Undefined when a newer load or a removal of the
   * file came while this one waited (its record would be stale).
   */
  async update(file: string, kind: Exclude<FileKind, 'ledger'>): Promise<FileRecord | undefined> {
    const ticket = this.ticket(file);
    const options = { maxFileBytes: this.maxFileBytes };
    let record: FileRecord | undefined;
    let stat: FileStat | undefined; // (taken once: the load below reuses it)
    if (this.largeFiles) {
      stat = await this.source.stat(file).catch(() => undefined);
      if (stat && this.isLarge(stat)) {
        record = await this.loadLarge(file, kind, options, ticket, () => loadFile(this.source, file, kind, options, stat));
        if (!record) return undefined;
      }
    }
    record ??= await loadFile(this.source, file, kind, options, stat);
    if (this.loadTickets.get(file) !== ticket) return undefined;
    this.loadTickets.delete(file);
    this.set(record);
    return record;
  }

  private isLarge(stat: { isFile: boolean; size: number }): boolean {
    return stat.isFile && stat.size >= this.largeFiles!.minBytes && stat.size <= (this.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * A big file through `largeFiles`; a load of the same file still running is stopped (its result would be
   * stale). Undefined when this load is itself stopped by a newer one or a removal.
   */
  private async loadLarge(file: string, kind: Exclude<FileKind, 'ledger'>, options: { maxFileBytes?: number }, ticket: number, here: () => FileRecord | Promise<FileRecord>): Promise<FileRecord | undefined> {
    this.largeLoads.get(file)?.abort();
    const controller = new AbortController();
    this.largeLoads.set(file, controller);
    try {
      return await this.largeFiles!.load(file, kind, options, controller.signal);
    } catch {
      // Stopped for a newer load: nothing to do. Else no worker: loaded on this thread, as without largeFiles.
      return this.loadTickets.get(file) === ticket ? here() : undefined;
    } finally {
      if (this.largeLoads.get(file) === controller) this.largeLoads.delete(file);
    }
  }

  /** Forgets a file's pending load: a stale result must not come back. */
  private dropLoad(file: string): void {
    this.loadTickets.delete(file);
    this.largeLoads.get(file)?.abort();
    this.largeLoads.delete(file);
  }

  /**
   * Loads many files. With a synchronous source, files are read in
   * batches of about 15 ms between which the event loop runs (the extension host stays responsive);
   * otherwise with bounded concurrency.
   */
  async updateMany(files: { file: string; kind: Exclude<FileKind, 'ledger'> }[], { concurrency = 32, yieldEveryMs = 15, keepLargeBytes = false, onKeptBytes, onRecord, readAhead = false, keepRecords = true }: BulkOptions = {}): Promise<void> {
    const options = { maxFileBytes: this.maxFileBytes };
    const accept = (record: FileRecord) => {
      if (keepRecords) this.put(record);
      onRecord?.(record);
    };
    const { readFileSync } = this.source;
    if (readFileSync) {
      const read = readFileSync.bind(this.source);
      const sync = {
        readFileSync: (file: string, maxBytes: number) => {
          const result = read(file, maxBytes);
          const bytes = result.bytes;
          // (only a file's own buffer: a view on a larger one is the source's reused buffer)
          if (keepLargeBytes && bytes && bytes.byteLength >= LARGE_FILE_BYTES && bytes.byteLength === bytes.buffer.byteLength) {
            this.keptBytes.set(file, bytes);
            onKeptBytes?.(bytes);
          }
          return result;
        },
      };
      const large: Promise<void>[] = [];
      const ahead = readAhead && this.source === nodeFileSource && files.length >= READ_AHEAD_MIN_FILES ? ReadAhead.start(files.map((f) => f.file), options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES) : undefined;
      try {
        let sliceStart = Date.now();
        for (let i = 0; i < files.length; i++) {
          const item = files[i]!;
          let read = ahead?.take(i);
          while (read === 'pending') {
            await ahead!.arrival();
            read = ahead!.take(i);
            sliceStart = Date.now();
          }
          if (this.loadTickets.size) this.dropLoad(item.file); // this read is newer than any load still waiting
          const record = read && read !== 'self' ? loadRead(item.file, item.kind, read, options) : this.loadHere(sync, item, options);
          if (record === 'large') {
            // Loaded on another thread while this one goes on with the rest; put when it arrives.
            const ticket = this.ticket(item.file);
            large.push(this.loadLarge(item.file, item.kind, options, ticket, () => loadFileSync(sync, item.file, item.kind, options)).then((loaded) => {
              if (!loaded || this.loadTickets.get(item.file) !== ticket) return; // loaded again or removed meanwhile
              this.loadTickets.delete(item.file);
              accept(loaded);
            }));
            continue;
          }
          accept(record);
          if (yieldEveryMs !== false && Date.now() - sliceStart > yieldEveryMs) {
            await new Promise((resolve) => setImmediate(resolve));
            sliceStart = Date.now();
          }
        }
        await Promise.all(large);
      } finally {
        ahead?.close();
      }
    } else {
      let next = 0;
      const worker = async () => {
        while (next < files.length) {
          const item = files[next++]!;
          const record = await loadFile(this.source, item.file, item.kind, options);
          accept(record);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
    }
  }

  /** One file read with the synchronous source; 'large' when it is for `largeFiles` (nothing read yet but its stat). */
  private loadHere(sync: Required<Pick<FileSource, 'readFileSync'>>, item: { file: string; kind: Exclude<FileKind, 'ledger'> }, options: { maxFileBytes?: number }): FileRecord | 'large' {
    if (!this.largeFiles) return loadFileSync(sync, item.file, item.kind, options);
    const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    let read: SyncRead;
    try {
      read = sync.readFileSync(item.file, Math.min(max, this.largeFiles.minBytes - 1));
    } catch {
      return loadFileSync(sync, item.file, item.kind, options); // (the usual record of an unreadable file)
    }
    return !read.bytes && this.isLarge(read.stat) ? 'large' : loadRead(item.file, item.kind, read, options);
  }

  /** Puts an already-loaded record (e.g. from an editor buffer) into the index. */
  set(record: FileRecord): void {
    this.keptBytes.delete(record.file);
    this.put(record);
  }

  remove(file: string): boolean {
    this.keptBytes.delete(file);
    this.dropLoad(file);
    return this.unput(file);
  }

  /** Removes every record under a folder (a deleted or renamed directory). */
  removeUnder(folder: string): string[] {
    const gone = [...this.records.keys()].filter((f) => isInsideFolder(f, folder));
    for (const f of gone) {
      this.unput(f);
      this.keptBytes.delete(f);
      this.dropLoad(f);
    }
    return gone;
  }

  clear(): void {
    this.keptBytes.clear();
    this.loadTickets.clear();
    for (const load of this.largeLoads.values()) load.abort();
    this.largeLoads.clear();
    this.records.clear();
    this.indexedAlerts.clear();
    this.alertsByKey.clear();
    this.alertsByPhaseMap.clear();
    this.entitiesByKey.clear();
    this.profilesByKey.clear();
    this.alertsByEntityKey = undefined;
    this.invalidRecords.clear();
    this.brokenByKey.clear();
    this.alertList = undefined;
  }

  /** The bytes a large file was loaded from, once (then forgotten); undefined when not kept. */
  takeBytes(file: string): Uint8Array | undefined {
    const bytes = this.keptBytes.get(file);
    this.keptBytes.delete(file);
    return bytes;
  }

  /** Forgets every kept byte (a batch validation ends). */
  dropKeptBytes(): void {
    this.keptBytes.clear();
  }

  private put(record: FileRecord): void {
    this.unput(record.file);
    this.records.set(record.file, record);
    if (!record.ok) {
      this.invalidRecords.set(record.file, record);
      if (record.recoveredId !== undefined) this.brokenByKey.add(brokenKey(record.kind, record.recoveredId), record);
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
      if (old.recoveredId !== undefined) this.brokenByKey.delete(brokenKey(old.kind, old.recoveredId), old);
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

  /**
   * Broken files of a kind whose (tolerantly recovered) id is `id`: an entity file with a syntax error
   * still answers for its `Id`, so what points at it reports the broken file once instead of "not found".
   */
  brokenFiles(kind: InvalidRecord['kind'], id: string): InvalidRecord[] {
    return this.brokenByKey.get(brokenKey(kind, id));
  }

  // What the cross-file checks ask (validation/lookup.ts).

  alertFilesWithId(id: string): string[] {
    return this.alertsById(id).map((a) => a.file);
  }

  entityFilesWithId(id: string): string[] {
    return this.entitiesById(id).map((e) => e.file);
  }

  brokenEntityFile(id: string): string | undefined {
    return this.brokenByKey.first(brokenKey('entity', id))?.file;
  }

  profileFilesOf(entityId: string): string[] {
    return this.profilesByEntityId(entityId).map((p) => p.file);
  }

  latestAlertTimeReferencing(entityId: string): number | undefined {
    let latest: number | undefined;
    for (const a of this.alertsReferencing(entityId)) {
      const t = Date.parse(String(a.alert.startTime));
      if (!Number.isNaN(t) && (latest === undefined || t > latest)) latest = t;
    }
    return latest;
  }

  /**
   * The references of an alert: the index's own copy keeps them (and prepares what the tree needs). Any
   * other alert checked against this index is a whole loaded one (an editor's buffer): this index is asked
   * about loaded records, never about a batch run's checked parts.
   */
  referencesOf(file: string, alert: CheckedAlert): readonly EntityReference[] {
    const indexed = this.indexedAlerts.get(file);
    return indexed?.alert === alert ? indexed.references : collectReferences(alert as Alert);
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
      this.keys ??= keysOfReferences(this.refs);
    }
    return this.refs;
  }
  get entityKeys(): readonly string[] {
    this.keys ??= collectEntityKeys(this.alert);
    return this.keys;
  }
}

const brokenKey = (kind: InvalidRecord['kind'], id: string) => `${kind}:${idKey(id)}`;

function indexAlert(r: AlertRecord): IndexedAlert {
  return new LazyIndexedAlert(r.file, r.alert, effectivePhase(r.alert));
}
