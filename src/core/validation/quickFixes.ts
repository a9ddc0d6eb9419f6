/**
 * Quick fixes where the fix is certain, computed by the core next to the problem they fix (so the editor
 * only applies them): add a missing required property with a placeholder, fix the case of an enum value,
 * set a value the catalog knows (an alert's `phase`).
 */
import type { JsonLocator, JsonPath } from '../json';
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
  const node = locator.node(path);
  if (!node) return undefined;
  if (fix.kind === 'replace-value') {
    // The path must exist exactly (locator.node falls back to ancestors).
    if (!sameLocation(node, path)) return undefined;
    return { title: fix.title, edits: [{ range: locator.lines.rangeAt(node.offset, node.length), newText: JSON.stringify(fix.value) }] };
  }
  if (node.type !== 'object' || !sameLocation(node, path)) return undefined;
  const entry = `${JSON.stringify(fix.property)}: ${JSON.stringify(fix.value)}`;
  const first = node.children?.[0];
  if (!first) {
    // `{}` or `{ }`: put the property right after the brace.
    const at = locator.lines.rangeAt(node.offset + 1, 0);
    return { title: fix.title, edits: [{ range: at, newText: entry }] };
  }
  // Before the first property, in its layout: on its own line with the same indentation, or inline.
  const start = locator.lines.positionAt(first.offset);
  const brace = locator.lines.positionAt(node.offset);
  const lineText = locator.lineText(start.line);
  const indent = lineText.slice(0, start.character);
  const ownLine = start.line > brace.line && indent.trim() === '';
  return { title: fix.title, edits: [{ range: { start, end: start }, newText: ownLine ? `${entry},\n${indent}` : `${entry}, ` }] };
}

/** Depth of the path equals the node's depth (the locator did not fall back to an ancestor). */
function sameLocation(node: { parent?: unknown }, path: JsonPath): boolean {
  let depth = 0;
  for (let n = node as { parent?: { type?: string; parent?: unknown } }; n.parent; n = n.parent as typeof n) {
    if (n.parent.type === 'property' || n.parent.type === 'array') depth++;
  }
  return depth === path.length;
}
