/**
 * The export feature: "Export Alert Report (Excel)…" for one alert and "Export Reports…" for many.
 * Registering costs nothing: the report writer (exceljs) is loaded by the first export.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ExportCommands } from './commands';

export function registerExport(services: Services): ExportCommands {
  const commands = new ExportCommands(services);
  services.context.subscriptions.push(
    vscode.commands.registerCommand('atpWorkbench.exportAlertReport', (arg?: unknown, second?: unknown) => commands.exportAlertReport(arg, second)),
    vscode.commands.registerCommand('atpWorkbench.exportReports', (arg?: unknown, second?: unknown) => commands.exportReports(arg, second)),
  );
  return commands;
}
