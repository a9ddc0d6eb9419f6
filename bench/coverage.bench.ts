/**
 * Coverage of the 10 000-alert generated workspace, once the index is loaded (the view, the matrix and
 * the layer export all start from this build): the whole report, the matrix and the layer, against a
 * baseline of one pass over the index's alerts counting them by external ID — the least any per-type
 * table must do.
 */
import { buildCoverage, buildMatrix, buildNavigatorLayer } from '../src/core/coverage';
import { discoverFiles } from '../src/core/discovery';
import { DEFAULT_GLOBS } from '../src/core/fileKinds';
import type { VerdictLookup } from '../src/core/verdicts/lookup';
import { WorkspaceIndex } from '../src/core/workspaceIndex';
import { largeWorkspace } from './generate';
import { compare, type BenchContext, type BenchReport } from './harness';

/** A verdict on two alerts in three (TP, B-TP, FP in turn), so the verdict counting does real work. */
function someVerdicts(index: WorkspaceIndex): VerdictLookup {
  const map = new Map<string, 'TP' | 'B-TP' | 'FP'>();
  index.alerts().forEach((a, i) => { if (i % 3) map.set(String(a.alert.id), (['TP', 'B-TP', 'FP'] as const)[i % 3]); });
  return {
    verdictOf: (id) => { const v = map.get(id); return v ? { verdict: v, author: 'bench', time: '2025-01-01T00:00:00Z', history: [] } : undefined; },
    exclusionFor: () => undefined,
  };
}

export default async function coverageBench(ctx: BenchContext): Promise<BenchReport> {
  const ws = largeWorkspace(ctx.root, ctx.quick);
  const discovered = await discoverFiles([ws], DEFAULT_GLOBS);
  const index = new WorkspaceIndex();
  await index.updateMany(discovered.files);
  const alerts = index.alerts().length;
  ctx.log(`indexed ${alerts} alerts`);
  const verdicts = someVerdicts(index);

  let sink = 0;
  const countByExternalId = () => {
    const counts = new Map<unknown, number>();
    for (const a of index.alerts()) counts.set(a.alert.externalId, (counts.get(a.alert.externalId) ?? 0) + 1);
    sink += counts.size;
  };
  const report = () => { sink += buildCoverage(index.alerts().map((a) => a.alert), verdicts).totals.fixtures; };
  const everything = () => {
    const r = buildCoverage(index.alerts().map((a) => a.alert), verdicts);
    sink += buildMatrix(r, 'bench').columns.length + buildNavigatorLayer(r, { score: 'fixtures', workspace: 'bench' }).techniques.length;
  };
  const rounds = ctx.quick ? 5 : 21;
  const [base, built] = await compare(countByExternalId, report, rounds, 10);
  const [, all] = await compare(countByExternalId, everything, rounds, 10);
  if (!sink) throw new Error('nothing measured');
  const baseline = { what: `one pass counting ${alerts} alerts by external ID`, value: base.median };
  return {
    name: 'coverage',
    title: `Coverage of ${alerts.toLocaleString('en-US')} indexed alerts`,
    rows: [
      { what: `coverage report (69 types + roll-ups, verdicts) of ${alerts} alerts, median`, value: built.median, unit: 'ms', baseline, target: '< 50 ms', met: built.median < 50 },
      { what: 'report + matrix + Navigator layer, median', value: all.median, unit: 'ms', baseline, target: '< 50 ms', met: all.median < 50 },
    ],
    notes: [
      `The workspace is indexed once before timing (the view and commands build coverage from the live index); ${rounds} alternating rounds after 10 warm-up rounds (the garbage of indexing 30 000 files is collected during the warm-up).`,
      'Two alerts in three carry a verdict, so the TP / B-TP / FP counting and the FP rates do real work.',
    ],
  };
}
