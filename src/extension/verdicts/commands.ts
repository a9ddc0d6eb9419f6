/**
 * Commands: Classify Alert…, Clear Verdict, Show Verdict History, Close and Exclude Source Entity…, Open
 * Verdict Ledger. Classify and Clear take a tree node, a tree multi-selection `(node, selected[])`, an
 * alert id, a URI, nothing (the palette asks), or a request object that skips every question:
 *   { alertIds: string[], verdict: 'TP' | 'B-TP' | 'FP', determination?, note?, exclude? }   (classify)
 *   { alertIds: string[], note? }                                                           (clear)
 * The evidence panel and the tests use the request form; it resolves to a `VerdictCommandResult`.
 * This file is the dialogue; the locked writes are in write.ts, the close-and-exclude offer in exclusion.ts.
 */
import * as vscode from 'vscode';
import { JsonLocator } from '../../core/jsonLocator';
import { VERDICTS, VERDICT_LABELS, isDetermination, isVerdict } from '../../core/model';
import { DETERMINATION_LABELS, clearVerdict, type LedgerRecord } from '../../core/verdicts';
import { pickAlert, resolveAlertArgs } from '../alertArgs';
import { BuiltInCommandIds } from '../commandIds';
import type { Services } from '../services';
import { offerExclusion, pickPairs } from './exclusion';
import { openAtProblem, type WorkspaceLedgers } from './ledgers';
import { VERDICT_ICONS, askNote, pickDetermination, pickVerdict } from './pickers';
import { VerdictWriter, titleOf, type ClassifyRequest, type ClearRequest, type Target, type VerdictCommandResult } from './write';

const CANCELLED: VerdictCommandResult = { ok: false, cancelled: true };

export class VerdictCommands {
  private readonly writer: VerdictWriter;

  constructor(private readonly services: Services, private readonly ledgers: WorkspaceLedgers) {
    this.writer = new VerdictWriter(services, ledgers);
  }

  private get model() {
    return this.services.model;
  }

  async classifyAlert(arg?: unknown, selection?: unknown): Promise<VerdictCommandResult> {
    if (!this.writable()) return { ok: false, error: 'untrusted workspace' };
    await Promise.all([this.model.ensureLoaded(), this.ledgers.ensureLoaded()]);
    if (isClassifyRequest(arg)) {
      const problem = checkRequest(arg);
      if (problem) {
        void vscode.window.showErrorMessage(`Classify Alert: ${problem}`);
        return { ok: false, error: problem };
      }
      return this.writer.record(this.targetsFromIds(arg.alertIds), arg);
    }
    const targets = await this.targets(arg, selection, 'Classify which alert?');
    if (!targets.length) return CANCELLED;
    const title = targets.length === 1 ? `Classify: ${titleOf(targets[0]!)}` : `Classify ${targets.length} alerts`;
    const current = targets.length === 1 ? this.ledgers.lookup.verdictOf(targets[0]!.id) : undefined;
    const verdict = await pickVerdict(title, current?.verdict);
    if (!verdict) return CANCELLED;
    const determination = await pickDetermination(`${title} — ${VERDICT_LABELS[verdict]}`, verdict);
    if (determination === undefined) return CANCELLED;
    const note = await askNote(`${title} — ${VERDICT_LABELS[verdict]}`, current?.note);
    if (note === undefined) return CANCELLED;
    const result = await this.writer.record(targets, { alertIds: targets.map((t) => t.id), verdict, determination: determination ?? undefined, note });
    if (result.ok && verdict === 'B-TP') await offerExclusion(this.writer, targets, note);
    return result;
  }

  async clearVerdict(arg?: unknown, selection?: unknown): Promise<VerdictCommandResult> {
    if (!this.writable()) return { ok: false, error: 'untrusted workspace' };
    await Promise.all([this.model.ensureLoaded(), this.ledgers.ensureLoaded()]);
    let targets: Target[];
    let note: string | undefined;
    if (isIdsRequest(arg)) {
      targets = this.targetsFromIds(arg.alertIds);
      note = typeof (arg as ClearRequest).note === 'string' ? (arg as ClearRequest).note : undefined;
    } else {
      targets = await this.targets(arg, selection, 'Clear the verdict of which alert?');
      if (!targets.length) return CANCELLED;
    }
    const classified = targets.filter((t) => this.ledgers.lookup.verdictOf(t.id));
    if (!classified.length) {
      void vscode.window.showInformationMessage(targets.length === 1 ? `"${titleOf(targets[0]!)}" has no verdict to clear.` : 'None of the selected alerts has a verdict to clear.');
      return { ok: true, changed: [], unchanged: targets.map((t) => t.id), ledgers: [], exclusions: 0 };
    }
    return this.writer.write(classified, (ledger, target, author) => clearVerdict(ledger, target.id, { author }, note));
  }

  async showVerdictHistory(arg?: unknown): Promise<void> {
    await Promise.all([this.model.ensureLoaded(), this.ledgers.ensureLoaded()]);
    const [target] = await this.targets(arg, undefined, 'Show the verdict history of which alert?');
    if (!target) return;
    const record = this.ledgers.lookup.recordOf(target.id);
    if (!record) {
      void vscode.window.showInformationMessage(`"${titleOf(target)}" has never been classified.`);
      return;
    }
    type Item = vscode.QuickPickItem & { entry?: Omit<LedgerRecord, 'history'> };
    const entries = [record, ...[...record.history].reverse()];
    const items: Item[] = entries.map((e, i) => ({
      label: `${VERDICT_ICONS[e.verdict]} ${e.verdict === 'cleared' ? 'Verdict cleared' : `${VERDICT_LABELS[e.verdict]} (${e.verdict})`}${e.determination ? ` · ${DETERMINATION_LABELS[e.determination]}` : ''}`,
      description: `${i === 0 ? 'now · ' : ''}${e.author} · ${e.time.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}`,
      detail: e.note,
      entry: e,
    }));
    const state = this.ledgers.stateFor(target.alert?.file);
    const picked = await vscode.window.showQuickPick(items, {
      title: `Verdict history: ${titleOf(target)} (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, newest first)`,
      placeHolder: 'Select an entry to open the ledger at this alert',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (picked && state) await this.openLedgerAt(state.file, target.id);
  }

  /** "Close and exclude": records an exclusion of the alert's source entity for its alert type. */
  async excludeSourceEntity(arg?: unknown): Promise<VerdictCommandResult> {
    if (!this.writable()) return { ok: false, error: 'untrusted workspace' };
    await Promise.all([this.model.ensureLoaded(), this.ledgers.ensureLoaded()]);
    const request = arg && typeof arg === 'object' && typeof (arg as { entityId?: unknown }).entityId === 'string' ? (arg as { alertId?: string; entityId: string; reason?: string }) : undefined;
    const targets = request?.alertId ? this.targetsFromIds([request.alertId]) : await this.targets(arg, undefined, 'Exclude the source entity of which alert?');
    const target = targets[0];
    if (!target?.alert) return target ? { ok: false, error: `No alert fixture has the id "${target.id}".` } : CANCELLED;
    let pairs = this.writer.exclusionPairs([target]);
    if (request) pairs = pairs.filter((p) => p.entityId === request.entityId);
    else if (pairs.length > 1) {
      const picked = await pickPairs(pairs, `Close and exclude: ${titleOf(target)}`, false);
      if (!picked) return CANCELLED;
      pairs = picked;
    }
    if (!pairs.length) {
      void vscode.window.showInformationMessage(`"${titleOf(target)}" has no source computer or user that is not already excluded.`);
      return { ok: true, changed: [], unchanged: [target.id], ledgers: [], exclusions: 0 };
    }
    return this.writer.writeExclusions(pairs, request?.reason);
  }

  async openLedger(arg?: unknown): Promise<void> {
    await this.ledgers.ensureLoaded();
    const states = this.ledgers.folderStates();
    const folderArg = arg instanceof vscode.Uri ? vscode.workspace.getWorkspaceFolder(arg) : undefined;
    let state = folderArg ? states.find((s) => s.folder === folderArg) : states.length === 1 ? states[0] : undefined;
    if (!state && states.length > 1) {
      const picked = await vscode.window.showQuickPick(states.map((s) => ({ label: s.folder.name, description: vscode.workspace.asRelativePath(s.file), s })), { placeHolder: 'Open the verdict ledger of which folder?' });
      state = picked?.s;
    }
    if (!state) return;
    const problem = this.ledgers.problemsOf(state)[0];
    if (problem) return openAtProblem(problem);
    if (state.read?.status !== 'ok') {
      void vscode.window.showInformationMessage(`No verdicts recorded yet in ${state.folder.name}: ${vscode.workspace.asRelativePath(state.file)} is created by the first "Classify Alert…".`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(state.file), { preview: false });
  }

  // ---- helpers ----

  private writable(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Verdicts cannot be recorded in an untrusted workspace (they are written to files). Trust the workspace to classify alerts.', 'Manage Workspace Trust').then((a) => {
      if (a) void vscode.commands.executeCommand(BuiltInCommandIds.manageWorkspaceTrust);
    });
    return false;
  }

  private targetsFromIds(ids: string[]): Target[] {
    return [...new Set(ids)].map((id) => ({ id, alert: this.model.index.alertsById(id)[0] }));
  }

  private async targets(arg: unknown, selection: unknown, placeHolder: string): Promise<Target[]> {
    const resolved = resolveAlertArgs(this.model, arg, selection);
    if (resolved.length) return resolved.map((a) => ({ id: String(a.alert.id), alert: a }));
    // An id the index does not know (yet): the verdict is still recorded under it.
    const id = typeof arg === 'string' ? arg : arg && typeof arg === 'object' ? (arg as { alertId?: unknown }).alertId : undefined;
    if (typeof id === 'string' && id.length) return [{ id, alert: undefined }];
    const picked = await pickAlert(this.model, placeHolder);
    return picked ? [{ id: String(picked.alert.id), alert: picked }] : [];
  }

  private async openLedgerAt(file: string, alertId: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const r = new JsonLocator(doc.getText()).range(['alerts', alertId], 'key');
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), preview: false });
  }
}

function isIdsRequest(arg: unknown): arg is { alertIds: string[] } {
  return !!arg && typeof arg === 'object' && Array.isArray((arg as { alertIds?: unknown }).alertIds);
}

function isClassifyRequest(arg: unknown): arg is ClassifyRequest {
  return isIdsRequest(arg) && 'verdict' in (arg as object);
}

/** What is wrong with a request object, or undefined. */
function checkRequest(r: ClassifyRequest): string | undefined {
  if (!r.alertIds.length || r.alertIds.some((id) => typeof id !== 'string' || !id.length)) return 'alertIds must be a non-empty list of alert ids.';
  if (!isVerdict(r.verdict)) return `verdict must be one of ${VERDICTS.join(', ')}, not ${JSON.stringify(r.verdict)}.`;
  if (r.determination !== undefined && !isDetermination(r.determination)) return `determination ${JSON.stringify(r.determination)} is not a Graph determination.`;
  if (r.note !== undefined && typeof r.note !== 'string') return 'note must be text.';
  return undefined;
}
