/**
 * Export jobs shared by the extension's commands and the CLI: one alert into one workbook, or many
 * alerts into a folder (one workbook each, plus an index workbook). The writer module is passed in, so
 * this file does not load exceljs by itself (see loadWriter.ts).
 */
import path from 'node:path';
import type { Alert } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import { INDEX_FILE_NAME, UniqueFileNames, reportFileName } from './fileNames';
import { buildIndexReport, type IndexEntry } from './indexReport';
import type { ReportWriter } from './loadWriter';
import { buildAlertReport, type EntitySource } from './model';
import type { WriteResult } from './writer';

export interface ExportContext {
  writer: ReportWriter;
  entities: EntitySource;
  verdicts: VerdictLookup;
  now?: Date;
  /** Tests lower Excel's row limit to exercise continuation sheets. */
  maxRowsPerSheet?: number;
}

export interface AlertToExport {
  file: string;
  alert: Alert;
}

export interface JobProgress {
  /** Alerts finished, of the total (1 for a single export). */
  alertsDone: number;
  alertsTotal: number;
  /** Rows written of the current alert's report. */
  rowsWritten: number;
  rowsTotal: number;
  current?: AlertToExport;
}

export interface JobOptions {
  onProgress?(progress: JobProgress): void;
  isCancelled?(): boolean;
}

export async function exportAlert(ctx: ExportContext, item: AlertToExport, target: string, options: JobOptions = {}): Promise<WriteResult> {
  const model = buildAlertReport({ alert: item.alert, file: item.file, entities: ctx.entities, verdicts: ctx.verdicts, now: ctx.now });
  return ctx.writer.writeWorkbook(model, target, {
    maxRowsPerSheet: ctx.maxRowsPerSheet,
    isCancelled: options.isCancelled,
    onProgress: (rowsWritten, rowsTotal) => options.onProgress?.({ alertsDone: 0, alertsTotal: 1, rowsWritten, rowsTotal, current: item }),
  });
}

export interface BatchReport {
  item: AlertToExport;
  file: string;
  result: WriteResult;
}

export interface BatchResult {
  folder: string;
  reports: BatchReport[];
  /** The index workbook, when at least one report was written and the export was not cancelled. */
  index?: string;
  failed: { item: AlertToExport; error: string }[];
  cancelled: boolean;
}

/** One workbook per alert into `folder`, then the index workbook listing them. A failing alert does not stop the rest. */
export async function exportAlerts(ctx: ExportContext, items: AlertToExport[], folder: string, options: JobOptions = {}): Promise<BatchResult> {
  const names = new UniqueFileNames([INDEX_FILE_NAME]);
  const out: BatchResult = { folder, reports: [], failed: [], cancelled: false };
  for (const [i, item] of items.entries()) {
    if (options.isCancelled?.()) {
      out.cancelled = true;
      break;
    }
    const name = names.take(reportFileName(item.alert));
    const file = path.join(folder, name);
    options.onProgress?.({ alertsDone: i, alertsTotal: items.length, rowsWritten: 0, rowsTotal: 0, current: item });
    try {
      const result = await exportAlert(ctx, item, file, {
        isCancelled: options.isCancelled,
        onProgress: (p) => options.onProgress?.({ ...p, alertsDone: i, alertsTotal: items.length }),
      });
      if (result.cancelled) {
        out.cancelled = true;
        break;
      }
      out.reports.push({ item, file, result });
    } catch (err) {
      out.failed.push({ item, error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (!out.cancelled && out.reports.length) {
    const entries: IndexEntry[] = out.reports.map((r) => ({ alert: r.item.alert, report: path.basename(r.file), fixture: r.item.file }));
    const index = path.join(folder, INDEX_FILE_NAME);
    await ctx.writer.writeWorkbook(buildIndexReport(entries, ctx.verdicts, ctx.now), index);
    out.index = index;
  }
  options.onProgress?.({ alertsDone: out.reports.length + out.failed.length, alertsTotal: items.length, rowsWritten: 0, rowsTotal: 0 });
  return out;
}

/** What a person should know about a written report beyond "it worked" (cut cells, replaced characters…). */
export function describeCleaning(result: Pick<WriteResult, 'cutCells' | 'replacedCharacters' | 'unlinkedUrls' | 'continuationSheets'>): string[] {
  const notes: string[] = [];
  if (result.cutCells) notes.push(`${result.cutCells} ${result.cutCells === 1 ? 'cell was' : 'cells were'} over Excel's 32 767-character limit and cut (each has a note)`);
  if (result.replacedCharacters) notes.push(`${result.replacedCharacters} ${result.replacedCharacters === 1 ? 'character' : 'characters'} that a workbook cannot hold replaced by �`);
  if (result.unlinkedUrls) notes.push(`${result.unlinkedUrls} ${result.unlinkedUrls === 1 ? 'address was' : 'addresses were'} not http(s) and written as text, not as a link`);
  const continued = result.continuationSheets;
  if (continued) notes.push(`${continued} continuation ${continued === 1 ? 'sheet' : 'sheets'} added for tables over Excel's row limit`);
  return notes;
}
