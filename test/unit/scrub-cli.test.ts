import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { after } from 'node:test';
import { runCli } from '../../src/cli/run';
import { collectEntityKeys } from '../../src/core/references';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { parseMappingFile, planScrub } from '../../src/core/scrub';
import { discoverFiles } from '../../src/core/discovery';
import { buildEvidence } from '../../src/core/evidence';
import { NO_VERDICTS } from '../../src/core/verdicts/lookup';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A scratch folder with a copy of the samples (`ws`) and a private key file (`key`). */
function scratch(): { dir: string; ws: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-scrub-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ws = path.join(dir, 'ws');
  fs.cpSync(SAMPLES, ws, { recursive: true });
  const key = path.join(dir, 'scrub.key');
  fs.writeFileSync(key, 'f3c1e0b2a9d84c7e6b5a4f3e2d1c0b9a\n', { mode: 0o600 });
  fs.chmodSync(key, 0o600);
  return { dir, ws, key };
}

/** Every file under a folder, relative, with its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function problemCounts(problems: Array<{ severity: string; code: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of problems) counts[`${p.severity} ${p.code}`] = (counts[`${p.severity} ${p.code}`] ?? 0) + 1;
  return counts;
}

function alertsById(dir: string): Map<string, Record<string, unknown>> {
  const alerts = new Map<string, Record<string, unknown>>();
  for (const f of fs.readdirSync(path.join(dir, 'alerts'))) {
    const a = JSON.parse(fs.readFileSync(path.join(dir, 'alerts', f), 'utf8')) as Record<string, unknown>;
    alerts.set(a.id as string, a);
  }
  return alerts;
}

test('scrub -o: a copy that validates, lists and counts verdicts exactly like the original, with no original left', async () => {
  const { dir, ws, key } = scratch();
  const out = path.join(dir, 'shared');
  const mapping = path.join(dir, 'mapping.json');
  const r = await cli(['scrub', 'ws', '-o', 'shared', '--key-file', key, '--mapping', mapping], dir);
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /verified: no original left/);

  const before = await validatePaths([ws]);
  const afterScrub = await validatePaths([out]);
  assert.deepEqual(problemCounts(afterScrub.problems), problemCounts(before.problems), 'no new error, warning or information');
  assert.equal(afterScrub.files.length, before.files.length);

  for (const command of [['list', '--summary'], ['list', '--summary', '--group-by', 'verdict'], ['verdicts']]) {
    const a = await cli([...command, 'ws'], dir);
    const b = await cli([...command, 'shared'], dir);
    assert.equal(b.code, 0);
    assert.equal(b.out.replace(/shared/g, 'ws'), a.out, command.join(' '));
  }

  const entries = parseMappingFile(fs.readFileSync(mapping, 'utf8'));
  const pseudonymOf = new Map(entries.map((e) => [e.original.toLowerCase(), e.pseudonym]));
  const scrubbed = alertsById(out);
  for (const [id, alert] of alertsById(ws)) {
    const twin = scrubbed.get(pseudonymOf.get(id)!);
    assert.ok(twin, `alert ${id} has a pseudonymous twin`);
    assert.equal(collectEntityKeys(twin as never).length, collectEntityKeys(alert as never).length, 'the same number of distinct entities');
    assert.equal(twin.startTime, alert.startTime, 'times kept');
  }

  const files = tree(out);
  assert.equal(files.size, tree(ws).size - 2, 'every fixture and the ledger (README and .gitattributes are not fixtures)');
  const everything = [...files].map(([name, text]) => `${name}\n${text}`).join('\n').toLowerCase();
  for (const e of entries.filter((x) => x.original.length >= 6)) assert.ok(!everything.includes(e.original.toLowerCase()), `${e.kind} "${e.original}" left`);
  assert.equal(fs.statSync(mapping).mode & 0o077, 0, 'the mapping file is private');

  const check = await cli(['scrub', '--check', 'shared', '--mapping', mapping], dir);
  assert.equal(check.code, 0, check.out + check.err);
  const leak = await cli(['scrub', '--check', 'ws', '--mapping', mapping, '--format', 'json'], dir);
  assert.equal(leak.code, 1);
  const found = JSON.parse(leak.out) as { leftovers: Array<{ file: string; line: number; column: number; found: string }> };
  const first = found.leftovers.find((l) => l.file.endsWith('user-jwhitfield.entity.json') && l.line > 1)!;
  const line = fs.readFileSync(path.join(dir, first.file), 'utf8').split('\n')[first.line - 1];
  assert.equal(line.slice(first.column - 1).toLowerCase().startsWith(first.found.toLowerCase()), true, 'the position points at the original');
});

test('scrub: same key, byte-identical output; another key, other pseudonyms', async () => {
  const { dir, key } = scratch();
  const other = path.join(dir, 'other.key');
  fs.writeFileSync(other, '0123456789abcdef0123456789abcdef', { mode: 0o600 });
  for (const [folder, k] of [['one', key], ['two', key], ['three', other]]) assert.equal((await cli(['scrub', 'ws', '-o', folder, '--key-file', k], dir)).code, 0);
  const one = tree(path.join(dir, 'one'));
  assert.deepEqual(tree(path.join(dir, 'two')), one);
  const three = tree(path.join(dir, 'three'));
  const names = (t: Map<string, string>) => new Set([...t.keys()].filter((n) => n.startsWith('entities/')));
  const shared = [...names(one)].filter((n) => names(three).has(n) && !/domain-admins/.test(n));
  assert.deepEqual(shared, [], 'no entity file name (each carries a pseudonym) is the same under both keys');
});

test('scrub --in-place rewrites the workspace, names included, and --shift-time moves every time', async () => {
  const { dir, ws, key } = scratch();
  const before = await cli(['list', '--summary', 'ws'], dir);
  const startTimes = [...alertsById(ws).values()].map((a) => Date.parse(a.startTime as string)).sort();
  const r = await cli(['scrub', 'ws', '--in-place', '--key-file', key, '--shift-time', '30d'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /in place/);
  assert.ok(!fs.existsSync(path.join(ws, 'entities', 'user-jwhitfield.entity.json')));
  assert.equal(fs.readdirSync(path.join(ws, 'entities')).length, fs.readdirSync(path.join(SAMPLES, 'entities')).length);
  assert.deepEqual(fs.readdirSync(ws).filter((f) => f.includes('.tmp') || f.includes('scrub-')), []);
  assert.equal((await cli(['list', '--summary', 'ws'], dir)).out, before.out);
  const shifted = [...alertsById(ws).values()].map((a) => Date.parse(a.startTime as string)).sort();
  assert.deepEqual(shifted, startTimes.map((t) => t + 30 * 86400000));
  const ledger = fs.readFileSync(path.join(ws, '.atp', 'classifications.json'), 'utf8');
  assert.ok(!/whitfield|haddad|contoso|WS-SEC-01/i.test(ledger), 'the ledger notes and authors are scrubbed');
});

test('scrub: bad usage and bad places are refused with a clear message, and nothing is written', async () => {
  const { dir, key } = scratch();
  const run = (...args: string[]) => cli(['scrub', ...args], dir);
  let r = await run('ws', '-o', 'out', '--key-file', 'missing.key');
  assert.equal(r.code, 2);
  assert.match(r.err, /missing\.key does not exist/);
  fs.writeFileSync(path.join(dir, 'empty.key'), '\n');
  assert.match((await run('ws', '-o', 'out', '--key-file', 'empty.key')).err, /is empty/);
  fs.writeFileSync(path.join(dir, 'open.key'), 'an open but long enough secret key', { mode: 0o644 });
  fs.chmodSync(path.join(dir, 'open.key'), 0o644);
  r = await run('ws', '-o', 'open-out', '--key-file', 'open.key');
  assert.equal(r.code, 0);
  assert.match(r.err, /warning: .*can be read by every user/);
  r = await run('ws', '-o', 'ws/shared', '--key-file', key);
  assert.equal(r.code, 2);
  assert.match(r.err, /inside the input/);
  assert.equal((await run('ws', '--key-file', key)).code, 2, 'neither -o nor --in-place');
  assert.match((await run('ws', '-o', 'x', '--key-file', key, '--shift-time', '3h')).err, /whole days or weeks/);
  r = await run('ws', '-o', 'out2', '--key-file', key, '--mapping', 'ws/mapping.json');
  assert.equal(r.code, 2);
  assert.match(r.err, /mapping file .* is inside .*not a git repository/);
  r = await run('ws', '-o', 'out3', '--key-file', key, '--mapping', 'out3/mapping.json');
  assert.match(r.err, /inside the scrubbed output/);
  for (const refused of ['out', 'ws/shared', 'x', 'out2', 'out3']) assert.ok(!fs.existsSync(path.join(dir, refused)), `${refused} not created`);
  assert.equal((await run('--check', 'ws')).code, 2, '--check needs a mapping');
  assert.match((await run('--check', 'ws', '--mapping', 'nope.json')).err, /does not exist/);
});

test('scrub: a mapping file inside the workspace is accepted when git ignores it', async () => {
  const { dir, ws, key } = scratch();
  execFileSync('git', ['init', '-q'], { cwd: ws });
  fs.writeFileSync(path.join(ws, '.gitignore'), '*.mapping.json\n');
  const r = await cli(['scrub', 'ws', '-o', 'out', '--key-file', key, '--mapping', 'ws/private.mapping.json'], dir);
  assert.equal(r.code, 0, r.err);
  assert.ok(fs.existsSync(path.join(ws, 'private.mapping.json')));
  const refused = await cli(['scrub', 'ws', '-o', 'out-b', '--key-file', key, '--mapping', 'ws/visible.json'], dir);
  assert.match(refused.err, /git does not ignore it/);
});

test('scrub: the evidence panel shows the same chain, with pseudonyms', async () => {
  const { dir, ws, key } = scratch();
  const out = path.join(dir, 'shared');
  assert.equal((await cli(['scrub', 'ws', '-o', 'shared', '--key-file', key], dir)).code, 0);
  const plan = await planScrub({ paths: [ws], key: fs.readFileSync(key, 'utf8').trim() });
  const indexOf = async (folder: string) => {
    const index = new WorkspaceIndex();
    await index.updateMany((await discoverFiles([folder])).files);
    return index;
  };
  const [before, afterIndex] = [await indexOf(ws), await indexOf(out)];
  for (const { alert } of before.alerts()) {
    const original = buildEvidence(before, alert.id, NO_VERDICTS)!.model.chain;
    const scrubbed = buildEvidence(afterIndex, plan.mapping.lookup(alert.id)!.pseudonym, NO_VERDICTS)!.model.chain;
    assert.deepEqual(scrubbed.nodes.map((n) => [n.kind, n.column]), original.nodes.map((n) => [n.kind, n.column]), alert.title);
    assert.equal(scrubbed.edges.length, original.edges.length);
    assert.deepEqual(scrubbed.nodes.map((n) => n.tooltip), original.nodes.map((n) => plan.mapping.replaceText(n.tooltip)), 'each node names the pseudonym of its original');
  }
});

test('scrub: twenty keys over the samples, every one complete and verified', async () => {
  const fixtures = ['alerts', 'entities', 'profiles'].reduce((n, d) => n + fs.readdirSync(path.join(SAMPLES, d)).length, 0) + 1; // and the ledger
  for (let i = 0; i < 20; i++) {
    const plan = await planScrub({ paths: [SAMPLES], key: `sample key number ${i} of twenty` });
    assert.deepEqual(plan.errors, [], `key ${i}`);
    assert.deepEqual(plan.leftovers, [], `key ${i}`);
    assert.equal(plan.files.length, fixtures);
  }
});
