import { EXIT } from './io';
import { runCli } from './run';

// A reader that stops early (`atp-workbench list | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    process.exitCode = EXIT.internal;
  });
}

// Write through callbacks so that large outputs are flushed before the process exits.
const io = {
  cwd: process.cwd(),
  env: process.env,
  out: (t: string) => void process.stdout.write(t),
  err: (t: string) => void process.stderr.write(t),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

void runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // runCli catches everything; this is the last line of defence, and still not "bad usage".
    process.stderr.write(`atp-workbench: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.internal;
  },
);
