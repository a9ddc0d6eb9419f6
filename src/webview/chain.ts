/** Draws the attack chain laid out by the core as SVG, with createElementNS only. */
import type { ChainNodeVm, ChainVm } from '../shared/evidence';
import { h, s, uid } from './dom';

const clip = (t: string, n: number) => (t.length > n ? t.slice(0, n - 1) + '…' : t);

/** A small glyph per entity kind, drawn at (x, y) in a 16×16 box. */
function glyph(kind: ChainNodeVm['kind'], x: number, y: number): SVGElement {
  const g = s('g', { class: `glyph glyph-${kind}`, 'aria-hidden': 'true' });
  switch (kind) {
    case 'user':
      g.append(s('circle', { cx: x + 8, cy: y + 5, r: 3.5 }), s('path', { d: `M ${x + 1} ${y + 16} Q ${x + 8} ${y + 6} ${x + 15} ${y + 16} Z` }));
      break;
    case 'computer':
      g.append(s('rect', { x: x + 1, y: y + 2, width: 14, height: 9, rx: 1 }), s('rect', { x: x + 5, y: y + 13, width: 6, height: 2 }));
      break;
    case 'domainController':
      g.append(s('rect', { x: x + 2, y: y + 1, width: 12, height: 4, rx: 1 }), s('rect', { x: x + 2, y: y + 6, width: 12, height: 4, rx: 1 }), s('rect', { x: x + 2, y: y + 11, width: 12, height: 4, rx: 1 }));
      break;
    case 'resource':
      g.append(s('path', { d: `M ${x + 1} ${y + 4} h 5 l 2 2 h 7 v 9 h -14 Z` }));
      break;
    case 'group':
      g.append(s('circle', { cx: x + 5, cy: y + 5, r: 3 }), s('circle', { cx: x + 11, cy: y + 5, r: 3 }), s('path', { d: `M ${x} ${y + 15} Q ${x + 8} ${y + 4} ${x + 16} ${y + 15} Z` }));
      break;
    default:
      g.append(s('path', { d: `M ${x + 8} ${y + 1} L ${x + 15} ${y + 8} L ${x + 8} ${y + 15} L ${x + 1} ${y + 8} Z` }));
  }
  return g;
}

export function renderChain(chain: ChainVm, openEntity: (id: string) => void): HTMLElement {
  if (!chain.nodes.length) return h('p', { class: 'muted' }, chain.summary);
  const titleId = uid('chain-title');
  const descId = uid('chain-desc');
  const markerId = uid('arrow');
  const svg = s('svg', {
    class: 'chain',
    width: chain.width,
    height: chain.height,
    viewBox: `0 0 ${chain.width} ${chain.height}`,
    role: 'group',
    'aria-labelledby': titleId,
    'aria-describedby': descId,
    focusable: 'false',
  });
  svg.append(
    s('title', { id: titleId }, 'Attack chain'),
    s('desc', { id: descId }, chain.summary),
    s('defs', undefined,
      s('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
        s('path', { class: 'arrowhead', d: 'M 0 0 L 10 5 L 0 10 Z' }))),
  );
  for (const c of chain.columns) {
    svg.append(s('text', { class: 'column-label', x: c.x + c.width / 2, y: 14, 'text-anchor': 'middle' }, clip(c.label, 32), s('title', undefined, c.label)));
    if (c.verb) svg.append(s('text', { class: 'verb', x: c.x - 36, y: 14, 'text-anchor': 'middle' }, c.verb));
  }
  for (const e of chain.edges) {
    const mx = (e.x1 + e.x2) / 2;
    svg.append(s('path', { class: 'edge', d: `M ${e.x1} ${e.y1} C ${mx} ${e.y1}, ${mx} ${e.y2}, ${e.x2 - 2} ${e.y2}`, 'marker-end': `url(#${markerId})` }));
  }
  for (const n of chain.nodes) {
    const g = s('g', { class: `node kind-${n.kind}${n.flagged ? ' flagged' : ''}${n.entityId ? ' clickable' : ''}` });
    g.append(
      s('title', undefined, n.tooltip),
      s('rect', { class: 'box', x: n.x, y: n.y, width: n.width, height: n.height, rx: 4 }),
      glyph(n.kind, n.x + 8, n.y + (n.height - 16) / 2),
      s('text', { class: 'label', x: n.x + 30, y: n.y + 19 }, n.label),
      s('text', { class: 'sublabel', x: n.x + 30, y: n.y + 35 }, n.sublabel),
    );
    if (n.flagged) g.append(s('rect', { class: 'flag-bar', x: n.x, y: n.y, width: 4, height: n.height }));
    if (n.entityId) {
      const id = n.entityId;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `Open the Unique Entity Json of ${n.tooltip}`);
      g.addEventListener('click', () => openEntity(id));
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          openEntity(id);
        }
      });
    }
    svg.append(g);
  }
  return h('figure', { class: 'chain-figure' }, h('div', { class: 'chain-scroll' }, svg), h('figcaption', { class: 'muted' }, chain.summary));
}
