/**
 * Writing verdicts and exclusions: one locked update per workspace folder's ledger (through
 * `WorkspaceLedgers.update`, which holds the ledger's lock), and one clear message when a write is
 * refused (invalid ledger, lock timeout, no folder).
 */
import * as vscode from 'vscode';
import type { Determination, Verdict } from '../../core/model';
import { VERDICT_LABELS } from '../../core/model';
import { LedgerInvalidError, LedgerLockTimeoutError, addExclusion, classify, sourceEntityIds, type Ledger } from '../../core/verdicts';
import type { IndexedAlert } from '../../core/workspaceIndex';
import { plural } from '../../shared/text';
import type { Services } from '../services';
import { openAtProblem, type WorkspaceLedgers } from './ledgers';

export interface ClassifyRequest {
  alertIds: string[];
  verdict: Verdict;
  determination?: Determination;
  note?: string;
  /** Also record "close and exclude" for each alert's source entities (B-TP only). */
  exclude?: boolean;
}

export interface ClearRequest {
  alertIds: string[];
  note?: string;
}

export type VerdictCommandResult =
  | { ok: true; changed: string[]; unchanged: string[]; ledgers: string[]; exclusions: number }
  | { ok: false; cancelled?: boolean; error?: string; file?: string };

/** One target alert: its id, and the indexed fixture when the workspace has one. */
export interface Target {
  id: string;
  alert: IndexedAlert | undefined;
}

/** An entity to exclude for an alert type, and the alert that led to it. */
export interface ExclusionPair {
  externalId: string;
  entityId: string;
  entityName?: string;
  alertId: string;
  file?: string;
  /** The alert type's title, for the messages. */
  type: string;
}

export function titleOf(t: Target): string {
  return t.alert ? String(t.alert.alert.title) : t.id;
}

export class VerdictWriter {
  constructor(private readonly services: Services, private readonly ledgers: WorkspaceLedgers) {}

  /** Records a verdict for each target (and the exclusions the request asks for). */
  async record(targets: Target[], request: ClassifyRequest): Promise<VerdictCommandResult> {
    const result = await this.write(targets, (ledger, target, author) =>
      classify(ledger, { alertId: target.id, verdict: request.verdict, determination: request.determination, note: request.note }, { author }),
    );
    if (result.ok && request.exclude && request.verdict === 'B-TP') {
      const excluded = await this.writeExclusions(this.exclusionPairs(targets), request.note, true);
      if (excluded.ok) return { ...result, exclusions: excluded.exclusions };
      return excluded;
    }
    if (result.ok && result.changed.length) {
      const what = targets.length === 1 ? `"${titleOf(targets[0]!)}"` : `${result.changed.length} alerts`;
      vscode.window.setStatusBarMessage(`$(check) ${what}: ${VERDICT_LABELS[request.verdict]} recorded`, 4000);
    }
    return result;
  }

  /** Applies one change per target, one locked write per workspace folder. */
  async write<T extends Target>(targets: T[], change: (ledger: Ledger, target: T, author: string) => boolean): Promise<VerdictCommandResult> {
    const byFolder = new Map<ReturnType<WorkspaceLedgers['stateFor']>, T[]>();
    for (const t of targets) {
      const state = this.ledgers.stateFor(t.alert?.file);
      byFolder.set(state, [...(byFolder.get(state) ?? []), t]);
    }
    const changed: string[] = [];
    const unchanged: string[] = [];
    const files: string[] = [];
    for (const [state, list] of byFolder) {
      if (!state) return this.fail(new Error('Open a folder to record verdicts: the ledger lives in a workspace folder.'));
      const author = await this.ledgers.authorFor(state);
      try {
        await this.ledgers.update(state, (ledger) => {
          let any = false;
          for (const t of list) {
            const did = change(ledger, t, author);
            (did ? changed : unchanged).push(t.id);
            any = did || any;
          }
          return any;
        });
        files.push(state.file);
      } catch (err) {
        return this.fail(err, state.file);
      }
    }
    return { ok: true, changed, unchanged, ledgers: files, exclusions: 0 };
  }

  /** The source entities of the targets not yet excluded for their alert types, once each. */
  exclusionPairs(targets: Target[]): ExclusionPair[] {
    const pairs: ExclusionPair[] = [];
    for (const t of targets) {
      const alert = t.alert?.alert;
      if (!alert || typeof alert.externalId !== 'string') continue;
      for (const entityId of sourceEntityIds(alert)) {
        if (this.ledgers.lookup.exclusionFor(alert.externalId, entityId)) continue;
        if (pairs.some((p) => p.externalId === alert.externalId && p.entityId === entityId)) continue;
        const name = this.services.model.index.entity(entityId)?.entity.SystemDisplayName;
        pairs.push({ externalId: alert.externalId, entityId, entityName: typeof name === 'string' ? name : undefined, alertId: t.id, file: t.alert?.file, type: String(alert.title) });
      }
    }
    return pairs;
  }

  async writeExclusions(pairs: ExclusionPair[], reason: string | undefined, quiet = false): Promise<VerdictCommandResult> {
    const targets = pairs.map((p) => ({ id: p.alertId, alert: p.file ? this.services.model.index.alertInFile(p.file) : undefined, pair: p }));
    let count = 0;
    const result = await this.write(targets, (ledger, t, author) => {
      const p = t.pair;
      const did = addExclusion(ledger, { externalId: p.externalId, entityId: p.entityId, entityName: p.entityName, alertId: p.alertId, reason }, { author });
      if (did) count++;
      return did;
    });
    if (result.ok && count && !quiet) vscode.window.setStatusBarMessage(`$(check) ${plural(count, 'exclusion')} recorded`, 4000);
    return result.ok ? { ...result, exclusions: count } : result;
  }

  private fail(err: unknown, file?: string): VerdictCommandResult {
    const message = err instanceof Error ? err.message : String(err);
    this.services.log.error(`Verdicts: ${message}`);
    if (err instanceof LedgerInvalidError) {
      const p = err.problems[0];
      const where = p ? `${vscode.workspace.asRelativePath(p.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}` : vscode.workspace.asRelativePath(err.file);
      void vscode.window.showErrorMessage(`Verdict not recorded: the ledger ${where} is not valid (${p?.message ?? 'see the log'}). The file was left unchanged; fix it and try again.`, 'Open Ledger').then((a) => {
        if (a && p) void openAtProblem(p);
      });
    } else if (err instanceof LedgerLockTimeoutError) {
      void vscode.window.showErrorMessage(`Verdict not recorded: ${message}`);
    } else {
      void vscode.window.showErrorMessage(`Verdict not recorded${file ? ` in ${vscode.workspace.asRelativePath(file)}` : ''}: ${message}`);
    }
    return { ok: false, error: message, file };
  }
}
