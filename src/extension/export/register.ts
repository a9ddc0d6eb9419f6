/**
 * The export feature: "Export Alert Report (Excel)…" for one alert and "Export Reports…" for many.
 * Registering costs nothing: the report writer (exceljs) is loaded by the first export.
 */
import type { Services } from '../services';
import { ExportCommands } from './commands';
import { CommandIds, registerCommand } from '../commandIds';

export function registerExport(services: Services): ExportCommands {
  const commands = new ExportCommands(services);
  services.context.subscriptions.push(
    registerCommand(CommandIds.exportAlertReport, (arg?: unknown, second?: unknown) => commands.exportAlertReport(arg, second)),
    registerCommand(CommandIds.exportReports, (arg?: unknown, second?: unknown) => commands.exportReports(arg, second)),
  );
  return commands;
}
