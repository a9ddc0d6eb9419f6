/**
 * Indexing 10 000 alerts + 20 000 entity/profile files, against the bare floor of reading
 * every file and calling JSON.parse (the least any loader must do), in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../src/core/discovery';
import { WorkspaceIndex } from '../src/core/workspaceIndex';
import { compare, type BenchContext, type BenchReport } from './harness';
import { largeWorkspace } from './generate';

export default async function indexBench(ctx: BenchContext): Promise<BenchReport> {
  const ws = largeWorkspace(ctx.root, ctx.quick);
  const found = await discoverFiles([ws]);
  const files = found.files;
  ctx.log(`workspace: ${files.length} files in ${ws}`);

  // The floor keeps what it parsed, as any index must: discarding it would leave the garbage collector
  // nothing to do and measure a loader that loads nothing.
  const floor = async () => {
    const kept = new Map<string, unknown>();
    for (const f of files) kept.set(f.file, JSON.parse(fs.readFileSync(f.file, 'utf8')));
    return kept.size;
  };
  const floorDiscarding = async () => {
    let n = 0;
    for (const f of files) n += Object.keys(JSON.parse(fs.readFileSync(f.file, 'utf8'))).length;
    return n;
  };
  const ours = async () => {
    const index = new WorkspaceIndex();
    await index.updateMany(files);
    // Include building the derived maps the tree needs (alerts by phase, entities by id, references).
    return index.alertsInPhase('reconnaissance').length + index.entities().length + index.invalid().length;
  };
  const [tFloor, tOurs] = await compare(floor, ours, ctx.quick ? 2 : 5);
  const [tDiscard] = await compare(floorDiscarding, () => undefined, ctx.quick ? 1 : 3);
  const discovery = await compare(() => discoverFiles([ws]), () => fs.readdirSync(path.join(ws, 'alerts')).length, ctx.quick ? 1 : 3);
  const ratio = tOurs.median / tFloor.median;
  return {
    name: 'index',
    title: `Indexing ${files.length.toLocaleString('en-US')} fixture files (core WorkspaceIndex)`,
    rows: [
      { what: 'floor: readFileSync + JSON.parse of every file, values kept in a Map', value: tFloor.median, unit: 'ms' },
      { what: 'the same floor, values discarded (no retention, little GC)', value: tDiscard.median, unit: 'ms' },
      {
        what: 'WorkspaceIndex.updateMany + derived maps', value: tOurs.median, unit: 'ms',
        baseline: { what: 'floor', value: tFloor.median }, target: '≤ 1.5× the floor', met: ratio <= 1.5,
      },
      { what: 'ratio to the floor', value: Number(ratio.toFixed(2)), unit: '×' },
      { what: 'discovery (walk + glob match)', value: discovery[0].median, unit: 'ms' },
    ],
    notes: ['Medians of alternating runs after one warm-up each (warm page cache for both).'],
  };
}
