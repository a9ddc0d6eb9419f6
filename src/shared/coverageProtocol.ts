/**
 * The coverage matrix's message protocol, the one definition the extension host and the webview both
 * import. As for the evidence panel, the host accepts only the message types listed here, every field
 * checked and no unknown fields: a confused webview cannot run commands or name files.
 */
import { COVERAGE_SCORES, type CoverageMatrix, type CoverageScore } from './coverage';
import { isRecord, onlyKeys } from './messageChecks';

/** `viewType` of the panel (also the serializer's key). */
export const COVERAGE_VIEW_TYPE = 'atpWorkbench.coverageMatrix';
export const MAX_EXTERNAL_ID_LENGTH = 40;

// ---- webview → host ---------------------------------------------------------------------------------

export type CoverageWebviewMessage =
  /** The webview is listening; the host answers with `matrix`. */
  | { type: 'ready' }
  /** The user switched what colours the cells (remembered for the panel). */
  | { type: 'setScore'; score: CoverageScore }
  /** Filter the Alerts view to one alert type; the host accepts only types the matrix shows. */
  | { type: 'showAlerts'; externalId: string }
  /** Run "Export ATT&CK Navigator Layer…" with the score shown. */
  | { type: 'exportLayer' };

// ---- host → webview ---------------------------------------------------------------------------------

export type CoverageHostMessage = { type: 'matrix'; matrix: CoverageMatrix; score: CoverageScore };

/** What the webview keeps with `setState`, so a restored panel shows the same score. */
export interface CoveragePanelState {
  score: CoverageScore;
}

export type CoverageParseResult = { ok: true; message: CoverageWebviewMessage } | { ok: false; reason: string };

/** Validates a message from the webview. Never throws; the reason names what was wrong (for the log). */
export function parseCoverageMessage(raw: unknown): CoverageParseResult {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  const type = raw.type;
  if (typeof type !== 'string') return { ok: false, reason: 'no "type"' };
  const fail = (reason: string): CoverageParseResult => ({ ok: false, reason: `${type.slice(0, 40)}: ${reason}` });
  const extra = (keys: string[]) => onlyKeys(raw, ['type', ...keys]);
  switch (type) {
    case 'ready':
    case 'exportLayer': {
      const e = extra([]);
      return e ? fail(e) : { ok: true, message: { type } };
    }
    case 'setScore': {
      const e = extra(['score']);
      if (e) return fail(e);
      if (!COVERAGE_SCORES.includes(raw.score as CoverageScore)) return fail('score must be "fixtures" or "fp-rate"');
      return { ok: true, message: { type, score: raw.score as CoverageScore } };
    }
    case 'showAlerts': {
      const e = extra(['externalId']);
      if (e) return fail(e);
      const id = raw.externalId;
      if (typeof id !== 'string' || !/^[0-9A-Za-z._-]{1,40}$/.test(id)) return fail(`externalId must be 1 to ${MAX_EXTERNAL_ID_LENGTH} letters, digits, dots, dashes or underscores`);
      return { ok: true, message: { type, externalId: id } };
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(type.slice(0, 40))}` };
  }
}

/** Restored state from `setState`, kept only when well-formed. */
export function parseCoveragePanelState(raw: unknown): CoveragePanelState | undefined {
  return isRecord(raw) && COVERAGE_SCORES.includes(raw.score as CoverageScore) ? { score: raw.score as CoverageScore } : undefined;
}
