/** Core problems → VS Code diagnostics (one place, so the editor shows exactly what the CLI prints). */
import * as vscode from 'vscode';
import type { Problem, ProblemSeverity, Range } from '../../core/model';

/** `source` of every diagnostic this extension publishes. */
export const DIAGNOSTIC_SOURCE = 'ATP Alerts';

const SEVERITY: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toDiagnostic(p: Problem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, SEVERITY[p.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = p.code;
  if (p.related?.length) {
    d.relatedInformation = p.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), r.message));
  }
  return d;
}

/** Identity of a problem as a diagnostic shows it: finds a diagnostic's problem again (quick fixes). */
export function problemKey(code: string, range: vscode.Range | Range, message: string): string {
  return `${code}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}
