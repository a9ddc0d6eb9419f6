/**
 * The verdicts feature: per-folder ledgers published to `services.verdicts`, and the commands that
 * record, clear and show verdicts and exclusions.
 */
import type { Services } from '../services';
import { VerdictCommands } from './commands';
import { WorkspaceLedgers } from './ledgers';
import { CommandIds, registerCommand } from '../commandIds';

export function registerVerdicts(services: Services): WorkspaceLedgers {
  const ledgers = new WorkspaceLedgers(services);
  const commands = new VerdictCommands(services, ledgers);
  services.context.subscriptions.push(
    ledgers,
    registerCommand(CommandIds.classifyAlert, (arg?: unknown, selection?: unknown) => commands.classifyAlert(arg, selection)),
    registerCommand(CommandIds.clearVerdict, (arg?: unknown, selection?: unknown) => commands.clearVerdict(arg, selection)),
    registerCommand(CommandIds.showVerdictHistory, (arg?: unknown) => commands.showVerdictHistory(arg)),
    registerCommand(CommandIds.excludeSourceEntity, (arg?: unknown) => commands.excludeSourceEntity(arg)),
    registerCommand(CommandIds.openLedger, (arg?: unknown) => commands.openLedger(arg)),
  );
  // A few small reads and a watcher per folder, right after activation rather than in it (they were a third
  // of activate()); the tree shows verdicts from its first render, and every command waits for them itself.
  const start = setImmediate(() => void ledgers.ensureLoaded().catch((err) => services.log.error(`Verdicts: ${(err as Error).message}`)));
  services.context.subscriptions.push({ dispose: () => clearImmediate(start) });
  return ledgers;
}
