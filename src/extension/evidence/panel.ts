/**
 * One evidence panel for one alert. It builds the view model through the pure core, posts it when the
 * webview says `ready`, answers row-page requests, and acts on the few validated requests the webview may
 * make (open an entity by id, open the portal link, classify, export).
 */
import * as vscode from 'vscode';
import { buildEvidence, type ActivityTable, type EvidenceBuild } from '../../core/evidence';
import type { EvidenceModel } from '../../shared/evidence';
import { isHttpUrl } from '../../core/evidence/coerce';
import { idKey } from '../../core/references';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import { CommandIds, executeCommand } from '../commandIds';
import type { Services } from '../services';
import { webviewHtml, webviewOptions } from '../webviewHtml';

/** What came of one message from the webview. */
export type MessageOutcome = { ok: true; reply?: HostMessage } | { ok: false; reason: string };

const REFRESH_DELAY_MS = 80;
/** Readying the text filter in the background: slices this long, so the extension host stays responsive. */
const SEARCH_SLICE_MS = 8;

export class EvidencePanel implements vscode.Disposable {
  private build: EvidenceBuild | undefined;
  /** Entity ids the current model shows: the only ones the webview may ask to open. */
  private shownEntityIds = new Set<string>();
  private ready = false;
  private dirty = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private searchPrep: ReturnType<typeof setImmediate> | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;
  /** The last model posted to the webview; undefined while the alert is missing. */
  lastModel: EvidenceModel | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly alertId: string,
    private readonly services: Services,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(services.context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'atp-alerts.svg');
    this.disposables.push(
      webview.onDidReceiveMessage((m) => void this.receive(m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.dirty) this.scheduleRefresh();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    webview.html = webviewHtml(webview, services.context.extensionUri, { title: 'Alert evidence', css: 'evidence.css', script: 'webview.js', loading: 'Loading alert evidence…' });
  }

  /**
   * Handles one message from the webview (untrusted: it is parsed and checked first). Says what came of
   * it: refused with a reason, or done, with the message posted back in reply, if any.
   */
  async receive(raw: unknown): Promise<MessageOutcome> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) return this.refuse(parsed.reason);
    try {
      const outcome = await this.handle(parsed.message);
      return typeof outcome === 'string' ? this.refuse(outcome) : { ok: true, reply: outcome };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.services.log.error(`Evidence panel (${this.alertId}): ${parsed.message.type} failed: ${msg}`);
      return { ok: false, reason: `failed: ${msg}` };
    }
  }

  private refuse(reason: string): MessageOutcome {
    this.services.log.warn(`Evidence panel (${this.alertId}): refused a message from the webview: ${reason}`);
    return { ok: false, reason };
  }

  /** Acts on a valid message; returns the reply posted, or why the request is refused. */
  private async handle(m: WebviewMessage): Promise<HostMessage | string | undefined> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return undefined;
      case 'requestRows': {
        const table = this.build?.tables.get(m.table);
        if (!table) return undefined;
        // A text filter reads every row's search text: make what the background has not made yet in
        // slices too, so a keystroke right after opening a huge alert never blocks the extension host.
        if (m.query.filter?.trim()) await finishSearch(table);
        const reply: HostMessage = { type: 'rows', requestId: m.requestId, table: m.table, page: table.query(m.query) };
        await this.post(reply);
        return reply;
      }
      case 'openEntity':
        return this.openEntity(m.entityId, m.target);
      case 'openAlertFile': {
        const a = this.services.model.index.alertsById(this.alertId)[0];
        if (a) await vscode.window.showTextDocument(vscode.Uri.file(a.file), { preview: true });
        return undefined;
      }
      case 'openInBrowser':
        await this.openInBrowser();
        return undefined;
      case 'classify':
        await this.classify(m.verdict);
        return undefined;
      case 'exportReport':
        await executeCommand(CommandIds.exportAlertReport, { alertId: this.alertId });
        return undefined;
    }
  }

  private async openEntity(entityId: string, target: 'entity' | 'profile'): Promise<string | undefined> {
    if (!this.shownEntityIds.has(idKey(entityId))) {
      return `openEntity: ${JSON.stringify(entityId.slice(0, 60))} is not an entity this panel shows`;
    }
    const index = this.services.model.index;
    const record = target === 'entity' ? index.entity(entityId) : index.profile(entityId);
    const what = target === 'entity' ? 'Unique Entity Json' : 'Unique Entity Profile Json';
    if (!record) {
      void vscode.window.showWarningMessage(`No ${what} in the workspace has the id "${entityId}".`);
      return undefined;
    }
    // The index only holds files found inside workspace folders; check again rather than trust it blindly.
    if (!this.services.model.folderOf(record.file)) {
      return `openEntity: ${record.file} is outside the workspace`;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(record.file), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return undefined;
  }

  private async openInBrowser(): Promise<void> {
    const url = this.services.model.index.alertsById(this.alertId)[0]?.alert.url;
    if (typeof url !== 'string' || !isHttpUrl(url.trim())) {
      void vscode.window.showWarningMessage('This alert has no http or https link to open.');
      return;
    }
    // openExternal shows VS Code's own "Do you want to open the external website?" confirmation.
    await vscode.env.openExternal(vscode.Uri.parse(url.trim(), true));
  }

  private async classify(verdict: 'TP' | 'B-TP' | 'FP' | 'clear'): Promise<void> {
    if (verdict === 'clear') await executeCommand(CommandIds.clearVerdict, { alertIds: [this.alertId] });
    else await executeCommand(CommandIds.classifyAlert, { alertIds: [this.alertId], verdict });
  }

  /** Rebuilds soon (debounced); only when visible — a hidden panel refreshes when shown again. */
  scheduleRefresh(): void {
    if (this.disposed) return;
    if (!this.panel.visible) {
      this.dirty = true;
      return;
    }
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  /** Rebuilds the model from the index and posts it (once the webview is ready). */
  async refresh(): Promise<void> {
    this.dirty = false;
    await this.services.model.ensureLoaded();
    if (this.disposed) return;
    const started = Date.now();
    // Tables that still show the same rows are kept, with their sort orders and search texts.
    this.build = buildEvidence(this.services.model.index, this.alertId, this.services.verdicts.lookup, { previous: this.build });
    if (!this.build) {
      this.lastModel = undefined;
      this.shownEntityIds = new Set();
      this.panel.title = 'Evidence: alert not found';
      if (this.ready) {
        await this.post({ type: 'missing', alertId: this.alertId, message: `No alert fixture in the workspace has the id "${this.alertId}". It may have been deleted or its id changed.` });
      }
      return;
    }
    const model = this.build.model;
    this.shownEntityIds = collectEntityIds(model);
    // Rows paged in later name computers too: every id the alert references may be opened.
    for (const ref of this.services.model.index.alertsById(this.alertId)[0]?.references ?? []) this.shownEntityIds.add(idKey(ref.id));
    this.panel.title = panelTitle(model.header.title);
    this.services.log.debug(`Evidence panel: built the model of ${this.alertId} in ${Date.now() - started} ms.`);
    if (!this.ready) return;
    this.lastModel = model;
    await this.post({ type: 'model', model });
    this.prepareSearch(this.build);
  }

  /**
   * After the first screen, readies every table's text filter a slice at a time, so the first keystroke
   * in a filter box finds the search texts made (100 000 rows take ~0.4 s of CPU, spread out here).
   */
  private prepareSearch(build: EvidenceBuild): void {
    if (this.searchPrep) clearImmediate(this.searchPrep);
    const tables = [...build.tables.values()];
    const step = () => {
      this.searchPrep = undefined;
      if (this.disposed || this.build !== build) return; // closed, or rebuilt (the new build starts its own)
      if (!searchSlice(tables)) this.searchPrep = setImmediate(step);
    };
    this.searchPrep = setImmediate(step);
  }

  private async post(message: HostMessage): Promise<void> {
    if (this.disposed) return;
    await this.panel.webview.postMessage(message);
  }

  /** Command results may be serialised back to the workbench: keep that to the id. */
  toJSON(): { alertId: string } {
    return { alertId: this.alertId };
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.searchPrep) clearImmediate(this.searchPrep);
    this.closed.fire();
    for (const d of this.disposables) d.dispose();
    this.closed.dispose();
    this.panel.dispose();
  }
}

/** One slice of search-text preparation over `tables`; true when they are all done. */
function searchSlice(tables: ActivityTable[]): boolean {
  const until = performance.now() + SEARCH_SLICE_MS;
  return tables.every((t) => t.prepareSearch(() => performance.now() < until));
}

async function finishSearch(table: ActivityTable): Promise<void> {
  while (!searchSlice([table])) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function panelTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  return `Evidence: ${t.length > 50 ? t.slice(0, 49) + '…' : t}`;
}

function collectEntityIds(model: EvidenceModel): Set<string> {
  const ids = new Set<string>();
  const add = (id: string | undefined) => id && ids.add(idKey(id));
  for (const line of model.evidence) {
    for (const s of line.segments) add(s.entityId);
    for (const e of line.otherEntities) add(e.entityId);
  }
  for (const g of model.entityGroups) for (const c of g.cards) add(c.entityId);
  for (const n of model.chain.nodes) add(n.entityId);
  for (const t of model.triage) for (const e of t.entities) add(e.entityId);
  for (const t of model.tables) for (const r of t.firstPage.rows) for (const c of r.cells) add(c.entityId);
  return ids;
}
