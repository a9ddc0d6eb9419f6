import { runCli } from './run';

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

runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
