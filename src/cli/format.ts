import type { Problem } from '../core/model';
import { displayRelative } from '../core/paths';

/** `file:line:column: severity: message [code]` with 1-based positions, as compilers print them. */
export function formatProblemLine(p: Problem, cwd: string): string {
  return `${displayPath(p.file, cwd)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message} [${p.code}]`;
}

export function displayPath(file: string, cwd: string): string {
  return displayRelative(file, cwd);
}

export function problemToJson(p: Problem, cwd: string) {
  return {
    file: displayPath(p.file, cwd),
    line: p.range.start.line + 1,
    column: p.range.start.character + 1,
    endLine: p.range.end.line + 1,
    endColumn: p.range.end.character + 1,
    severity: p.severity,
    code: p.code,
    message: p.message,
  };
}
