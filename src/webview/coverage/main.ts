/**
 * The coverage matrix's browser code: ATT&CK tactics as columns, technique cells coloured by fixture
 * count or FP rate, each listing its MDI alert types. Drawn with DOM APIs only (alert type names can
 * come from fixtures); arrow keys move between cells, Enter on a type filters the Alerts view to it.
 */
import { formatRate, heatClass, type CoverageMatrix, type CoverageScore, type MatrixCell, type MatrixType } from '../../shared/coverage';
import { parseCoveragePanelState, type CoverageHostMessage, type CoveragePanelState, type CoverageWebviewMessage } from '../../shared/coverageProtocol';
import { button, h, replaceChildren } from '../dom';

interface VsCodeApi {
  postMessage(message: CoverageWebviewMessage): void;
  getState(): unknown;
  setState(state: CoveragePanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let matrix: CoverageMatrix | undefined;
let score: CoverageScore = parseCoveragePanelState(vscode.getState())?.score ?? 'fixtures';
/** Cells by column, for arrow-key movement; the focused position survives a redraw. */
let grid: HTMLElement[][] = [];
let focusAt: [number, number] | undefined;

const post = (m: CoverageWebviewMessage) => vscode.postMessage(m);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function typeLine(t: MatrixType): HTMLElement {
  const counts = t.fixtures ? `${plural(t.fixtures, 'fixture')}${t.tp + t.fp ? ` · FP ${formatRate(t.fpRate)}` : ''}` : 'no fixture';
  const label = h('span', { class: 'type-name' }, `${t.externalId} ${t.name}`);
  const detail = h('span', { class: 'type-counts' }, counts);
  if (!t.fixtures) return h('li', { class: 'type uncovered' }, label, detail);
  const b = button('', () => post({ type: 'showAlerts', externalId: t.externalId }), {
    class: 'type-button', 'data-external-id': t.externalId, title: `Show the ${plural(t.fixtures, 'alert')} of ${t.externalId} in the Alerts view`,
  });
  b.append(label, detail);
  return h('li', { class: 'type' }, b);
}

function cellSummary(c: MatrixCell): string {
  if (score === 'fp-rate') return c.fpRate === null ? 'no TP or FP yet' : `FP rate ${formatRate(c.fpRate)}`;
  return c.fixtures ? plural(c.fixtures, 'fixture') : 'no fixture';
}

function renderCell(c: MatrixCell, col: number, row: number): HTMLElement {
  const words = `${c.techniqueId} ${c.techniqueName}: ${cellSummary(c)}; ${plural(c.types.length, 'alert type')}`;
  const cell = h('section', {
    class: `cell ${heatClass(c, score, matrix!.maxFixtures)}`, tabindex: -1, 'aria-label': words, 'data-technique': c.techniqueId,
  },
  h('header', { class: 'cell-head' }, h('span', { class: 'technique-id' }, c.techniqueId), h('span', { class: 'score' }, cellSummary(c))),
  h('div', { class: 'technique-name' }, c.techniqueName),
  h('ul', { class: 'types' }, ...c.types.map(typeLine)));
  // focusin: a type button inside the cell counts as being on the cell, so arrows move on from there.
  cell.addEventListener('focusin', () => { focusAt = [col, row]; });
  return cell;
}

function move(dc: number, dr: number): void {
  if (!focusAt || !grid.length) return;
  let [c, r] = focusAt;
  c = Math.max(0, Math.min(grid.length - 1, c + dc));
  r = dc ? Math.min(r, grid[c]!.length - 1) : Math.max(0, Math.min(grid[c]!.length - 1, r + dr));
  focusCell(c, r);
}

function focusCell(c: number, r: number): void {
  const prev = focusAt && grid[focusAt[0]]?.[focusAt[1]];
  if (prev) prev.tabIndex = -1;
  const el = grid[c]?.[r];
  if (!el) return;
  el.tabIndex = 0;
  focusAt = [c, r];
  el.focus();
}

const KEYS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

function render(): void {
  if (!matrix) return;
  app.setAttribute('aria-busy', 'false');
  const scoreButton = (value: CoverageScore, label: string) => button(label, () => {
    if (score === value) return;
    score = value;
    vscode.setState({ score });
    post({ type: 'setScore', score });
    render();
  }, { 'aria-pressed': String(score === value), class: 'score-toggle' });
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Colour cells by' },
    h('span', { class: 'muted' }, 'Colour by'), scoreButton('fixtures', 'Fixture count'), scoreButton('fp-rate', 'FP rate'),
    button('Export ATT&CK Navigator Layer…', () => post({ type: 'exportLayer' }), { class: 'export' }));
  grid = [];
  const columns = matrix.columns.map((col, ci) => {
    const cells = col.cells.map((c, ri) => renderCell(c, ci, ri));
    grid.push(cells);
    return h('div', { class: 'column', role: 'group', 'aria-label': `${col.tacticName} (${col.tacticId}), ${plural(col.cells.length, 'technique')}` },
      h('h2', { class: 'tactic' }, col.tacticName, h('span', { class: 'tactic-id' }, ` ${col.tacticId}`)), ...cells);
  });
  const legend = h('p', { class: 'legend muted' }, score === 'fixtures'
    ? `Darker cells: more fixtures (the darkest holds ${plural(matrix.maxFixtures, 'fixture')}). Empty cells: no fixture exercises the technique.`
    : 'Green: few false positives; red: many (FP / (TP + FP) from the verdict ledger; B-TP counts apart). Empty cells: no TP or FP yet.');
  const matrixEl = h('div', { class: 'matrix', 'aria-label': 'ATT&CK techniques by tactic; arrow keys move between cells' }, ...columns);
  matrixEl.addEventListener('keydown', (e) => {
    const d = KEYS[e.key];
    if (!d) return;
    e.preventDefault();
    move(d[0], d[1]);
  });
  replaceChildren(app,
    h('h1', {}, 'Coverage matrix', h('span', { class: 'muted' }, ` — ${matrix.workspace}`)),
    h('p', { class: 'totals', id: 'totals' }, matrix.totalsLine),
    toolbar, legend, matrixEl,
    matrix.unmapped.length ? h('p', { class: 'muted' }, `Not in the matrix (no ATT&CK technique in the catalog): ${matrix.unmapped.join('; ')}.`) : null);
  const [c, r] = focusAt && grid[focusAt[0]]?.[focusAt[1]] ? focusAt : [0, 0];
  const first = grid[c]?.[r];
  if (first) first.tabIndex = 0;
  if (focusAt && document.activeElement === document.body && first) first.focus();
}

window.addEventListener('message', (event: MessageEvent<CoverageHostMessage>) => {
  const m = event.data;
  if (m?.type !== 'matrix') return;
  matrix = m.matrix;
  score = m.score;
  vscode.setState({ score });
  render();
});

post({ type: 'ready' });
