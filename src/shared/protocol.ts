/**
 * The evidence panel's message protocol: the ONE definition the extension host and the webview both
 * import. The host treats everything the webview sends as untrusted input (a compromised or confused
 * webview must not be able to open arbitrary files or run commands), so `parseWebviewMessage` accepts
 * only the message types listed here, with every field checked and no unknown fields.
 */
import type { EvidenceModel, RowsPage, RowsQuery, TableId } from './evidence';
import { isRecord, onlyKeys } from './messageChecks';

/** `viewType` of the panel (also the serializer's key). */
export const EVIDENCE_VIEW_TYPE = 'atpWorkbench.evidence';
const MAX_ENTITY_ID_LENGTH = 200;
const MAX_FILTER_LENGTH = 200;
const MAX_ROWS_PER_REQUEST = 1000;

export type VerdictChoice = 'TP' | 'B-TP' | 'FP' | 'clear';

// ---- webview → host ---------------------------------------------------------------------------------

export type WebviewMessage =
  /** The webview is listening; the host answers with `model`. */
  | { type: 'ready' }
  /** Open an entity's Unique Entity Json (or its profile) — by id; the host resolves it through the index. */
  | { type: 'openEntity'; entityId: string; target: 'entity' | 'profile' }
  /** Open the alert fixture itself. */
  | { type: 'openAlertFile' }
  /** Open the alert's portal link (the host reads it from the index and allows only http/https). */
  | { type: 'openInBrowser' }
  | { type: 'classify'; verdict: VerdictChoice }
  | { type: 'exportReport' }
  | { type: 'requestRows'; requestId: number; table: TableId; query: RowsQuery };

// ---- host → webview ---------------------------------------------------------------------------------

export type HostMessage =
  | { type: 'model'; model: EvidenceModel }
  | { type: 'rows'; requestId: number; table: TableId; page: RowsPage }
  /** The alert is gone (file deleted, id changed) or not loaded yet. */
  | { type: 'missing'; alertId: string; message: string };

/** What the webview keeps with `setState` so that the serializer can restore the panel after a reload. */
export interface PanelState {
  alertId: string;
}

export type ParseResult = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

const TABLES: readonly string[] = ['network', 'events', 'resources'];
const VERDICT_CHOICES: readonly string[] = ['TP', 'B-TP', 'FP', 'clear'];

const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function parseQuery(v: unknown): RowsQuery | string {
  if (!isRecord(v)) return 'query must be an object';
  const extra = onlyKeys(v, ['offset', 'limit', 'sort', 'filter', 'lowCertaintyOnly']);
  if (extra) return `query: ${extra}`;
  if (!isCount(v.offset, 1e9)) return 'query.offset must be a non-negative integer';
  if (!isCount(v.limit, MAX_ROWS_PER_REQUEST) || v.limit === 0) return `query.limit must be an integer from 1 to ${MAX_ROWS_PER_REQUEST}`;
  const q: RowsQuery = { offset: v.offset, limit: v.limit };
  if (v.sort !== undefined) {
    const s = v.sort;
    if (!isRecord(s) || onlyKeys(s, ['column', 'direction']) || !isCount(s.column, 64) || (s.direction !== 'asc' && s.direction !== 'desc')) {
      return 'query.sort must be { column: integer, direction: "asc" | "desc" }';
    }
    q.sort = { column: s.column, direction: s.direction };
  }
  if (v.filter !== undefined) {
    if (typeof v.filter !== 'string' || v.filter.length > MAX_FILTER_LENGTH) return `query.filter must be a string of at most ${MAX_FILTER_LENGTH} characters`;
    if (v.filter) q.filter = v.filter;
  }
  if (v.lowCertaintyOnly !== undefined) {
    if (typeof v.lowCertaintyOnly !== 'boolean') return 'query.lowCertaintyOnly must be a boolean';
    if (v.lowCertaintyOnly) q.lowCertaintyOnly = true;
  }
  return q;
}

/** Validates a message from the webview. Never throws; the reason names what was wrong (for the log). */
export function parseWebviewMessage(raw: unknown): ParseResult {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  const type = raw.type;
  if (typeof type !== 'string') return { ok: false, reason: 'no "type"' };
  const fail = (reason: string): ParseResult => ({ ok: false, reason: `${type.slice(0, 40)}: ${reason}` });
  const exact = (keys: string[]) => onlyKeys(raw, ['type', ...keys]);
  switch (type) {
    case 'ready':
    case 'openAlertFile':
    case 'openInBrowser':
    case 'exportReport': {
      const extra = exact([]);
      return extra ? fail(extra) : { ok: true, message: { type } };
    }
    case 'openEntity': {
      const extra = exact(['entityId', 'target']);
      if (extra) return fail(extra);
      const id = raw.entityId;
      if (typeof id !== 'string' || !id.trim() || id.length > MAX_ENTITY_ID_LENGTH || CONTROL.test(id)) {
        return fail(`entityId must be a non-empty string of at most ${MAX_ENTITY_ID_LENGTH} characters without control characters`);
      }
      if (raw.target !== 'entity' && raw.target !== 'profile') return fail('target must be "entity" or "profile"');
      return { ok: true, message: { type, entityId: id, target: raw.target } };
    }
    case 'classify': {
      const extra = exact(['verdict']);
      if (extra) return fail(extra);
      if (typeof raw.verdict !== 'string' || !VERDICT_CHOICES.includes(raw.verdict)) return fail('verdict must be "TP", "B-TP", "FP" or "clear"');
      return { ok: true, message: { type, verdict: raw.verdict as VerdictChoice } };
    }
    case 'requestRows': {
      const extra = exact(['requestId', 'table', 'query']);
      if (extra) return fail(extra);
      if (!isCount(raw.requestId, Number.MAX_SAFE_INTEGER)) return fail('requestId must be a non-negative integer');
      if (typeof raw.table !== 'string' || !TABLES.includes(raw.table)) return fail('table must be "network", "events" or "resources"');
      const query = parseQuery(raw.query);
      if (typeof query === 'string') return fail(query);
      return { ok: true, message: { type, requestId: raw.requestId, table: raw.table as TableId, query } };
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(type.slice(0, 40))}` };
  }
}
