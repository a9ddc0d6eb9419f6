/**
 * Where JSON paths are in a text: the streaming scan (jsonScan.ts) for texts JSON.parse accepted,
 * jsonc-parser's tolerant tree for the others.
 */
import { isAscii } from 'node:buffer';
import { parseTree, findNodeAtLocation, type Node } from 'jsonc-parser';
import { decodeJsonBytes, findDepthOverflow, LineMap, MAX_JSON_DEPTH, type JsonPath } from './json';
import { locatePaths, pathKey, type JsonSkeleton, type LocatedValue } from './jsonScan';
import type { Range } from './model';

/** Where a path was found: the value (or its nearest existing ancestor) and whether it is the path itself. */
export interface Located {
  value: LocatedValue;
  exact: boolean;
}

/**
 * Finds where JSON paths are in the text. `target` picks the value or the property key; a path that
 * does not exist falls back to its nearest existing ancestor.
 *
 * For a text `JSON.parse` accepted (`parsed`), `prepare` locates every path a file's problems need in
 * one streaming pass (jsonScan.ts) and nothing else is built; other texts (an editor buffer mid-edit)
 * get jsonc-parser's tolerant tree.
 */
export class JsonLocator {
  private tree: Node | undefined;
  private built = false;
  private located: Map<string, LocatedValue> | undefined;
  private lineMap: LineMap | undefined;
  private decoded: string | undefined;
  /** The file's bytes when they are ASCII: the scan reads them directly (offsets are the same). */
  private readonly ascii: Uint8Array | undefined;
  /**
   * `source` is the text, or a file's bytes; `parsed` says `JSON.parse` accepted it (the streaming scan
   * is then exact); `skeleton` is of these bytes (jsonScan.ts), when one was built.
   */
  constructor(source: string | Uint8Array, private readonly options: { parsed?: boolean; skeleton?: JsonSkeleton } = {}) {
    if (typeof source === 'string') this.decoded = source;
    else if (options.parsed && isAscii(source)) this.ascii = source;
    else {
      const result = decodeJsonBytes(source);
      this.decoded = result.ok ? result.text : '';
    }
  }

  private get text(): string {
    this.decoded ??= Buffer.from(this.ascii!.buffer, this.ascii!.byteOffset, this.ascii!.length).toString('latin1');
    return this.decoded;
  }

  get lines(): LineMap {
    this.lineMap ??= new LineMap(this.text);
    return this.lineMap;
  }

  /** Locates all these paths (and their ancestors) at once; later `find`s of them cost a map lookup. */
  prepare(paths: JsonPath[]): void {
    if (!this.options.parsed || this.built) return;
    const missing = this.located ? paths.filter((p) => !this.located!.has(pathKey(p))) : paths;
    if (this.located && missing.length === 0) return;
    const wanted = this.located ? [...missing, ...[...this.located.keys()].map((k) => JSON.parse(k) as JsonPath)] : paths;
    const located = locatePaths(this.ascii ?? this.text, wanted, MAX_JSON_DEPTH, this.ascii ? this.options.skeleton : undefined);
    if (located) this.located = located;
    else this.options.parsed = false; // not plain JSON after all: the tolerant tree answers
  }

  private root(): Node | undefined {
    if (!this.built) {
      this.built = true;
      if (!findDepthOverflow(this.text, MAX_JSON_DEPTH)) this.tree = parseTree(this.text, [], { disallowComments: true });
    }
    return this.tree;
  }

  /** The value at `path`, or its nearest existing ancestor; undefined when nothing can be located. */
  find(path: JsonPath): Located | undefined {
    if (this.options.parsed) {
      if (!this.located?.has(pathKey(path))) this.prepare([path]);
      if (this.located) {
        for (let n = path.length; n >= 0; n--) {
          const value = this.located.get(pathKey(n === path.length ? path : path.slice(0, n)));
          if (value) return { value, exact: n === path.length };
        }
        return undefined;
      }
    }
    const root = this.root();
    if (!root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n));
      if (node) return { value: fromNode(node, this.lines), exact: n === path.length };
    }
    return { value: fromNode(root, this.lines), exact: path.length === 0 };
  }

  /** Range of the value at `path`; for `key`, the property name when the value is a property's. */
  range(path: JsonPath, target: 'value' | 'key' = 'value'): Range {
    const found = this.find(path);
    if (!found) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const { value } = found;
    return target === 'key' && value.keyRange ? value.keyRange : value.range;
  }

  /** The text of the line that holds `offset`, without its line break. */
  lineTextAt(offset: number): string {
    const ascii = this.ascii;
    if (ascii && this.decoded === undefined) {
      // From the bytes: decoding a 60 MB file for one line of it would cost more than locating every problem.
      const from = offset > 0 ? ascii.lastIndexOf(10, offset - 1) + 1 : 0;
      const next = ascii.indexOf(10, offset);
      const line = Buffer.from(ascii.buffer, ascii.byteOffset + from, (next < 0 ? ascii.length : next) - from).toString('latin1');
      return line.endsWith('\r') ? line.slice(0, -1) : line;
    }
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    const next = this.text.indexOf('\n', offset);
    const line = this.text.slice(start, next < 0 ? this.text.length : next);
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }
}

function fromNode(node: Node, lines: LineMap): LocatedValue {
  const value: LocatedValue = { type: node.type as LocatedValue['type'], offset: node.offset, length: node.length, range: lines.rangeAt(node.offset, node.length) };
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (key && key !== node) value.keyRange = lines.rangeAt(key.offset, key.length);
  const first = node.children?.[0];
  if (first && (node.type === 'object' || node.type === 'array')) value.firstChild = { offset: first.offset, position: lines.positionAt(first.offset) };
  return value;
}
