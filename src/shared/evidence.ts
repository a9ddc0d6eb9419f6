/**
 * The evidence panel's view model: plain JSON the host builds from the workspace index and posts to the
 * webview. Every string in it comes from untrusted fixture files; the webview renders it as text only.
 */

/** Tone of a flag, an attribute or a triage answer; the webview maps it to a theme colour. */
export type Tone = 'neutral' | 'suspicious' | 'benign' | 'warning' | 'unknown';

export type EntityKind = 'user' | 'computer' | 'domainController' | 'group' | 'domain' | 'resource' | 'unknown';

/** A mention of an entity that the webview can turn into an "open entity" link. */
export interface EntityRefVm {
  entityId: string;
  label: string;
  kind: EntityKind;
  /** False when no `*.entity.json` has this id (the link is then inert). */
  resolved: boolean;
}

export type SeverityVm = 'High' | 'Medium' | 'Low' | 'Unknown';

export interface HeaderVm {
  title: string;
  severity: SeverityVm;
  status: string;
  externalId: string;
  /** The fixture's `type` (internal alert type name), if any. */
  alertType?: string;
  /** The catalog's official name for the external ID, when known. */
  typeName?: string;
  phase?: string;
  /** True when the phase came from the catalog rather than the fixture. */
  phaseDerived: boolean;
  /** ISO 8601 strings as written in the fixture; the webview formats them in UTC and local time. */
  startTime?: string;
  endTime?: string;
  statusUpdateTime?: string;
  /** The portal link, only when it is an http(s) URL. */
  url?: string;
  /** Why a present `url` is not offered as a link. */
  urlProblem?: string;
  mitreTechniques: string[];
}

/** A piece of an evidence line: plain text, or text that names an entity. */
export interface TextSegment {
  text: string;
  entityId?: string;
}

export interface EvidenceLineVm {
  time?: string;
  segments: TextSegment[];
  /** Entities the line lists but whose names do not appear in its text. */
  otherEntities: EntityRefVm[];
}

export interface AttributeVm {
  label: string;
  value: string;
  tone?: Tone;
}

export interface FlagVm {
  label: string;
  tone: Tone;
  /** A sentence explaining the flag (tooltip / screen reader). */
  detail?: string;
}

export interface ExclusionVm {
  externalId: string;
  author: string;
  time: string;
  reason?: string;
}

export interface EntityCardVm {
  entityId: string;
  role: string;
  kind: EntityKind;
  name: string;
  /** The Unique Entity Json `$type`, or "Unresolved". */
  typeLabel: string;
  resolved: boolean;
  hasProfile: boolean;
  attributes: AttributeVm[];
  flags: FlagVm[];
  exclusion?: ExclusionVm;
  /** How many other alerts in the workspace reference this entity. */
  otherAlerts: number;
}

export interface EntityGroupVm {
  role: string;
  label: string;
  cards: EntityCardVm[];
}

/** The attack chain, already laid out (SVG user units); the webview only draws it. */
export interface ChainNodeVm {
  key: string;
  entityId?: string;
  /** Clipped to fit the box; `tooltip` has the whole text. */
  label: string;
  sublabel: string;
  tooltip: string;
  kind: EntityKind;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
  flagged: boolean;
}

export interface ChainEdgeVm {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ChainColumnVm {
  label: string;
  /** The verb on the arrows that enter this column ("used a ticket from", "to access" …). */
  verb?: string;
  x: number;
  width: number;
}

export interface ChainVm {
  width: number;
  height: number;
  columns: ChainColumnVm[];
  nodes: ChainNodeVm[];
  edges: ChainEdgeVm[];
  /** A sentence describing the chain for screen readers and as the SVG's <desc>. */
  summary: string;
}

export type TableId = 'network' | 'events' | 'resources';

export interface ColumnVm {
  label: string;
  numeric?: boolean;
}

export interface CellVm {
  text: string;
  /** The cell names a computer: a link when resolved. */
  entityId?: string;
  tone?: Tone;
}

export interface RowVm {
  /** Position of the row in the fixture (0-based), stable across sorting. */
  index: number;
  cells: CellVm[];
  /** Low-certainty name resolution on either side. */
  lowCertainty?: boolean;
}

export type SortDirection = 'asc' | 'desc';

export interface RowsQuery {
  offset: number;
  limit: number;
  sort?: { column: number; direction: SortDirection };
  filter?: string;
  lowCertaintyOnly?: boolean;
}

export interface RowsPage {
  offset: number;
  /** Rows matching the query (after filter), not only this page. */
  total: number;
  rows: RowVm[];
  query: RowsQuery;
}

export interface TableVm {
  id: TableId;
  caption: string;
  columns: ColumnVm[];
  /** All rows in the fixture. */
  total: number;
  lowCertaintyCount?: number;
  firstPage: RowsPage;
}

export interface TriageVm {
  id: string;
  question: string;
  answer: string;
  tone: Tone;
  details: string[];
  entities: EntityRefVm[];
}

export interface VerdictVm {
  verdict?: 'TP' | 'B-TP' | 'FP';
  label: string;
  determination?: string;
  note?: string;
  author?: string;
  time?: string;
  historyCount: number;
}

export interface EvidenceModel {
  alertId: string;
  /** The fixture's file name (no folders), for display. */
  fileName: string;
  header: HeaderVm;
  description: string;
  evidence: EvidenceLineVm[];
  chain: ChainVm;
  entityGroups: EntityGroupVm[];
  tables: TableVm[];
  triage: TriageVm[];
  verdict: VerdictVm;
  /** Things wrong with the fixture that the panel works around (unresolved ids, bad times …). */
  problems: string[];
}
