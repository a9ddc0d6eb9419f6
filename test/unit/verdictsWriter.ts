/**
 * A separate writer process for the concurrency and kill tests (bundled by the tests with esbuild, so
 * each start costs milliseconds). Usage:
 *   loop <ledger> <alert id> <tag> <count>   classify <count> times (notes "<tag>-<i>"), then exit 0
 *   forever <ledger> <alert id> <tag>       print "ready", then classify until killed, printing each step
 */
import fs from 'node:fs';
import { classify, updateLedger } from '../../src/core/verdicts';
import { VERDICTS } from '../../src/core/model';

const [mode, file, alertId, tag, countArg] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const say = (s: string) => fs.writeSync(1, s + '\n'); // synchronous: the parent sees it even if we are killed next

async function write(i: number, onStep?: (step: string) => void): Promise<void> {
  await updateLedger(file, (l) => classify(l, { alertId, verdict: VERDICTS[i % 3]!, note: `${tag}-${i}` }, { author: `writer ${tag}` }), { timeoutMs: 60_000, onStep });
}

async function main(): Promise<void> {
  if (mode === 'loop') {
    const count = Number(countArg);
    for (let i = 0; i < count; i++) await write(i);
    say('done');
  } else if (mode === 'forever') {
    say('ready');
    for (let i = 0; ; i++) {
      await write(i, (step) => say(`${i}:${step}`));
      say(`${i}:done`);
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((err) => {
  process.stderr.write(String((err as Error).stack ?? err) + '\n');
  process.exit(3);
});
