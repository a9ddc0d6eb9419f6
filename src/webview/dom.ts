/**
 * The only way the webview creates DOM: elements by name, attributes through `setAttribute` from a
 * fixed allow-list, and text through text nodes. Nothing here parses HTML, so fixture strings stay text.
 */

/** Attributes the webview ever sets. Event handler attributes (`on…`), `href`, `src` and `style` are absent on purpose. */
const ALLOWED_ATTRIBUTES = new Set([
  'class', 'id', 'role', 'title', 'type', 'tabindex', 'datetime', 'for', 'name', 'value', 'placeholder', 'scope',
  'colspan', 'disabled', 'hidden', 'checked', 'autocomplete', 'spellcheck', 'lang', 'dir',
  'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-sort', 'aria-pressed', 'aria-live', 'aria-busy',
  'aria-hidden', 'aria-current', 'aria-controls', 'aria-expanded', 'aria-rowcount', 'aria-rowindex', 'aria-colcount',
  'aria-roledescription', 'data-entity-id', 'data-tone', 'data-technique', 'data-tactic', 'data-external-id',
  // SVG geometry and presentation (numbers and fixed keywords from our own layout code).
  'viewBox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points',
  'text-anchor', 'dominant-baseline', 'marker-end', 'markerWidth', 'markerHeight', 'refX', 'refY', 'orient', 'focusable',
  'preserveAspectRatio',
]);

import { revealBidiControls } from '../shared/text';

/** Attributes whose values are text a person reads (and so may carry fixture text). */
const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder']);

export type Attrs = Record<string, string | number | boolean | undefined>;
export type Child = Node | string | undefined | null | false;

function setAttrs(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (!ALLOWED_ATTRIBUTES.has(name)) throw new Error(`attribute ${name} is not allowed`);
    const text = value === true ? '' : String(value);
    el.setAttribute(name, TEXT_ATTRIBUTES.has(name) ? revealBidiControls(text) : text);
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(revealBidiControls(c)) : c);
  }
}

/** An HTML element. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (createElementNS). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

let idCounter = 0;
/** A unique id for label / aria wiring (never derived from data). */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A button that runs `onClick`. */
export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
