/**
 * The questions "Classify Alert…" asks: the verdict (with its one-line meaning), an optional
 * determination (Graph values, the usual ones for the verdict first), and an optional note.
 * Escape at any step cancels the whole classification.
 */
import * as vscode from 'vscode';
import { DETERMINATIONS, VERDICTS, VERDICT_LABELS, type Determination, type Verdict } from '../../core/model';
import { DETERMINATION_LABELS, USUAL_DETERMINATIONS, VERDICT_MEANINGS, type LedgerVerdict } from '../../core/verdicts';

export const VERDICT_ICONS: Record<LedgerVerdict, string> = {
  TP: '$(bug)',
  'B-TP': '$(pass)',
  FP: '$(circle-slash)',
  cleared: '$(discard)',
};

export async function pickVerdict(title: string, current: Verdict | undefined): Promise<Verdict | undefined> {
  const items = VERDICTS.map((v) => ({
    label: `${VERDICT_ICONS[v]} ${VERDICT_LABELS[v]}`,
    description: v === current ? `${v} · current verdict` : v,
    detail: VERDICT_MEANINGS[v],
    verdict: v,
  }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'What was it really?', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  return picked?.verdict;
}

type DeterminationItem = vscode.QuickPickItem & { determination?: Determination | null };

/** A determination, `null` for "none", or undefined when cancelled. */
export async function pickDetermination(title: string, verdict: Verdict): Promise<Determination | null | undefined> {
  const usual = USUAL_DETERMINATIONS[verdict];
  const item = (d: Determination): DeterminationItem => ({ label: DETERMINATION_LABELS[d], description: d, determination: d });
  const items: DeterminationItem[] = [
    { label: '$(dash) No determination', description: 'skip', determination: null },
    { label: `Usual for ${verdict}`, kind: vscode.QuickPickItemKind.Separator },
    ...usual.map(item),
    { label: 'Other determinations', kind: vscode.QuickPickItemKind.Separator },
    ...DETERMINATIONS.filter((d) => !usual.includes(d)).map(item),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Why? (optional, Microsoft Graph determination)', matchOnDescription: true, ignoreFocusOut: true });
  return picked ? picked.determination ?? null : undefined;
}

/** The note ('' for none), or undefined when cancelled. */
export async function askNote(title: string, current: string | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: 'A note for the team (optional): what you checked, a change or ticket number. Enter to skip.',
    placeHolder: current ? `Earlier note: ${current}` : undefined,
    ignoreFocusOut: true,
  });
}
