/**
 * Who records a verdict: the configured author, else git's `user.name` for the workspace folder, else
 * the operating-system user. git runs through execFile (no shell) with a short timeout.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';

export interface AuthorSources {
  /** The setting `atpWorkbench.verdicts.author`, the CLI's --author or ATP_WORKBENCH_AUTHOR. */
  configured?: string;
  /** The folder git runs in (its repository's config applies). */
  cwd: string;
  gitTimeoutMs?: number;
  /** Test seams. */
  git?: (cwd: string, timeoutMs: number) => Promise<string | undefined>;
  osUser?: () => string | undefined;
}

export async function resolveAuthor(sources: AuthorSources): Promise<string> {
  const configured = sources.configured?.trim();
  if (configured) return configured;
  const fromGit = (await (sources.git ?? gitUserName)(sources.cwd, sources.gitTimeoutMs ?? 3000))?.trim();
  if (fromGit) return fromGit;
  return (sources.osUser ?? osUserName)()?.trim() || 'unknown';
}

/** `git config user.name` in `cwd`; undefined when git is missing, slow, or has no name configured. */
export function gitUserName(cwd: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile('git', ['config', 'user.name'], { cwd, timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (err, stdout) => {
        resolve(err ? undefined : stdout.split(/\r?\n/)[0]?.trim() || undefined);
      });
    } catch {
      resolve(undefined); // e.g. cwd does not exist
    }
  });
}

function osUserName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined; // no passwd entry (some containers)
  }
}
