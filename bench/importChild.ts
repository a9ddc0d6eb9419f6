/**
 * One measured import, in its own process so that its peak RSS is its own. import.bench.ts bundles this
 * file with esbuild first (as the CLI is bundled), then runs
 *   node import-child.js <ours|floor> <input.log> <output folder> [files] [bytesPerFile]
 * ours: detect, read and merge the CEF file into the empty folder (what `atp-workbench import` does).
 * floor: read the same file line by line, then write `files` JSON files of `bytesPerFile` bytes with
 * fs.writeFileSync — the least any importer must do. Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mergeIntoWorkspace, readSources } from '../src/core/import';
import { fileLines, forEachLine } from '../src/core/import/lines';

async function main() {
  const [mode, input, output, files, bytesPerFile] = process.argv.slice(2);
  if ((mode !== 'ours' && mode !== 'floor') || !input || !output) throw new Error('usage: importChild.ts <ours|floor> <input.log> <output folder> [files] [bytesPerFile]');
  const started = performance.now();
  let written = 0;
  let bytes = 0;
  let lines: number;
  let newFiles: string[] = [];
  if (mode === 'ours') {
    const read = await readSources([{ name: path.basename(input), file: input }]);
    lines = read.lines;
    const report = await mergeIntoWorkspace(read.result, { out: output, author: 'bench' });
    newFiles = [...report.alerts, ...report.entities].filter((x) => x.status === 'new' && x.file).map((x) => x.file!);
  } else {
    const collected: string[] = [];
    const result = await forEachLine(fileLines(input), (text) => {
      if (collected.length < 16) collected.push(text);
    }, () => undefined);
    lines = result.lines;
    const n = Number(files);
    const size = Number(bytesPerFile);
    const body = JSON.stringify({ lines: collected }).slice(0, size).padEnd(size, ' ');
    for (const dir of ['alerts', 'entities']) fs.mkdirSync(path.join(output, dir), { recursive: true });
    for (let i = 0; i < n; i++) {
      fs.writeFileSync(path.join(output, i % 3 === 2 ? 'entities' : 'alerts', `f-${i}.json`), body);
      written++;
      bytes += body.length;
    }
  }
  const ms = performance.now() - started;
  // Counted after the clock stops: the floor needs the sizes, the import itself does not stat its files.
  for (const file of newFiles) {
    written++;
    bytes += fs.statSync(file).size;
  }
  const usage = process.resourceUsage();
  // CPU time (user + system) next to the wall time: on a shared machine the wall time also measures the neighbours.
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(JSON.stringify({ mode, ms, cpuMs, maxRssMB: usage.maxRSS / 1024, lines, files: written, bytes }) + '\n');
}

main().catch((err) => {
  process.stderr.write(String((err as Error).stack ?? err) + '\n');
  process.exit(1);
});
