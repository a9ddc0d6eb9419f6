import { version as VERSION } from '../../package.json';
import { COMMANDS } from './commands/index';
import { EXIT, UsageError, type CliIO } from './io';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `atp-workbench ${VERSION} — Azure ATP / Defender for Identity alert fixtures, from the command line.

Usage: atp-workbench [--verbose] <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "atp-workbench <command> --help" for a command's options. --verbose prints the stack trace of an
internal error.
`;
}

/** `--verbose` anywhere before a `--` is the global flag, not the command's. */
function takeVerbose(argv: string[]): { verbose: boolean; args: string[] } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  return { verbose: head.includes('--verbose'), args: [...head.filter((a) => a !== '--verbose'), ...tail] };
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 problems, 2 bad usage, 70 an internal error (a bug:
 * a short message, the stack trace with --verbose). Never throws.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const { verbose, args } = takeVerbose(argv);
  const [name, ...rest] = args;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      io.out(topic ? topic.usage + '\n' : overview());
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-v') {
      io.out(VERSION + '\n');
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      io.err(`Unknown command "${name}".\n\n${overview()}`);
      return EXIT.usage;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.usage + '\n');
      return EXIT.ok;
    }
    try {
      return await command.run(rest, io);
    } catch (err) {
      if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        io.err(`atp-workbench ${name}: ${(err as Error).message}\n\n${command.usage}\n`);
        return EXIT.usage;
      }
      throw err;
    }
  } catch (err) {
    return internalError(io, name, err, verbose);
  }
}

function internalError(io: CliIO, name: string | undefined, err: unknown, verbose: boolean): number {
  const what = `atp-workbench${name ? ` ${name}` : ''}: internal error`;
  const detail = verbose
    ? (err instanceof Error && err.stack) || String(err)
    : `${err instanceof Error ? err.message : String(err)}\n(This is a bug in atp-workbench. Run again with --verbose for the stack trace.)`;
  try {
    io.err(`${what}: ${detail}\n`);
  } catch {
    // The error stream itself failed: the exit code still says what happened.
  }
  return EXIT.internal;
}
