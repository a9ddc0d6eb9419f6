/**
 * Run in a fresh process by tree.bench.ts: the very first expansion of the biggest phase, with the JIT
 * cold. `after-validation` first runs the start-up validation pass over the workspace, as the extension
 * does once the index is loaded; that pass collects each alert's entity references, which the rows need.
 * Prints one JSON line: { ms }.
 */
import { performance } from 'node:perf_hooks';
import { discoverFiles } from '../src/core/discovery';
import { AlertTree, DEFAULT_TREE_OPTIONS } from '../src/core/tree';
import { NO_VERDICTS } from '../src/core/verdicts/lookup';
import { validateIndexed } from '../src/core/validation/workspaceValidation';
import { WorkspaceIndex } from '../src/core/workspaceIndex';

async function main(): Promise<void> {
  const [workspace, mode] = process.argv.slice(2);
  if (!workspace) throw new Error('usage: tree-first-expansion.ts <workspace> [after-validation]');
  const found = await discoverFiles([workspace]);
  const index = new WorkspaceIndex();
  await index.updateMany(found.files);
  if (mode === 'after-validation') await validateIndexed(index);
  const tree = new AlertTree({ source: index, verdicts: NO_VERDICTS, options: DEFAULT_TREE_OPTIONS });
  const biggest = tree.roots().reduce((a, b) => ((a.kind === 'group' ? a.count : 0) >= (b.kind === 'group' ? b.count : 0) ? a : b));
  const t = performance.now();
  const rows = tree.children(biggest).length;
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t, rows })}\n`);
}

void main();
