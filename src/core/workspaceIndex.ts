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
import type { Alert, EntityRole, FileKind, Phase } from './model';

/** Ids are compared case-insensitively: GUIDs appear in either case across tools. */
export const idKey = (id: string): string => id.trim().toLowerCase();

/** Where in an alert an entity id is referenced. */
export type ReferenceSite =
  | { kind: 'entity'; index: number; role: EntityRole }
  | { kind: 'evidence'; index: number; item: number }
  | { kind: 'network'; index: number; side: 'source' | 'destination' }
  | { kind: 'event'; index: number }
  | { kind: 'related'; index: number };

export interface EntityReference {
  id: string;
  site: ReferenceSite;
}

export interface IndexedAlert {
  file: string;
  alert: Alert;
  phase: Phase | undefined;
  references: EntityReference[];
}

export interface IndexChange {
  /** Files whose records changed (added, updated or removed). */
  files: string[];
}

export interface IndexOptions {
  source?: FileSource;
  maxFileBytes?: number;
}

interface Derived {
  alerts: IndexedAlert[];
  alertsById: Map<string, IndexedAlert[]>;
  alertsByPhase: Map<Phase | undefined, IndexedAlert[]>;
  entitiesById: Map<string, EntityRecord[]>;
  profilesByEntityId: Map<string, ProfileRecord[]>;
  alertsByEntityId: Map<string, IndexedAlert[]>;
  invalid: InvalidRecord[];
}

export class WorkspaceIndex {
  private readonly records = new Map<string, FileRecord>();
  private derived: Derived | undefined;
  private readonly listeners = new Set<(change: IndexChange) => void>();
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
   * Loads many files; one change event at the end. With a synchronous source, files are read in
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
        this.records.set(item.file, loadFileSync(sync, item.file, item.kind, options));
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
          this.records.set(item.file, await loadFile(this.source, item.file, item.kind, options));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
    }
    this.derived = undefined;
    this.emit({ files: files.map((f) => f.file) });
  }

  /** Puts an already-loaded record (e.g. from an editor buffer) into the index. */
  set(record: FileRecord): void {
    this.records.set(record.file, record);
    this.derived = undefined;
    this.emit({ files: [record.file] });
  }

  remove(file: string): boolean {
    const had = this.records.delete(file);
    if (had) {
      this.derived = undefined;
      this.emit({ files: [file] });
    }
    return had;
  }

  /** Removes every record under a folder (a deleted or renamed directory). */
  removeUnder(folder: string): string[] {
    const prefix = folder.endsWith('/') ? folder : folder + '/';
    const gone = [...this.records.keys()].filter((f) => f.startsWith(prefix));
    for (const f of gone) this.records.delete(f);
    if (gone.length) {
      this.derived = undefined;
      this.emit({ files: gone });
    }
    return gone;
  }

  clear(): void {
    this.records.clear();
    this.derived = undefined;
    this.emit({ files: [] });
  }

  onDidChange(listener: (change: IndexChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(change: IndexChange): void {
    for (const l of this.listeners) l(change);
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

  alerts(): IndexedAlert[] {
    return this.view().alerts;
  }

  alertsById(id: string): IndexedAlert[] {
    return this.view().alertsById.get(idKey(id)) ?? [];
  }

  alertsInPhase(phase: Phase | undefined): IndexedAlert[] {
    return this.view().alertsByPhase.get(phase) ?? [];
  }

  alertInFile(file: string): IndexedAlert | undefined {
    return this.view().alerts.find((a) => a.file === file);
  }

  entity(id: string): EntityRecord | undefined {
    return this.view().entitiesById.get(idKey(id))?.[0];
  }

  entitiesById(id: string): EntityRecord[] {
    return this.view().entitiesById.get(idKey(id)) ?? [];
  }

  entities(): EntityRecord[] {
    return [...this.view().entitiesById.values()].flat();
  }

  profile(entityId: string): ProfileRecord | undefined {
    return this.view().profilesByEntityId.get(idKey(entityId))?.[0];
  }

  profilesByEntityId(entityId: string): ProfileRecord[] {
    return this.view().profilesByEntityId.get(idKey(entityId)) ?? [];
  }

  profiles(): ProfileRecord[] {
    return [...this.view().profilesByEntityId.values()].flat();
  }

  /** Alerts that reference an entity id anywhere (roles, evidence, activities, related). */
  alertsReferencing(entityId: string): IndexedAlert[] {
    return this.view().alertsByEntityId.get(idKey(entityId)) ?? [];
  }

  invalid(): InvalidRecord[] {
    return this.view().invalid;
  }

  private view(): Derived {
    if (this.derived) return this.derived;
    const d: Derived = {
      alerts: [],
      alertsById: new Map(),
      alertsByPhase: new Map(),
      entitiesById: new Map(),
      profilesByEntityId: new Map(),
      alertsByEntityId: new Map(),
      invalid: [],
    };
    const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    const files = [...this.records.keys()].sort();
    for (const file of files) {
      const r = this.records.get(file)!;
      if (!r.ok) d.invalid.push(r);
      else if (r.kind === 'alert') {
        const ia = indexAlert(r);
        d.alerts.push(ia);
        push(d.alertsById, idKey(ia.alert.id), ia);
        push(d.alertsByPhase, ia.phase, ia);
        const seen = new Set<string>();
        for (const ref of ia.references) {
          const k = idKey(ref.id);
          if (seen.has(k)) continue;
          seen.add(k);
          push(d.alertsByEntityId, k, ia);
        }
      } else if (r.kind === 'entity') push(d.entitiesById, idKey(r.entity.Id), r);
      else push(d.profilesByEntityId, idKey(r.profile.UniqueEntityId), r);
    }
    this.derived = d;
    return d;
  }
}

function indexAlert(r: AlertRecord): IndexedAlert {
  return { file: r.file, alert: r.alert, phase: effectivePhase(r.alert), references: collectReferences(r.alert) };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Every entity id an alert mentions, with where. Tolerates any shape: fixtures are untrusted. */
export function collectReferences(alert: Alert): EntityReference[] {
  const refs: EntityReference[] = [];
  arr(alert.entities).forEach((e, index) => {
    const o = obj(e);
    if (str(o.id)) refs.push({ id: o.id, site: { kind: 'entity', index, role: str(o.role) ? o.role : 'related' } });
  });
  arr(alert.evidence).forEach((e, index) => {
    arr(obj(e).entityIds).forEach((id, item) => {
      if (str(id)) refs.push({ id, site: { kind: 'evidence', index, item } });
    });
  });
  arr(alert.networkActivities).forEach((a, index) => {
    for (const side of ['source', 'destination'] as const) {
      const id = obj(obj(a)[side]).computerId;
      if (str(id)) refs.push({ id, site: { kind: 'network', index, side } });
    }
  });
  arr(alert.eventActivities).forEach((a, index) => {
    const id = obj(a).computerId;
    if (str(id)) refs.push({ id, site: { kind: 'event', index } });
  });
  arr(alert.relatedEntityIds).forEach((id, index) => {
    if (str(id)) refs.push({ id, site: { kind: 'related', index } });
  });
  return refs;
}

/** The JSON path of a reference site, for diagnostics. */
export function referencePath(site: ReferenceSite): (string | number)[] {
  switch (site.kind) {
    case 'entity': return ['entities', site.index, 'id'];
    case 'evidence': return ['evidence', site.index, 'entityIds', site.item];
    case 'network': return ['networkActivities', site.index, site.side, 'computerId'];
    case 'event': return ['eventActivities', site.index, 'computerId'];
    case 'related': return ['relatedEntityIds', site.index];
  }
}

/** Entities of an alert grouped by role (roles in `entities[]`), then related ids not already shown. */
export function entitiesByRole(alert: Alert): Map<EntityRole, string[]> {
  const byRole = new Map<EntityRole, string[]>();
  const shown = new Set<string>();
  for (const e of arr(alert.entities)) {
    const o = obj(e);
    if (!str(o.id)) continue;
    const role = str(o.role) ? o.role : 'related';
    const list = byRole.get(role) ?? [];
    if (!list.some((x) => idKey(x) === idKey(o.id as string))) list.push(o.id);
    byRole.set(role, list);
    shown.add(idKey(o.id));
  }
  const related = byRole.get('related') ?? [];
  for (const id of arr(alert.relatedEntityIds)) {
    if (str(id) && !shown.has(idKey(id))) {
      related.push(id);
      shown.add(idKey(id));
    }
  }
  if (related.length) {
    byRole.delete('related');
    byRole.set('related', related);
  }
  return byRole;
}
