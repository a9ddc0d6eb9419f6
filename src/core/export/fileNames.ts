/**
 * File names for reports. Alert titles are untrusted: the name is built from safe characters only, so a
 * title can never name a path (no separators, no `..`, no device names) on any platform.
 */
import type { Alert } from '../model';

const MAX_STEM = 80;
/** Names Windows reserves for devices, whatever the extension. */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** One file-name-safe word run: letters, digits, `-`, `_`, `.`, spaces collapsed to `-`. */
export function safeFileStem(text: string, fallback = 'alert'): string {
  let stem = text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM).replace(/[.-]+$/, '');
  if (!stem || WINDOWS_DEVICES.test(stem)) stem = fallback;
  return stem;
}

/** `2007-network-mapping-reconnaissance-dns-215e6985.xlsx`: external ID, title, and the id's start. */
export function reportFileName(alert: Pick<Alert, 'externalId' | 'title' | 'id'>): string {
  const ext = typeof alert.externalId === 'string' ? safeFileStem(alert.externalId, '') : '';
  const title = typeof alert.title === 'string' ? safeFileStem(alert.title.toLowerCase(), '') : '';
  const id = typeof alert.id === 'string' ? safeFileStem(alert.id, '').replace(/-/g, '').slice(0, 8) : '';
  const stem = [ext, title, id].filter(Boolean).join('-') || 'alert';
  return `${stem}.xlsx`;
}

/** Names for many reports in one folder: the same name twice gets `-2`, `-3`… (case-insensitively). */
export class UniqueFileNames {
  private readonly used = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const t of taken) this.used.add(t.toLowerCase());
  }

  take(name: string): string {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

/** The index workbook's name in a many-alert export. */
export const INDEX_FILE_NAME = 'alert-reports-index.xlsx';
