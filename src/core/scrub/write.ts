// Writing a verified plan: to a new folder (staged in a temporary sibling folder, renamed into place at
// the end) or in place (every file written to a temporary sibling first, then renamed; the verdict
// ledger through its own lock). Plus the two guards around the run: where the output may go, and where
// a mapping file may go (never where it would be shared).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseLedger } from '../verdicts/parse';
import { serializeLedger } from '../verdicts/serialize';
import { updateLedger } from '../verdicts/store';
import type { ScrubPlan } from './plan';

const inside = (child: string, parent: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Why `output` cannot receive a scrubbed copy of `inputs`, or undefined when it can. */
export function outputFolderProblem(output: string, inputs: string[]): string | undefined {
  const out = path.resolve(output);
  for (const input of inputs.map((p) => path.resolve(p))) {
    if (inside(out, input)) return `The output folder ${out} is inside the input ${input}: the copy would be scrubbed again on the next run and shared with the originals. Choose a folder outside it.`;
    if (inside(input, out)) return `The output folder ${out} contains the input ${input}. Choose a new folder outside it.`;
  }
  const stat = fs.statSync(out, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) return `The output ${out} exists and is not a folder.`;
  if (stat && fs.readdirSync(out).length > 0) return `The output folder ${out} is not empty. Choose a new or empty folder, so that nothing of an earlier copy is mixed in.`;
  return undefined;
}

/** Writes every planned file under `output`, all or nothing: a temporary sibling folder is renamed into place. */
export function writeCopy(plan: ScrubPlan, output: string): void {
  const out = path.resolve(output);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const staging = path.join(path.dirname(out), `.${path.basename(out)}.scrub-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(staging);
  try {
    const made = new Set<string>();
    for (const f of plan.files) {
      const target = path.join(staging, ...f.target.split('/'));
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(target, f.text);
    }
    if (fs.existsSync(out)) fs.rmdirSync(out); // empty (checked before): the rename needs the name free
    fs.renameSync(staging, out);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Rewrites the inputs in place. Every new file is written next to its target first; only when all are
 * written are they renamed over the originals (and originals whose name changed removed). The ledger is
 * replaced under its lock, and only if nobody changed it since it was read.
 */
export async function writeInPlace(plan: ScrubPlan): Promise<void> {
  const suffix = `.scrub-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const moves: Array<{ temp: string; target: string; source: string }> = [];
  const ledgers = plan.files.filter((f) => f.kind === 'ledger');
  try {
    for (const f of plan.files) {
      if (f.kind === 'ledger') continue;
      const target = path.join(f.root, ...targetWithinRoot(plan, f.target).split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}${suffix}`;
      fs.writeFileSync(temp, f.text, { mode: fs.statSync(f.source).mode & 0o777 });
      moves.push({ temp, target, source: f.source });
    }
  } catch (err) {
    for (const m of moves) fs.rmSync(m.temp, { force: true });
    throw err;
  }
  for (const m of moves) {
    fs.renameSync(m.temp, m.target);
    if (path.resolve(m.source) !== path.resolve(m.target)) fs.rmSync(m.source, { force: true });
  }
  for (const f of ledgers) {
    const original = fs.readFileSync(f.source, 'utf8');
    const scrubbed = parseLedger(f.source, f.text);
    if (!scrubbed.ok) {
      fs.writeFileSync(f.source, f.text);
      continue;
    }
    await updateLedger(f.source, (ledger) => {
      if (serializeLedger(ledger) !== serializeLedger(parseLedgerOrThrow(f.source, original))) {
        throw new Error(`${f.source} changed while it was being pseudonymised (a verdict was recorded); run the command again.`);
      }
      ledger.alerts = scrubbed.ledger.alerts;
      ledger.exclusions = scrubbed.ledger.exclusions;
      return true;
    });
  }
}

function parseLedgerOrThrow(file: string, text: string) {
  const parsed = parseLedger(file, text);
  if (!parsed.ok) throw new Error(`${file} does not parse any more.`);
  return parsed.ledger;
}

/** In place, a target is relative to its own root: drop the root folder name added for several roots. */
function targetWithinRoot(plan: ScrubPlan, target: string): string {
  return plan.roots.length > 1 ? target.slice(target.indexOf('/') + 1) : target;
}

/**
 * Why a mapping file may not be written at `file`, or undefined. Never inside the scrubbed output (it
 * would be shared with it); inside an input folder only when git ignores it, because the folder is a
 * repository someone will push.
 */
export function mappingFileProblem(file: string, inputs: string[], output?: string): string | undefined {
  const target = path.resolve(file);
  if (output && inside(target, path.resolve(output))) return `The mapping file ${target} would be inside the scrubbed output ${path.resolve(output)}, which is meant to be shared. Keep it elsewhere.`;
  for (const input of inputs.map((p) => path.resolve(p))) {
    const root = fs.statSync(input, { throwIfNoEntry: false })?.isFile() ? path.dirname(input) : input;
    if (!inside(target, root)) continue;
    const dir = fs.existsSync(path.dirname(target)) ? path.dirname(target) : root;
    const git = spawnSync('git', ['check-ignore', '-q', '--', target], { cwd: dir, encoding: 'utf8' });
    if (git.error) return `The mapping file ${target} is inside the workspace ${root}, and git is not available to confirm that it is git-ignored. Keep it outside the workspace.`;
    if (git.status === 1) return `The mapping file ${target} is inside the workspace ${root} and git does not ignore it: it could be committed with the fixtures. Add it to .gitignore or keep it outside the workspace.`;
    if (git.status !== 0) return `The mapping file ${target} is inside ${root}, which is not a git repository, so nothing keeps it from being shared. Keep it outside the workspace.`;
  }
  return undefined;
}

/** Writes the mapping file readable by its owner only. */
export function writeMappingFile(file: string, json: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, json, { mode: 0o600 });
  fs.renameSync(temp, file);
}
