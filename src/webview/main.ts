/**
 * The evidence panel's browser code. It receives the view model from the extension host and renders it
 * with DOM APIs only; every string in the model comes from untrusted fixture files and stays text.
 */
import type { EvidenceModel, RowsQuery, TableId } from '../shared/evidence';
import type { HostMessage, PanelState, VerdictChoice, WebviewMessage } from '../shared/protocol';
import { renderChain } from './chain';
import { h, replaceChildren } from './dom';
import { renderDescription, renderEntities, renderEvidence, renderHeader, renderProblems, renderTriage, section, type Actions } from './render';
import { ActivityTableView } from './table';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** UI state kept across hide/show and window reloads (the serializer reads `alertId`). */
interface SavedState extends PanelState {
  tables?: Partial<Record<TableId, RowsQuery>>;
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let state: SavedState | undefined = readState(vscode.getState());
let tables = new Map<TableId, ActivityTableView>();
let nextRequestId = 1;

function readState(raw: unknown): SavedState | undefined {
  if (!raw || typeof raw !== 'object' || typeof (raw as SavedState).alertId !== 'string') return undefined;
  return raw as SavedState;
}

const post = (m: WebviewMessage) => vscode.postMessage(m);

const actions: Actions = {
  openEntity: (entityId, target = 'entity') => post({ type: 'openEntity', entityId, target }),
  openAlertFile: () => post({ type: 'openAlertFile' }),
  openInBrowser: () => post({ type: 'openInBrowser' }),
  classify: (verdict: VerdictChoice) => post({ type: 'classify', verdict }),
  exportReport: () => post({ type: 'exportReport' }),
};

function render(model: EvidenceModel): void {
  // A different alert (never happens today: one panel per alert) must not inherit table queries.
  if (state?.alertId !== model.alertId) state = { alertId: model.alertId };
  vscode.setState(state);
  const saved = state.tables ?? {};
  tables = new Map();
  const tableViews = model.tables
    .filter((t) => t.total > 0)
    .map((t) => {
      const view = new ActivityTableView(t, {
        request: (table, query) => {
          const requestId = nextRequestId++;
          post({ type: 'requestRows', requestId, table, query });
          return requestId;
        },
        openEntity: (id) => actions.openEntity(id),
        saveQuery: (table, query) => {
          state = { ...(state ?? { alertId: model.alertId }), tables: { ...(state?.tables ?? {}), [table]: query } };
          vscode.setState(state);
        },
      }, saved[t.id]);
      tables.set(t.id, view);
      return view.element;
    });
  const scrollY = window.scrollY;
  replaceChildren(app,
    renderHeader(model, actions),
    renderDescription(model),
    renderEvidence(model, actions),
    section('Attack chain', 'chain-section', renderChain(model.chain, (id) => actions.openEntity(id))),
    renderTriage(model, actions),
    renderEntities(model, actions),
    section('Activities', 'activities-section',
      ...(tableViews.length ? tableViews : [h('p', { class: 'muted' }, 'The alert lists no network activities, event activities or accessed resources.')])),
    renderProblems(model),
  );
  app.removeAttribute('aria-busy');
  // A live update re-renders in place: keep the reader where they were.
  window.scrollTo(0, scrollY);
}

function renderMissing(message: string): void {
  tables = new Map();
  replaceChildren(app, h('section', { class: 'section missing', role: 'alert' }, h('h1', undefined, 'Alert not available'), h('p', undefined, message)));
  app.removeAttribute('aria-busy');
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'model':
      render(m.model);
      break;
    case 'rows':
      tables.get(m.table)?.receive(m.requestId, m.page);
      break;
    case 'missing':
      renderMissing(m.message);
      break;
  }
});

post({ type: 'ready' });
