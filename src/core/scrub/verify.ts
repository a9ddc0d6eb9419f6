// The built-in verification: every original token searched for, case-insensitively, in every output
// (file names included), reported with the file and the position. A hit inside a structural field's
// value or a schema property name ("High", "$type": "User") is not content and is not reported.
import { getLocation } from 'jsonc-parser';
import { LineMap } from '../json';
import { STRUCTURAL_FIELDS, schemaPropertyNames, structuralAt } from './fields';
import { TokenMatcher, type Token } from './tokens';

export interface Leftover {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The text found (an original token). */
  found: string;
  /** Where: the file's content, or its name. */
  where: 'content' | 'name';
}

export class LeftoverFinder {
  private readonly matcher: TokenMatcher;

  constructor(tokens: Iterable<Token>) {
    this.matcher = new TokenMatcher(tokens);
  }

  get tokenCount(): number {
    return this.matcher.size;
  }

  /** Leftovers in one output: its text (JSON or not) and its name (a path relative to the output root). */
  find(file: string, text: string, options: { json: boolean; name?: string }): Leftover[] {
    const out: Leftover[] = [];
    if (options.name) {
      for (const m of this.matcher.matches(options.name, true)) {
        out.push({ file, line: 1, column: m.start + 1, found: options.name.slice(m.start, m.end), where: 'name' });
      }
    }
    const hits = this.matcher.matches(text, true);
    if (hits.length === 0) return out;
    const lines = new LineMap(text);
    for (const m of hits) {
      if (options.json && this.isStructure(text, m.start)) continue;
      const at = lines.rangeAt(m.start, m.end - m.start).start;
      out.push({ file, line: at.line + 1, column: at.character + 1, found: text.slice(m.start, m.end), where: 'content' });
    }
    return out;
  }

  private isStructure(text: string, offset: number): boolean {
    const quick = structuralAt(text, offset);
    if (quick !== undefined) return quick;
    const location = getLocation(text, offset + 1);
    const last = location.path[location.path.length - 1];
    if (location.isAtPropertyKey) return typeof last === 'string' && schemaPropertyNames().has(last);
    const key = [...location.path].reverse().find((p) => typeof p === 'string');
    return typeof key === 'string' && STRUCTURAL_FIELDS.has(key);
  }
}
