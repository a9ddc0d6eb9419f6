/**
 * The scaffold feature: "New Alert Fixture…" (palette and Alerts view) and the Coverage view's
 * "Create Fixture" on an uncovered type, which runs the same flow for that type.
 */
import { CommandIds, registerCommand } from '../commandIds';
import type { Services } from '../services';
import { ScaffoldCommands, externalIdOf } from './commands';

export function registerScaffold(services: Services): ScaffoldCommands {
  const commands = new ScaffoldCommands(services);
  services.context.subscriptions.push(
    registerCommand(CommandIds.newAlertFixture, (arg?: unknown, second?: unknown) => commands.newAlertFixture(arg, second)),
    // A Coverage view node carries more than the type (counts…): only its external ID is passed on.
    registerCommand(CommandIds.createFixture, (arg?: unknown, second?: unknown) => commands.newAlertFixture(externalIdOf(arg), second)),
  );
  return commands;
}
