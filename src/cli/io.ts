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

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

export class UsageError extends Error {}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
