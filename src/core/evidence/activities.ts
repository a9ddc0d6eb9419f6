/**
 * Activity tables (network activities, event activities, accessed resources). An alert may carry
 * 100 000 network activities: the host keeps every row here and sends the webview one sorted, filtered
 * page at a time, so the first screen never waits for the whole table.
 */
import type { Alert } from '../model';
import type { WorkspaceIndex } from '../workspaceIndex';
import { asArr, asObj, detailsText, nonEmpty, text, timeMs } from './coerce';
import { entityLabel } from './entities';
import type { CellVm, ColumnVm, RowsPage, RowsQuery, RowVm, TableId, TableVm } from '../../shared/evidence';
import { lookupTable } from '../../shared/lookupTable';

export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

type SortKey = number | string | undefined;

interface StoredRow {
  vm: RowVm;
  /** Sort keys per column; absent when the table sorts by `keyAt` straight from the fixture. */
  keys?: SortKey[];
}

/** What the text filter searches: the row's cells as shown, lower-cased. */
const searchTextOf = (r: StoredRow): string => r.vm.cells.map((c) => c.text).join('\u0000').toLowerCase();

/** The sort key of a time: its milliseconds when valid, else its raw text (what `formatUtc` shows). */
function timeKey(v: unknown): SortKey {
  return timeMs(v) ?? (text(v, 80) || undefined);
}

/** `2025-02-06 08:02:19.120` for a valid ISO time (UTC, as the portal's report), else the raw text. */
export function formatUtc(v: unknown): { text: string; key: SortKey } {
  const key = timeKey(v);
  if (typeof key !== 'number') return { text: text(v, 80) ?? '', key };
  return { text: new Date(key).toISOString().replace('T', ' ').replace('Z', ''), key };
}

const numKey = (v: unknown): SortKey => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strKey = (s: string): SortKey => (s ? s.toLowerCase() : undefined);

/** What a table was made from, and the shortcuts its maker knows. */
interface TableMaking {
  /** The alert object the rows come from (the index replaces it when its file changes). */
  alert: Alert;
  /** Whether every computer name the rows used is still the index's name for that id. */
  namesUnchanged?: (index: WorkspaceIndex) => boolean;
  /** Rows with a low-certainty name resolution (counted without building rows). */
  lowCertaintyCount?: number;
  /** A sort key straight from the fixture, so that sorting does not build 100 000 rows. */
  keyAt?: (index: number, column: number) => SortKey;
  /** Whether a row has a low-certainty name resolution, straight from the fixture. */
  lowAt?: (index: number) => boolean;
}

export class ActivityTable {
  private readonly sorted = new Map<string, Int32Array>();
  private mask: { key: string; match: Uint8Array } | undefined;
  /** Rows are built when first needed: the first screen needs 100 of them, not 100 000. */
  private readonly built: (StoredRow | undefined)[];
  /**
   * Search texts, kept apart from the rows: filtering builds each row only to read its text, and
   * keeping 100 000 row view models would cost ~150 MB where the texts cost ~15 MB.
   */
  private readonly searchTexts: (string | undefined)[];
  /** How far `prepareSearch` has got. */
  private prepared = 0;

  /** Rows with a low-certainty name resolution (counted without building rows). */
  readonly lowCertaintyCount: number;

  constructor(
    readonly id: TableId,
    readonly caption: string,
    readonly columns: ColumnVm[],
    readonly total: number,
    private readonly buildRow: (index: number) => StoredRow,
    private readonly made: TableMaking,
  ) {
    this.lowCertaintyCount = made.lowCertaintyCount ?? 0;
    this.built = new Array(total);
    this.searchTexts = new Array(total);
  }

  /**
   * Whether this table still shows `alert` as the index now names its computers: then a rebuild of the
   * panel (a verdict recorded, another file changed) keeps it, with its built rows, sort orders and
   * search texts, instead of redoing them for 100 000 rows.
   */
  reusableFor(alert: Alert, index: WorkspaceIndex): boolean {
    return this.made.alert === alert && (this.made.namesUnchanged?.(index) ?? true);
  }

  private row(i: number): StoredRow {
    return (this.built[i] ??= this.buildRow(i));
  }

  private lowCertaintyAt(i: number): boolean {
    return this.made.lowAt ? this.made.lowAt(i) : this.row(i).vm.lowCertainty === true;
  }

  private searchText(i: number): string {
    return (this.searchTexts[i] ??= searchTextOf(this.built[i] ?? this.buildRow(i)));
  }

  /**
   * Prepares the text filter ahead of the first keystroke, a slice at a time: returns true when every
   * row's search text is ready, false when `timeLeft` ran out first (call again later).
   */
  prepareSearch(timeLeft: () => boolean): boolean {
    while (this.prepared < this.total) {
      const end = Math.min(this.total, this.prepared + 256);
      for (let i = this.prepared; i < end; i++) this.searchText(i);
      this.prepared = end;
      if (!timeLeft()) break;
    }
    return this.prepared >= this.total;
  }

  /** One page of rows for a sort / filter / offset; never throws for odd input (it is clamped). */
  query(q: RowsQuery): RowsPage {
    const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(q.limit) || DEFAULT_PAGE_SIZE));
    const offset = Math.max(0, Math.floor(q.offset) || 0);
    const sort = q.sort && q.sort.column >= 0 && q.sort.column < this.columns.length ? q.sort : undefined;
    const order = sort ? this.order(sort.column, sort.direction) : undefined;
    const match = this.matcher(q.filter ?? '', q.lowCertaintyOnly === true);
    const rows: RowVm[] = [];
    let total = 0;
    if (!match) {
      // No filter: the page is a slice of the (sorted) order; nothing else needs building.
      for (let i = offset; i < Math.min(this.total, offset + limit); i++) rows.push(this.row(order ? order[i]! : i).vm);
      total = this.total;
    } else {
      for (let i = 0; i < this.total; i++) {
        const at = order ? order[i]! : i;
        if (!match[at]) continue;
        if (total >= offset && rows.length < limit) rows.push(this.row(at).vm);
        total++;
      }
    }
    const query: RowsQuery = { offset, limit, ...(sort ? { sort } : {}), ...(q.filter ? { filter: q.filter } : {}), ...(q.lowCertaintyOnly ? { lowCertaintyOnly: true } : {}) };
    return { offset, total, rows, query };
  }

  toVm(pageSize = DEFAULT_PAGE_SIZE): TableVm {
    const vm: TableVm = {
      id: this.id,
      caption: this.caption,
      columns: this.columns,
      total: this.total,
      firstPage: this.query({ offset: 0, limit: pageSize }),
    };
    if (this.id === 'network') vm.lowCertaintyCount = this.lowCertaintyCount;
    return vm;
  }

  private order(column: number, direction: 'asc' | 'desc'): Int32Array {
    const cacheKey = `${column}:${direction}`;
    const cached = this.sorted.get(cacheKey);
    if (cached) return cached;
    const idx = new Int32Array(this.total);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const keyAt = this.made.keyAt;
    const keys = Array.from({ length: this.total }, (_, i) => (keyAt ? keyAt(i, column) : this.row(i).keys?.[column]));
    const sign = direction === 'desc' ? -1 : 1;
    idx.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      // Empty cells last in both directions; ties keep the fixture's order.
      if (ka === undefined || kb === undefined) return ka === kb ? a - b : ka === undefined ? 1 : -1;
      if (ka === kb) return a - b;
      if (typeof ka === 'number' && typeof kb === 'number') return (ka - kb) * sign;
      return (String(ka) < String(kb) ? -1 : 1) * sign;
    });
    this.sorted.set(cacheKey, idx);
    return idx;
  }

  private matcher(filter: string, lowOnly: boolean): Uint8Array | undefined {
    const needle = filter.trim().toLowerCase();
    if (!needle && !lowOnly) return undefined;
    const key = `${lowOnly ? 1 : 0}:${needle}`;
    if (this.mask?.key === key) return this.mask.match;
    const match = new Uint8Array(this.total);
    for (let i = 0; i < this.total; i++) {
      if (lowOnly && !this.lowCertaintyAt(i)) continue;
      if (needle && !this.searchText(i).includes(needle)) continue;
      match[i] = 1;
    }
    this.mask = { key, match };
    return match;
  }
}

/** Resolves computer ids to names once per id (100 000 rows usually name a handful of computers). */
function computerNamer(index: WorkspaceIndex) {
  const cache = new Map<string, string>();
  const nameOf = (within: WorkspaceIndex, id: string) => entityLabel(within.entity(id)?.entity, id);
  const name = (id: string): string => {
    let found = cache.get(id);
    if (found === undefined) {
      found = nameOf(index, id);
      cache.set(id, found);
    }
    return found;
  };
  const namesUnchanged = (now: WorkspaceIndex): boolean => {
    if (now !== index) return false;
    for (const [id, used] of cache) if (nameOf(now, id) !== used) return false;
    return true;
  };
  return { name, namesUnchanged };
}

const NETWORK_COLUMNS: ColumnVm[] = [
  { label: 'Time (UTC)' },
  { label: 'Source IP' },
  { label: 'Source port', numeric: true },
  { label: 'Source computer' },
  { label: 'Source certainty' },
  { label: 'Source resolution' },
  { label: 'Destination IP' },
  { label: 'Destination port', numeric: true },
  { label: 'Destination computer' },
  { label: 'Destination certainty' },
  { label: 'Destination resolution' },
  { label: 'Protocol' },
  { label: 'Details' },
];

const CERTAINTY_RANK: Record<string, number> = lookupTable({ Low: 0, Medium: 1, High: 2 });

export function networkTable(index: WorkspaceIndex, alert: Alert): ActivityTable {
  const { name, namesUnchanged } = computerNamer(index);
  const list = asArr(alert.networkActivities);
  let low = 0;
  for (const raw of list) if (isLow(raw)) low++;
  // Rows carry no sort keys: keyAt reads them straight from the fixture, so a row costs its cells only.
  const buildRow = (i: number): StoredRow => {
    const a = asObj(list[i]);
    const cells: CellVm[] = [{ text: formatUtc(a.time).text }];
    for (const side of ['source', 'destination'] as const) {
      const e = asObj(a[side]);
      const computerId = nonEmpty(e.computerId, 200);
      const certainty = text(e.certainty, 400) ?? '';
      cells.push({ text: text(e.ip, 400) ?? '' }, { text: text(e.port, 400) ?? '' }, computerId ? { text: name(computerId), entityId: computerId } : { text: '' });
      cells.push(certainty === 'Low' ? { text: certainty, tone: 'warning' } : { text: certainty }, { text: methodsOf(e) });
    }
    cells.push({ text: text(a.protocol, 400) ?? '' }, { text: detailsText(a.details) });
    return { vm: isLow(a) ? { index: i, cells, lowCertainty: true } : { index: i, cells } };
  };
  const keyAt = (i: number, column: number): SortKey => {
    const a = asObj(list[i]);
    if (column === 0) return timeKey(a.time); // sorting 100 000 rows needs no formatted text
    if (column === 11) return strKey(text(a.protocol, 400) ?? '');
    if (column === 12) return strKey(detailsText(a.details));
    const e = asObj(a[column <= 5 ? 'source' : 'destination']);
    switch ((column - 1) % 5) {
      case 0: return strKey(text(e.ip, 400) ?? '');
      case 1: return numKey(e.port);
      case 2: {
        const id = nonEmpty(e.computerId, 200);
        return id ? strKey(name(id)) : undefined;
      }
      case 3: {
        const c = text(e.certainty, 400) ?? '';
        return CERTAINTY_RANK[c] ?? strKey(c);
      }
      default: return strKey(methodsOf(e));
    }
  };
  return new ActivityTable('network', 'Network activities', NETWORK_COLUMNS, list.length, buildRow, {
    alert, namesUnchanged, lowCertaintyCount: low, keyAt, lowAt: (i) => isLow(list[i]),
  });
}

/** The name-resolution methods of one side of a network activity, as shown. */
const methodsOf = (side: Record<string, unknown>): string => asArr(side.resolutionMethods).map((m) => text(m, 400)).filter((m): m is string => !!m).join(', ');

/** Low-certainty name resolution on either side of a network activity. */
function isLow(raw: unknown): boolean {
  const a = asObj(raw);
  return asObj(a.source).certainty === 'Low' || asObj(a.destination).certainty === 'Low';
}

const EVENT_COLUMNS: ColumnVm[] = [
  { label: 'Time (UTC)' },
  { label: 'Computer' },
  { label: 'Provider' },
  { label: 'Event ID', numeric: true },
  { label: 'Details' },
];

export function eventTable(index: WorkspaceIndex, alert: Alert): ActivityTable {
  const { name, namesUnchanged } = computerNamer(index);
  const list = asArr(alert.eventActivities);
  const buildRow = (i: number): StoredRow => {
    const a = asObj(list[i]);
    const time = formatUtc(a.time);
    const computerId = nonEmpty(a.computerId, 200);
    const computer = computerId ? name(computerId) : '';
    const provider = text(a.provider, 400) ?? '';
    const eventId = text(a.eventId, 400) ?? '';
    const details = detailsText(a.details);
    return {
      vm: { index: i, cells: [{ text: time.text }, computerId ? { text: computer, entityId: computerId } : { text: '' }, { text: provider }, { text: eventId }, { text: details }] },
      keys: [time.key, strKey(computer), strKey(provider), numKey(a.eventId), strKey(details)],
    };
  };
  return new ActivityTable('events', 'Event activities', EVENT_COLUMNS, list.length, buildRow, { alert, namesUnchanged });
}

const RESOURCE_COLUMNS: ColumnVm[] = [
  { label: 'Time (UTC)' },
  { label: 'Computer' },
  { label: 'Name' },
  { label: 'Details' },
  { label: 'Type' },
  { label: 'Service' },
];

export function resourceTable(alert: Alert): ActivityTable {
  const list = asArr(alert.accessedResources);
  const buildRow = (i: number): StoredRow => {
    const a = asObj(list[i]);
    const time = formatUtc(a.time);
    const cells: CellVm[] = [{ text: time.text }, ...(['computer', 'name', 'details', 'type', 'service'] as const).map((k) => ({ text: text(a[k], 400) ?? '' }))];
    return { vm: { index: i, cells }, keys: [time.key, ...cells.slice(1).map((c) => strKey(c.text))] };
  };
  return new ActivityTable('resources', 'Accessed resources', RESOURCE_COLUMNS, list.length, buildRow, { alert });
}
