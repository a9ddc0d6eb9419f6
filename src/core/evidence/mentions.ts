/**
 * Evidence lines name entities in prose ("WS-HR-02 made 412 failed binds against DC1"). This finds those
 * names in the text so that the panel can make them links, without ever treating the text as markup.
 */
import type { UniqueEntity } from '../model';
import { nonEmpty } from './coerce';
import type { TextSegment } from '../../shared/evidence';

const WORD = /[\p{L}\p{N}_]/u;

/** The names an entity may appear under in prose: display name, SamName (without a computer's `$`), DNS host. */
export function mentionNames(entity: UniqueEntity): string[] {
  const names = new Set<string>();
  const add = (v: unknown) => {
    const s = nonEmpty(v, 200)?.trim();
    if (s && s.length >= 2) names.add(s);
  };
  add(entity.SystemDisplayName);
  const sam = nonEmpty(entity.SamName, 200);
  if (sam) add(sam.endsWith('$') ? sam.slice(0, -1) : sam);
  const dns = nonEmpty(entity.DnsName, 200);
  if (dns) {
    add(dns);
    add(dns.split('.')[0]);
  }
  return [...names];
}

interface Match {
  start: number;
  end: number;
  entityId: string;
}

/** Splits `text` into plain and entity segments; returns the ids that were found in it. */
export function linkMentions(text: string, candidates: { entityId: string; names: string[] }[]): { segments: TextSegment[]; found: Set<string> } {
  const lower = text.toLowerCase();
  const matches: Match[] = [];
  for (const c of candidates) {
    for (const name of c.names) {
      const needle = name.toLowerCase();
      for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        const before = at > 0 ? text.charAt(at - 1) : '';
        const after = end < text.length ? text.charAt(end) : '';
        if ((before && WORD.test(before)) || (after && WORD.test(after))) continue;
        matches.push({ start: at, end, entityId: c.entityId });
      }
    }
  }
  // Earliest first, and the longest name where two start at the same place ("WS-FIN-07" over "WS").
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const segments: TextSegment[] = [];
  const found = new Set<string>();
  let pos = 0;
  for (const m of matches) {
    if (m.start < pos) continue;
    if (m.start > pos) segments.push({ text: text.slice(pos, m.start) });
    segments.push({ text: text.slice(m.start, m.end), entityId: m.entityId });
    found.add(m.entityId);
    pos = m.end;
  }
  if (pos < text.length || segments.length === 0) segments.push({ text: text.slice(pos) });
  return { segments, found };
}
