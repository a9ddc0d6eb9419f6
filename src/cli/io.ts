import { DEFAULT_MAX_FILE_BYTES } from '../core/loader';

/** What a CLI command gets: its arguments and where to write. Tests pass buffers; main passes the process. */
export interface CliIO {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Environment (for settings such as the verdict author). */
  env: Record<string, string | undefined>;
  /** All of standard input (for `import -`); absent where there is none. */
  readStdin?(): Promise<Uint8Array>;
}

/** Exit codes shared by every command; 70 is sysexits' EX_SOFTWARE (an internal error). */
export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 70 } as const;

export class UsageError extends Error {}

/** The `--max-file-size MB` option every command that loads fixtures takes, in bytes. */
export function maxFileBytesOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_BYTES;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError('--max-file-size must be a positive number of megabytes.');
  return Math.round(mb * 1024 * 1024);
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
