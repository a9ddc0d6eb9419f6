/**
 * New alert fixtures in a large workspace: what `atp-workbench new` costs beyond loading the workspace
 * (whole processes, against `atp-workbench list --summary` on the same folder in the same run), and
 * planning a fixture of every one of the 69 types once the index is loaded (against loading it).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../src/core/discovery';
import { planScaffold, TEMPLATES } from '../src/core/scaffold';
import { WorkspaceIndex } from '../src/core/workspaceIndex';
import { largeWorkspace } from './generate';
import { compare, type BenchContext, type BenchReport } from './harness';

export default async function scaffoldBench(ctx: BenchContext): Promise<BenchReport> {
  const ws = largeWorkspace(ctx.root, ctx.quick);
  const cli = path.join(ctx.root, 'dist', 'cli.js');
  const run = (args: string[]) => () => execFileSync(process.execPath, [cli, ...args], { cwd: ws, stdio: 'ignore' });
  // --dry-run: the same work, without leaving files that would change the workspace between runs.
  const [list, create] = await compare(run(['list', '.', '--summary']), run(['new', '2004', '--seed', 'bench', '--dry-run']), ctx.quick ? 1 : 3);

  const files = (await discoverFiles([ws])).files;
  const index = new WorkspaceIndex();
  await index.updateMany(files);
  const load = async () => {
    const fresh = new WorkspaceIndex();
    await fresh.updateMany(files);
    return fresh.entities().length;
  };
  let n = 0;
  const planAll = () => {
    for (const t of TEMPLATES) planScaffold(index, { externalId: t.externalId, root: ws, seed: `bench-${n++}` });
  };
  const [tLoad, tPlan] = await compare(load, planAll, ctx.quick ? 1 : 5);
  return {
    name: 'scaffold',
    title: `New alert fixtures in a workspace of ${files.length.toLocaleString('en-US')} files`,
    rows: [
      { what: '`atp-workbench list --summary` (load and group), whole process', value: Number(list.median.toFixed(0)), unit: 'ms' },
      {
        what: '`atp-workbench new 2004 --dry-run` (load, plan, print), whole process', value: Number(create.median.toFixed(0)), unit: 'ms',
        baseline: { what: 'list --summary', value: Number(list.median.toFixed(0)) },
      },
      { what: 'new ÷ list', value: Number((create.median / list.median).toFixed(2)), unit: '×' },
      { what: 'load the index in process (updateMany)', value: Number(tLoad.median.toFixed(0)), unit: 'ms' },
      {
        what: 'plan one fixture of each of the 69 types (new entities, file names checked on disk)', value: Number(tPlan.median.toFixed(1)), unit: 'ms',
        baseline: { what: 'load the index', value: Number(tLoad.median.toFixed(0)) },
      },
      { what: 'per type', value: Number((tPlan.median / TEMPLATES.length).toFixed(2)), unit: 'ms' },
    ],
    notes: [
      'Medians of alternating runs after one warm-up each (warm page cache). The CLI rows start a Node process each (built bundle dist/cli.js).',
      'Planning reads the loaded index (domain, layout, portal host, id clashes) and asks the disk only whether a file name is taken.',
      `Load average when the run ended: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores.`,
    ],
  };
}
