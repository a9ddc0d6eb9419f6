/**
 * A paged, sortable activity table. The host holds every row; this shows one page (100 rows) and asks
 * the host for another page when the user sorts, filters or pages — so 100 000 rows cost one page of DOM.
 */
import type { RowsPage, RowsQuery, TableVm } from '../shared/evidence';
import { CELL_LIMITS, clampLong } from './clamp';
import { button, h, replaceChildren, uid } from './dom';

export interface TableHost {
  /** Ask the host for rows; the answer comes back through `ActivityTableView.showPage`. */
  request(table: TableVm['id'], query: RowsQuery): number;
  openEntity(entityId: string): void;
  /** The user changed the query (saved with the webview state). */
  saveQuery(table: TableVm['id'], query: RowsQuery): void;
}

const FILTER_DELAY_MS = 250;

export class ActivityTableView {
  readonly element: HTMLElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly headers: HTMLTableCellElement[] = [];
  private readonly status: HTMLElement;
  private readonly pager: { first: HTMLButtonElement; prev: HTMLButtonElement; next: HTMLButtonElement; last: HTMLButtonElement };
  private query: RowsQuery;
  private total: number;
  private pending = -1;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly vm: TableVm, private readonly host: TableHost, saved?: RowsQuery) {
    this.query = vm.firstPage.query;
    this.total = vm.firstPage.total;
    const headingId = uid('table-heading');
    const statusId = uid('table-status');
    const filterId = uid('filter');

    const filter = h('input', { id: filterId, type: 'search', placeholder: 'Filter rows', autocomplete: 'off', spellcheck: 'false', 'aria-controls': statusId });
    filter.addEventListener('input', () => {
      if (this.filterTimer) clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.change({ filter: filter.value.slice(0, 200), offset: 0 }), FILTER_DELAY_MS);
    });
    const controls = h('div', { class: 'table-controls' }, h('label', { for: filterId }, 'Filter'), filter);
    if (vm.id === 'network' && (vm.lowCertaintyCount ?? 0) > 0) {
      const lowId = uid('low');
      const low = h('input', { id: lowId, type: 'checkbox' });
      low.addEventListener('change', () => this.change({ lowCertaintyOnly: low.checked, offset: 0 }));
      controls.append(h('span', { class: 'checkbox' }, low, h('label', { for: lowId }, `Only low-certainty resolutions (${(vm.lowCertaintyCount ?? 0).toLocaleString()})`)));
      if (saved?.lowCertaintyOnly) low.checked = true;
    }
    if (saved?.filter) filter.value = saved.filter;

    this.status = h('p', { id: statusId, class: 'table-status', role: 'status', 'aria-live': 'polite' });
    this.pager = {
      first: button('First', () => this.change({ offset: 0 }), { 'aria-label': 'First page' }),
      prev: button('Previous', () => this.change({ offset: Math.max(0, this.query.offset - this.query.limit) }), { 'aria-label': 'Previous page' }),
      next: button('Next', () => this.change({ offset: this.query.offset + this.query.limit }), { 'aria-label': 'Next page' }),
      last: button('Last', () => this.change({ offset: Math.max(0, Math.floor((this.total - 1) / this.query.limit) * this.query.limit) }), { 'aria-label': 'Last page' }),
    };
    const nav = h('nav', { class: 'pager', 'aria-label': `${vm.caption} pages` }, this.pager.first, this.pager.prev, this.status, this.pager.next, this.pager.last);

    const headRow = h('tr');
    vm.columns.forEach((col, i) => {
      const sortButton = button(col.label, () => this.sortBy(i), { class: 'sort' });
      const th = h('th', { scope: 'col', class: col.numeric ? 'numeric' : undefined }, sortButton);
      this.headers.push(th);
      headRow.append(th);
    });
    this.tbody = h('tbody');
    const table = h('table', { class: `activities ${vm.id}`, 'aria-labelledby': headingId, 'aria-describedby': statusId, 'aria-colcount': vm.columns.length },
      h('thead', undefined, headRow), this.tbody);
    this.element = h('section', { class: 'table-section', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, `${vm.caption} (${vm.total.toLocaleString()})`),
      controls,
      h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `${vm.caption}, scrollable` }, table),
      nav);

    this.showPage(vm.firstPage);
    // A restored panel comes back on the page, sort and filter the user left it on.
    if (saved && JSON.stringify(saved) !== JSON.stringify(vm.firstPage.query)) this.change(saved);
  }

  get id(): TableVm['id'] {
    return this.vm.id;
  }

  private sortBy(column: number): void {
    const current = this.query.sort;
    // Cycles: ascending → descending → fixture order.
    const sort = current?.column !== column ? { column, direction: 'asc' as const } : current.direction === 'asc' ? { column, direction: 'desc' as const } : undefined;
    const next: RowsQuery = { ...this.query, offset: 0 };
    if (sort) next.sort = sort;
    else delete next.sort;
    this.send(next);
  }

  private change(patch: Partial<RowsQuery>): void {
    const next: RowsQuery = { ...this.query, ...patch };
    if (!next.filter) delete next.filter;
    if (!next.lowCertaintyOnly) delete next.lowCertaintyOnly;
    this.send(next);
  }

  private send(query: RowsQuery): void {
    this.query = query;
    this.host.saveQuery(this.vm.id, query);
    this.pending = this.host.request(this.vm.id, query);
    this.element.setAttribute('aria-busy', 'true');
  }

  /** A page from the host; stale answers (an older request) are ignored. */
  receive(requestId: number, page: RowsPage): void {
    if (requestId !== this.pending) return;
    this.pending = -1;
    this.element.removeAttribute('aria-busy');
    this.showPage(page);
  }

  private showPage(page: RowsPage): void {
    this.query = page.query;
    this.total = page.total;
    const rows = page.rows.map((r) => {
      const tr = h('tr', { class: r.lowCertainty ? 'low-certainty' : undefined, 'aria-rowindex': page.offset + 2 });
      r.cells.forEach((c, i) => {
        let content: Node | string = c.text.length > CELL_LIMITS.characters ? clampLong(h('div', undefined, c.text), c.text, CELL_LIMITS) : c.text;
        if (c.entityId && c.text) {
          const id = c.entityId;
          content = button(c.text, () => this.host.openEntity(id), { class: 'entity-link', title: `Open the Unique Entity Json of ${c.text}` });
        }
        tr.append(h('td', { class: this.vm.columns[i]?.numeric ? 'numeric' : undefined, 'data-tone': c.tone }, content));
      });
      return tr;
    });
    if (!rows.length) rows.push(h('tr', undefined, h('td', { colspan: this.vm.columns.length, class: 'empty' }, page.total === 0 && (page.query.filter || page.query.lowCertaintyOnly) ? 'No rows match the filter.' : 'No rows.')));
    replaceChildren(this.tbody, ...rows);
    this.headers.forEach((th, i) => {
      const sort = page.query.sort?.column === i ? page.query.sort.direction : undefined;
      th.setAttribute('aria-sort', sort === 'asc' ? 'ascending' : sort === 'desc' ? 'descending' : 'none');
    });
    const from = page.total ? page.offset + 1 : 0;
    const to = Math.min(page.total, page.offset + page.rows.length);
    replaceChildren(this.status, `Rows ${from.toLocaleString()}–${to.toLocaleString()} of ${page.total.toLocaleString()}`);
    const atStart = page.offset === 0;
    const atEnd = page.offset + page.query.limit >= page.total;
    this.pager.first.disabled = atStart;
    this.pager.prev.disabled = atStart;
    this.pager.next.disabled = atEnd;
    this.pager.last.disabled = atEnd;
  }
}
