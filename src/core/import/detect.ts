/**
 * Which reader fits an input, decided from its content (never its name): the first bytes are enough.
 * An xlsx is a zip; CEF lines carry `|Microsoft|`; JSON and CSV are told apart by the fields or
 * columns each source is documented to have.
 */
import type { SourceFormat } from './types';

export type Detection = { format: SourceFormat } | { format: undefined; reason: string };

/** How many leading bytes `detectFormat` looks at. */
export const DETECT_BYTES = 64 * 1024;

const SENTINEL_FIELDS = ['SystemAlertId', 'VendorOriginalId', 'ProviderName', 'AlertName', 'AlertType', 'ExtendedProperties'];
const XDR_FIELDS = ['AlertId', 'ServiceSource', 'EntityType', 'EvidenceRole', 'AttackTechniques', 'DetectionSource'];

export function detectFormat(head: Uint8Array): Detection {
  if (head.length === 0) return { format: undefined, reason: 'the input is empty' };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx' };
  if (head.indexOf(0) >= 0) return { format: undefined, reason: 'the input is binary (it contains NUL bytes) and is not a workbook' };
  let text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!/\S/.test(text)) return { format: undefined, reason: 'the input is empty' };
  const firstLines = text.split(/\r?\n/).filter((l) => /\S/.test(l)).slice(0, 20);
  if (firstLines.some((l) => l.includes('|Microsoft|'))) return { format: 'cef' };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = jsonFormat(trimmed);
    if (json) return { format: json };
    return { format: undefined, reason: 'JSON, but not a Sentinel SecurityAlert, Graph security alert or Defender XDR AlertInfo/AlertEvidence export' };
  }
  const header = firstLines[0]!.replace(/"/g, '').split(/[,;\t]/).map((c) => c.trim());
  if (header.includes('SystemAlertId') || (header.includes('AlertName') && header.includes('ProviderName'))) return { format: 'sentinel' };
  if (header.includes('AlertId') && XDR_FIELDS.some((f) => f !== 'AlertId' && header.includes(f))) return { format: 'xdr' };
  if (firstLines.some((l) => /CEF:\d\|/.test(l))) return { format: undefined, reason: 'CEF events, but none from Microsoft (Defender for Identity or ATA)' };
  return { format: undefined, reason: 'not an alert export: no CEF line with "|Microsoft|", no JSON, no CSV header of Sentinel or Defender XDR' };
}

/** The field names in the first record of a JSON value, JSON array or JSON Lines text (from the head only). */
function jsonFormat(text: string): SourceFormat | undefined {
  const names = new Set<string>();
  for (const m of text.slice(0, 16384).matchAll(/"([A-Za-z@$][\w.@$-]*)"\s*:/g)) names.add(m[1]!);
  const has = (n: string) => names.has(n);
  if (has('vendorInformation') || has('serviceSource') || has('detectionSource') || has('alertWebUrl') || [...names].some((n) => n === '@odata.type' || n === '@odata.context')) {
    return 'graph';
  }
  if (/"category"\s*:\s*"AdvancedHunting-Alert(Info|Evidence)"/i.test(text) || (has('AlertId') && XDR_FIELDS.some((f) => f !== 'AlertId' && has(f)))) return 'xdr';
  if (SENTINEL_FIELDS.filter(has).length >= 2) return 'sentinel';
  return undefined;
}
