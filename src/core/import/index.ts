/**
 * Import: real Defender for Identity alerts (CEF syslog, Sentinel, Graph, Defender XDR, the Excel
 * report) become fixtures. Readers are pure; `readSources` picks and runs them; `mergeIntoWorkspace`
 * writes the result into a workspace folder.
 */
export * from './types';
export { detectFormat, DETECT_BYTES } from './detect';
export { readSources, type ImportSource, type ReadOptions, type ReadOutcome } from './readSources';
export { mergeIntoWorkspace, type MergeOptions, type MergeReport, type AlertOutcome, type FileOutcome, type DocumentKind, type PendingWrite } from './merge';
export { formatImportReport, importReportJson, importSummary, importExitCode } from './report';
export { pseudonymiseImport, type PseudonymisedImport } from './pseudonymise';
