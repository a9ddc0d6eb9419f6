// Shared by test/unit/validation-*.test.ts: validate one document the way the editor and the CLI do.
import { loadText } from '../../src/core/loader';
import type { Problem } from '../../src/core/model';
import type { FixableProblem } from '../../src/core/validation/quickFixes';
import { validateRecord } from '../../src/core/validation/validate';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';

export type Kind = 'alert' | 'entity' | 'profile';
export const NOW = new Date('2025-06-01T00:00:00Z');

/** Validates `doc` (pretty-printed unless a string) in an index that also holds `others`. */
export async function check(kind: Kind, doc: object | string, options: { others?: { kind: Kind; doc: object; file?: string }[]; strict?: boolean } = {}) {
  const index = new WorkspaceIndex();
  (options.others ?? []).forEach((o, i) => index.set(loadText(o.file ?? `/ws/other${i}.${o.kind}.json`, o.kind, JSON.stringify(o.doc))));
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  const record = loadText(`/ws/subject.${kind}.json`, kind, text);
  index.set(record);
  const problems: FixableProblem[] = await validateRecord(record, index, () => text, { now: NOW, strict: options.strict });
  return { problems, text };
}

/** The text a problem's range covers. */
export function covered(text: string, p: Problem): string {
  const lines = text.split('\n');
  if (p.range.start.line !== p.range.end.line) {
    const inner = lines.slice(p.range.start.line, p.range.end.line + 1);
    inner[inner.length - 1] = inner[inner.length - 1]!.slice(0, p.range.end.character);
    inner[0] = inner[0]!.slice(p.range.start.character);
    return inner.join('\n');
  }
  return lines[p.range.start.line]!.slice(p.range.start.character, p.range.end.character);
}

/** Applies a problem's quick fix to the text (edits do not overlap). */
export function applyFix(text: string, p: FixableProblem): string {
  const lines = text.split('\n');
  const offset = (pos: { line: number; character: number }) => lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
  const edits = [...(p.fix?.edits ?? [])].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
