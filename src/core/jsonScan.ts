/**
 * Locating many JSON paths in one pass over a text that `JSON.parse` accepted, without building a tree.
 *
 * A 60 MB alert with 15 problems used to cost a jsonc-parser tree (a node object per value: over a
 * gigabyte). Here the scan descends only into the properties and items some path needs and skips every
 * other value by counting brackets, jumping over strings with `indexOf`; it counts lines on the way (a
 * JSON string holds no raw line break), so positions need no line table either. Memory is one entry per
 * path segment; time one scan at native-loop speed.
 */
import type { JsonPath } from './json';
import type { Position, Range } from './model';

export type LocatedType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** Where one value is, as the editor needs it (what the jsonc tree's node said). */
export interface LocatedValue {
  type: LocatedType;
  offset: number;
  length: number;
  range: Range;
  /** The property name's string, when the value is a property's value. */
  keyRange?: Range;
  /** The first property (its key) or item, for objects and arrays that have one. */
  firstChild?: { offset: number; position: Position };
}

/** The paths wanted below one value: properties by name, items by index (as jsonc-parser's `findNodeAtLocation` reads them). */
interface Wanted {
  props?: Map<string, Wanted>;
  items?: Map<number, Wanted>;
  found?: LocatedValue;
}

class Unsupported extends Error {}

/** What the skipping loop must notice, by character code (one table load per character). */
const STRING = 1;
const NEWLINE = 2;
const OPEN = 3;
const CLOSE = 4;
const CHAR_KIND = new Uint8Array(256);
CHAR_KIND[34] = STRING;
CHAR_KIND[10] = NEWLINE;
CHAR_KIND[123] = CHAR_KIND[91] = OPEN;
CHAR_KIND[125] = CHAR_KIND[93] = CLOSE;

/** Where a skip is and what it saw; the loops keep it in locals and write it back once. */
interface ScanState {
  i: number;
  line: number;
  lineStart: number;
  deepest: number;
}

/** Skips the object or array opening at `s.i` (nested at `depth`) in ASCII bytes; returns the index after it, or -1 when it does not end. */
function skipByteContainer(s: ScanState, bytes: Uint8Array, depth: number): number {
  const end = bytes.length;
  let level = 0;
  let line = s.line;
  let lineStart = s.lineStart;
  let deepest = s.deepest;
  for (let i = s.i; i < end; i++) {
    const d = bytes[i]!;
    if (d === 32) continue; // indentation: the most common byte of a pretty-printed file
    const kind = CHAR_KIND[d]!;
    if (kind === 0) continue;
    if (kind === STRING) {
      for (i++; i < end; i++) {
        const e = bytes[i]!;
        if (e === 34) break;
        if (e === 92) i++;
      }
      if (i >= end) return -1;
    } else if (kind === NEWLINE) {
      line++;
      lineStart = i + 1;
    } else if (kind === OPEN) {
      level++;
      if (depth + level - 1 > deepest) deepest = depth + level - 1;
    } else if (--level === 0) {
      s.i = i + 1;
      s.line = line;
      s.lineStart = lineStart;
      s.deepest = deepest;
      return s.i;
    }
  }
  return -1;
}

/** The same over a string. */
function skipTextContainer(s: ScanState, text: string, depth: number): number {
  const end = text.length;
  let level = 0;
  let line = s.line;
  let lineStart = s.lineStart;
  let deepest = s.deepest;
  for (let i = s.i; i < end; i++) {
    const d = text.charCodeAt(i);
    if (d === 32) continue;
    const kind = d < 256 ? CHAR_KIND[d]! : 0;
    if (kind === 0) continue;
    if (kind === STRING) {
      for (i++; i < end; i++) {
        const e = text.charCodeAt(i);
        if (e === 34) break;
        if (e === 92) i++;
      }
      if (i >= end) return -1;
    } else if (kind === NEWLINE) {
      line++;
      lineStart = i + 1;
    } else if (kind === OPEN) {
      level++;
      if (depth + level - 1 > deepest) deepest = depth + level - 1;
    } else if (--level === 0) {
      s.i = i + 1;
      s.line = line;
      s.lineStart = lineStart;
      s.deepest = deepest;
      return s.i;
    }
  }
  return -1;
}

/**
 * Every value on the way to each path (the path and each prefix that exists), keyed by `pathKey`.
 * Returns an empty map when the text nests deeper than `maxDepth` (nothing is located, as the tree
 * locator refuses such texts), undefined when it is not plain JSON (comments, trailing commas: callers
 * fall back to a tolerant parser).
 */
export function locatePaths(text: string | Uint8Array, paths: JsonPath[], maxDepth: number, skeleton?: JsonSkeleton): Map<string, LocatedValue> | undefined {
  if (paths.some((p) => p.length > maxDepth)) return new Map();
  if (skeleton && skeleton.deepest > maxDepth) return new Map();
  const root: Wanted = {};
  for (const path of paths) {
    let w = root;
    for (const seg of path) {
      const children = typeof seg === 'number' ? (w.items ??= new Map<number, Wanted>()) : (w.props ??= new Map<string, Wanted>());
      let next = (children as Map<string | number, Wanted>).get(seg);
      if (!next) (children as Map<string | number, Wanted>).set(seg, (next = {}));
      w = next;
    }
  }
  const scanner = new Scanner(text);
  try {
    // (a skeleton is of these bytes: offsets in a decoded text would differ)
    const fromSkeleton = skeleton && typeof text !== 'string' ? locateFromSkeleton(scanner, paths, root, skeleton) : undefined;
    if (fromSkeleton) return fromSkeleton;
    scanner.skipWs();
    scanner.walk(root, 1, undefined);
    scanner.skipWs();
    if (scanner.i !== text.length) throw new Unsupported();
  } catch (err) {
    if (err instanceof Unsupported || err instanceof SyntaxError) return undefined;
    throw err;
  }
  if (scanner.deepest > maxDepth) return new Map();
  const out = new Map<string, LocatedValue>();
  collectFound(out, root, []);
  return out;
}

/** A map key for a path that tells `0` from `"0"`. */
export const pathKey = (path: JsonPath): string => JSON.stringify(path);

/**
 * Where each item of each top-level array starts, and how deep the text nests. Built by one scan of a big
 * file on another thread while this one parses it (validation/skeletons.ts), it lets `locatePaths` start at
 * the items its paths name instead of scanning every item before them.
 */
export interface JsonSkeleton {
  deepest: number;
  /** A top-level key (its first occurrence, as paths resolve) → its array's items: offset, line and line start, three numbers each. */
  arrays: Map<string, Float64Array>;
}

/** The skeleton of a text `JSON.parse` accepted, as ASCII bytes; undefined when it is not plain JSON. */
export function buildSkeleton(bytes: Uint8Array): JsonSkeleton | undefined {
  const scanner = new Scanner(bytes);
  try {
    const arrays = scanner.skeleton();
    scanner.skipWs();
    return scanner.i === bytes.length ? { deepest: scanner.deepest, arrays } : undefined;
  } catch (err) {
    if (err instanceof Unsupported || err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * The located values of `paths` found from a skeleton: each path must name an item of a top-level array
 * (`[key, index, …]`, the index within it); each item is walked from where it starts, as the full scan
 * would reach it. Undefined when some path cannot be served this way (the full scan answers).
 */
function locateFromSkeleton(scanner: Scanner, paths: JsonPath[], root: Wanted, skeleton: JsonSkeleton): Map<string, LocatedValue> | undefined {
  for (const p of paths) {
    const items = typeof p[0] === 'string' ? skeleton.arrays.get(p[0]) : undefined;
    if (p.length < 2 || !items || typeof p[1] !== 'number' || p[1] >= items.length / 3) return undefined;
  }
  const out = new Map<string, LocatedValue>();
  for (const [key, byKey] of root.props!) {
    const items = skeleton.arrays.get(key)!;
    for (const [index, wanted] of byKey.items!) {
      scanner.i = items[3 * index]!;
      scanner.line = items[3 * index + 1]!;
      scanner.lineStart = items[3 * index + 2]!;
      scanner.walk(wanted, 3, undefined);
      collectFound(out, wanted, [key, index]);
    }
  }
  return out;
}

/** `w` and every value found below it, keyed by their paths. */
function collectFound(out: Map<string, LocatedValue>, w: Wanted, path: JsonPath): void {
  if (!w.found) return;
  out.set(pathKey(path), w.found);
  for (const [k, child] of w.props ?? []) collectFound(out, child, [...path, k]);
  for (const [k, child] of w.items ?? []) collectFound(out, child, [...path, k]);
}

/**
 * The scan's state. The hot loops copy it into locals (closure and field access cost more per
 * character). ASCII bytes (`Uint8Array`, offsets = character offsets) scan about twice as fast as a
 * string's `charCodeAt`, so the CLI hands over the file's bytes when they are ASCII.
 */
class Scanner {
  i = 0;
  line = 0;
  lineStart = 0;
  deepest = 0;
  private readonly bytes: Uint8Array | undefined;
  private readonly text: string;
  private readonly end: number;
  constructor(source: string | Uint8Array) {
    this.bytes = typeof source === 'string' ? undefined : source;
    this.text = typeof source === 'string' ? source : '';
    this.end = source.length;
  }

  private at(i: number): number {
    return this.bytes ? (i < this.end ? this.bytes[i]! : NaN) : this.text.charCodeAt(i);
  }

  private slice(from: number, to: number): string {
    return this.bytes ? Buffer.from(this.bytes.buffer, this.bytes.byteOffset + from, to - from).toString('latin1') : this.text.slice(from, to);
  }

  position(offset: number): Position {
    return { line: this.line, character: offset - this.lineStart };
  }

  skipWs(): void {
    let i = this.i;
    for (;;) {
      const c = this.at(i);
      if (c === 10) {
        this.line++;
        this.lineStart = i + 1;
      } else if (c !== 32 && c !== 13 && c !== 9) break;
      i++;
    }
    this.i = i;
  }

  /** Index of the closing quote of the string opening at `start`. */
  endOfString(start: number): number {
    let from = start + 1;
    for (;;) {
      const quote = this.bytes ? this.bytes.indexOf(34, from) : this.text.indexOf('"', from);
      if (quote < 0) throw new Unsupported();
      let backslashes = 0;
      for (let b = quote - 1; this.at(b) === 92; b--) backslashes++;
      if ((backslashes & 1) === 0) return quote;
      from = quote + 1;
    }
  }

  /** Skips the value at `i`, nested at `depth`, noting the deepest nesting and the lines on the way. */
  skipValue(depth: number): void {
    const end = this.end;
    let i = this.i;
    const c = this.at(i);
    if (c === 34) {
      this.i = this.endOfString(i) + 1;
      return;
    }
    if (c !== 123 && c !== 91) {
      while (i < end) {
        const d = this.at(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
      this.i = i;
      return;
    }
    if (this.bytes) this.skipContainer(this.bytes, depth);
    else this.skipContainer(this.text, depth);
  }

  /**
   * The hot loops, one for bytes and one for a string: a loop that reads either costs a branch per character
   * (a separate loop for bytes measured about twice as fast). Strings are skipped inline: most are short, and
   * a call per string costs more than its characters.
   */
  private skipContainer(input: string | Uint8Array, depth: number): void {
    const end = typeof input === 'string' ? skipTextContainer(this, input, depth) : skipByteContainer(this, input, depth);
    if (end < 0) throw new Unsupported();
  }

  private expect(c: number): void {
    if (this.at(this.i) !== c) throw new Unsupported();
    this.i++;
  }

  /**
   * The root's top-level arrays and their items' starts, every value skipped as `walk` skips it (the same
   * nesting depths), so `deepest` ends as a full scan's.
   */
  skeleton(): Map<string, Float64Array> {
    const arrays = new Map<string, Float64Array>();
    this.skipWs();
    if (this.at(this.i) !== 123) {
      this.skipValue(1);
      return arrays;
    }
    if (this.deepest < 1) this.deepest = 1;
    const seen = new Set<string>();
    this.i++;
    this.skipWs();
    if (this.at(this.i) !== 125) {
      for (;;) {
        const { name } = this.propertyName();
        this.skipColon();
        // The first of duplicate keys is the one paths resolve to, whatever its type.
        if (!seen.has(name) && this.at(this.i) === 91) arrays.set(name, this.arrayItems());
        else this.skipSome(2);
        seen.add(name);
        this.skipWs();
        if (this.at(this.i) !== 44) break;
        this.i++;
        this.skipWs();
      }
    }
    this.expect(125);
    return arrays;
  }

  /** The property name whose string opens at `i`, escapes undone, and where its string is; `i` ends after it. */
  private propertyName(): { name: string; start: number; end: number } {
    if (this.at(this.i) !== 34) throw new Unsupported();
    const start = this.i;
    const close = this.endOfString(start);
    const raw = this.slice(start + 1, close);
    this.i = close + 1;
    return { name: raw.includes('\\') ? (JSON.parse(this.slice(start, close + 1)) as string) : raw, start, end: close + 1 };
  }

  /** Skips the `:` after a property name and the white space around it. */
  private skipColon(): void {
    this.skipWs();
    this.expect(58 /* : */);
    this.skipWs();
  }

  /** Skips a value that must be there (not a missing one before `,` `]` `}`). */
  private skipSome(depth: number): void {
    const start = this.i;
    this.skipValue(depth);
    if (this.i === start) throw new Unsupported();
  }

  /** The items of the top-level array at `i` (nesting depth 2): offset, line, line start each. */
  private arrayItems(): Float64Array {
    if (this.deepest < 2) this.deepest = 2;
    let items = new Float64Array(3 * 256);
    let n = 0;
    this.i++;
    this.skipWs();
    if (this.at(this.i) !== 93) {
      for (;;) {
        if (n === items.length) {
          const grown = new Float64Array(items.length * 2);
          grown.set(items);
          items = grown;
        }
        items[n++] = this.i;
        items[n++] = this.line;
        items[n++] = this.lineStart;
        this.skipSome(3);
        this.skipWs();
        if (this.at(this.i) !== 44) break;
        this.i++;
        this.skipWs();
      }
    }
    this.expect(93);
    return items.slice(0, n);
  }

  /** Walks the value at `i` (nested at `depth`) that some path wants, recording it; `i` ends after it. */
  walk(wanted: Wanted, depth: number, keyRange: Range | undefined): void {
    const start = this.i;
    const startPosition = this.position(start);
    const c = this.at(start);
    let type: LocatedType;
    let firstChild: LocatedValue['firstChild'];
    if (c === 123 || c === 91) {
      type = c === 123 ? 'object' : 'array';
      if (depth > this.deepest) this.deepest = depth;
      this.i++;
      this.skipWs();
      if (this.at(this.i) !== c + 2 /* } or ] */) {
        for (let index = 0; ; index++) {
          firstChild ??= { offset: this.i, position: this.position(this.i) };
          let child: Wanted | undefined;
          let childKey: Range | undefined;
          if (c === 123) {
            const key = this.propertyName();
            child = wanted.props?.get(key.name);
            if (child?.found) child = undefined; // a duplicate key: the first one counts, as in the tree
            // (a key holds no line break: both ends are on the current line)
            if (child) childKey = { start: this.position(key.start), end: this.position(key.end) };
            this.skipColon();
          } else {
            child = wanted.items?.get(index);
          }
          if (child) this.walk(child, depth + 1, childKey);
          else this.skipValue(depth + 1);
          this.skipWs();
          if (this.at(this.i) !== 44) break;
          this.i++;
          this.skipWs();
        }
      }
      this.expect(c + 2);
    } else if (c === 34) {
      type = 'string';
      this.i = this.endOfString(start) + 1;
    } else {
      this.skipValue(depth);
      if (this.i === start) throw new Unsupported();
      const word = this.slice(start, this.i);
      type = word === 'true' || word === 'false' ? 'boolean' : word === 'null' ? 'null' : 'number';
    }
    const found: LocatedValue = { type, offset: start, length: this.i - start, range: { start: startPosition, end: this.position(this.i) } };
    if (keyRange) found.keyRange = keyRange;
    if (firstChild) found.firstChild = firstChild;
    wanted.found = found;
  }

}
