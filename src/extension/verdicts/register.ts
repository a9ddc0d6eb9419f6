/**
 * The verdicts feature: per-folder ledgers published to `services.verdicts`, and the commands that
 * record, clear and show verdicts and exclusions.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { VerdictCommands } from './commands';
import { WorkspaceLedgers } from './ledgers';

export function registerVerdicts(services: Services): WorkspaceLedgers {
  const ledgers = new WorkspaceLedgers(services);
  const commands = new VerdictCommands(services, ledgers);
  services.context.subscriptions.push(
    ledgers,
    vscode.commands.registerCommand('atpWorkbench.classifyAlert', (arg?: unknown, selection?: unknown) => commands.classifyAlert(arg, selection)),
    vscode.commands.registerCommand('atpWorkbench.clearVerdict', (arg?: unknown, selection?: unknown) => commands.clearVerdict(arg, selection)),
    vscode.commands.registerCommand('atpWorkbench.showVerdictHistory', (arg?: unknown) => commands.showVerdictHistory(arg)),
    vscode.commands.registerCommand('atpWorkbench.excludeSourceEntity', (arg?: unknown) => commands.excludeSourceEntity(arg)),
    vscode.commands.registerCommand('atpWorkbench.openLedger', (arg?: unknown) => commands.openLedger(arg)),
  );
  // A few small reads, off the activation path: the tree shows verdicts from its first render.
  void ledgers.ensureLoaded().catch((err) => services.log.error(`Verdicts: ${(err as Error).message}`));
  return ledgers;
}
