/**
 * "Close and exclude": after a B-TP, the offer to exclude the alert's source entities for its alert type,
 * and the choice of which ones when there are several. The exclusions are written by `VerdictWriter`.
 */
import * as vscode from 'vscode';
import type { ExclusionPair, Target, VerdictWriter } from './write';

/** After a B-TP verdict: offers to exclude the source entities (one question; a pick when several). */
export async function offerExclusion(writer: VerdictWriter, targets: Target[], note: string): Promise<void> {
  const pairs = writer.exclusionPairs(targets);
  if (!pairs.length) return;
  const first = pairs[0]!;
  const one = pairs.length === 1;
  const message = one
    ? `Close and exclude ${first.entityName ?? first.entityId}? No more "${first.type}" (${first.externalId}) alerts are expected from it; the exclusion is recorded in the verdict ledger.`
    : `Close and exclude the source entities of these alerts (${pairs.length} entity and alert-type pairs)? The exclusions are recorded in the verdict ledger.`;
  const action = one ? `Exclude ${first.entityName ?? 'Entity'}` : 'Choose Entities…';
  if ((await vscode.window.showInformationMessage(message, action)) !== action) return;
  const chosen = one ? pairs : await pickPairs(pairs, 'Close and exclude: entity and alert type', true);
  if (chosen?.length) await writer.writeExclusions(chosen, note);
}

/** Which of several entity and alert-type pairs to exclude; undefined when cancelled. */
export async function pickPairs(pairs: ExclusionPair[], title: string, allPicked: boolean): Promise<ExclusionPair[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    pairs.map((p) => ({ label: p.entityName ?? p.entityId, description: allPicked ? `${p.externalId} · ${p.type}` : p.entityId, picked: allPicked, pair: p })),
    { canPickMany: true, title },
  );
  return picked?.length ? picked.map((p) => p.pair) : undefined;
}
