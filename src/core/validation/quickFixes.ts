/**
 * Quick fixes where the fix is certain, computed by the core next to the problem they fix (so the editor
 * only applies them): add a missing required property with a placeholder, fix the case of an enum value,
 * set a value the catalog knows (an alert's `phase`).
 */
import type { JsonPath } from '../json';
import type { JsonLocator } from '../jsonLocator';
import type { Problem, Range } from '../model';

/** A fix in document terms (JSON paths); `toTextFix` turns it into text edits. */
export type PathFix =
  | { kind: 'add-property'; title: string; property: string; value: unknown }
  | { kind: 'replace-value'; title: string; value: unknown };

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface TextFix {
  title: string;
  edits: TextEdit[];
}

/** A located problem, with its quick fix when there is a certain one. */
export interface FixableProblem extends Problem {
  fix?: TextFix;
}

/** The allowed value that differs from `value` only in letter case, when exactly one does. */
export function caseFix(value: unknown, allowed: readonly unknown[]): PathFix | undefined {
  if (typeof value !== 'string') return undefined;
  const same = allowed.filter((a): a is string => typeof a === 'string' && a !== value && a.toLowerCase() === value.toLowerCase());
  return same.length === 1 ? { kind: 'replace-value', title: `Change to ${JSON.stringify(same[0])}`, value: same[0] } : undefined;
}

/** Text edits for a fix; undefined when the document shape does not allow a safe edit. */
export function toTextFix(locator: JsonLocator, path: JsonPath, fix: PathFix): TextFix | undefined {
  const found = locator.find(path);
  // The path must exist exactly (the locator falls back to ancestors).
  if (!found?.exact) return undefined;
  const node = found.value;
  if (fix.kind === 'replace-value') {
    return { title: fix.title, edits: [{ range: node.range, newText: JSON.stringify(fix.value) }] };
  }
  if (node.type !== 'object') return undefined;
  const entry = `${JSON.stringify(fix.property)}: ${JSON.stringify(fix.value)}`;
  if (!node.firstChild) {
    // `{}` or `{ }`: put the property right after the brace.
    const after = { line: node.range.start.line, character: node.range.start.character + 1 };
    return { title: fix.title, edits: [{ range: { start: after, end: after }, newText: entry }] };
  }
  // Before the first property, in its layout: on its own line with the same indentation, or inline.
  const start = node.firstChild.position;
  const brace = node.range.start;
  const lineText = locator.lineTextAt(node.firstChild.offset);
  const indent = lineText.slice(0, start.character);
  const ownLine = start.line > brace.line && indent.trim() === '';
  return { title: fix.title, edits: [{ range: { start, end: start }, newText: ownLine ? `${entry},\n${indent}` : `${entry}, ` }] };
}
