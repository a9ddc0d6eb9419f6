/**
 * Pseudonymising the 30 000-file generated workspace (scrub to a new folder: discover, read, pseudonymise,
 * serialise, verify every output, write), against the floor of reading, JSON.parse, JSON.stringify and
 * writing every file, in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../src/core/discovery';
import { planScrub, writeCopy } from '../src/core/scrub';
import { compare, type BenchContext, type BenchReport } from './harness';
import { largeWorkspace } from './generate';

export default async function scrubBench(ctx: BenchContext): Promise<BenchReport> {
  const ws = largeWorkspace(ctx.root, ctx.quick);
  const files = (await discoverFiles([ws])).files;
  ctx.log(`workspace: ${files.length} files in ${ws}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-scrub-bench-'));
  const key = 'benchmark key: 32 bytes of secret';
  let run = 0;
  let identities = 0;

  const floor = async () => {
    const out = path.join(scratch, `floor-${run++}`);
    const made = new Set<string>();
    for (const f of files) {
      const target = path.join(out, path.relative(ws, f.file));
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(target, JSON.stringify(JSON.parse(fs.readFileSync(f.file, 'utf8')), null, 2) + '\n');
    }
    fs.rmSync(out, { recursive: true, force: true });
  };
  const ours = async () => {
    const out = path.join(scratch, `scrub-${run++}`);
    const plan = await planScrub({ paths: [ws], key });
    if (plan.leftovers.length || plan.errors.length) throw new Error(`scrub failed: ${plan.leftovers.length} leftovers, ${plan.errors.join('; ')}`);
    identities = plan.mapping.entries().length;
    writeCopy(plan, out);
    fs.rmSync(out, { recursive: true, force: true });
  };
  try {
    const [tFloor, tOurs] = await compare(floor, ours, ctx.quick ? 1 : 3);
    const ratio = tOurs.median / tFloor.median;
    return {
      name: 'scrub',
      title: `Pseudonymising ${files.length.toLocaleString('en-US')} fixture files (atp-workbench scrub to a new folder)`,
      rows: [
        { what: 'floor: read + JSON.parse + JSON.stringify + write every file', value: tFloor.median, unit: 'ms' },
        {
          what: `scrub: discover, read, pseudonymise ${identities.toLocaleString('en-US')} identities, verify, write`, value: tOurs.median, unit: 'ms',
          baseline: { what: 'floor', value: tFloor.median }, target: '≤ 2.5× the floor', met: ratio <= 2.5,
        },
        { what: 'ratio to the floor', value: Number(ratio.toFixed(2)), unit: '×' },
        { what: 'scrub throughput', value: Math.round(files.length / (tOurs.median / 1000)), unit: 'files/s' },
        { what: 'floor throughput', value: Math.round(files.length / (tFloor.median / 1000)), unit: 'files/s' },
      ],
      notes: [
        'Medians of alternating runs after one warm-up each; both write to a fresh folder under the system temp folder and delete it inside the timed run.',
        'The scrub keeps every output in memory until all of it is verified, then writes; the floor writes as it goes.',
      ],
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
