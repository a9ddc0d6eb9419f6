// `atp-workbench validate` on worker threads (big inputs) must say exactly what the serial path says: the
// same problems in the same order, the same exit code, byte for byte in text, JSON and SARIF. Runs the
// built CLI (dist/cli.js with dist/validate-worker.js beside it), as users do.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempWorkspace, writeFixture } from './helpers';
import { ROOT, SAMPLES } from './corpus';
import { DEFAULT_PARALLEL_MIN_FILES } from '../../src/core/validation/parallelValidation';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const GUID = /\b[0-9a-f]{8}-([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi;
const SAMPLE_FILES: [string, string][] = [];

before(() => {
  // The bundles under test: built from these sources now, as `npm run build` builds them.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'validate-worker.js')), 'the build writes the worker beside the CLI');
  for (const sub of ['alerts', 'entities', 'profiles']) {
    for (const name of fs.readdirSync(path.join(SAMPLES, sub)).sort()) {
      if (name.endsWith('.json')) SAMPLE_FILES.push([`${sub}/${name}`, fs.readFileSync(path.join(SAMPLES, sub, name), 'utf8')]);
    }
  }
});

/** The samples copied until the copies cross the threshold; `freshIds`: each copy with its own GUIDs (else every id is duplicated in every copy). */
function copiedSamples(freshIds: boolean, extra: Record<string, string | object> = {}): string {
  const copies = Math.ceil((DEFAULT_PARALLEL_MIN_FILES + 50) / SAMPLE_FILES.length);
  const files: Record<string, string | object> = {};
  for (let k = 0; k < copies; k++) {
    const prefix = (0x20000000 + k).toString(16);
    for (const [rel, text] of SAMPLE_FILES) files[`copy-${String(k).padStart(3, '0')}/${rel}`] = freshIds ? text.replace(GUID, (_m, rest: string) => `${prefix}-${rest}`) : text;
  }
  const root = tempWorkspace({ ...files, ...extra });
  fs.cpSync(path.join(SAMPLES, '.atp'), path.join(root, '.atp'), { recursive: true });
  return root;
}

/** Cross-file trouble in a few copies: a broken entity file, a deleted entity, an expired password, a wrong $type, big files. */
function damage(root: string): void {
  const copy = (k: number, rel: string) => path.join(root, `copy-${String(k).padStart(3, '0')}`, rel);
  const entities = fs.readdirSync(copy(0, 'entities')).sort();
  const profiles = fs.readdirSync(copy(0, 'profiles')).sort();
  const alerts = fs.readdirSync(copy(0, 'alerts')).sort();
  // A syntax error after the Id: what points at it says "has errors" (information), not "unresolved".
  const brokenFile = copy(1, `entities/${entities.find((n) => n.startsWith('user-'))}`);
  const brokenText = fs.readFileSync(brokenFile, 'utf8');
  fs.writeFileSync(brokenFile, brokenText.slice(0, Math.floor(brokenText.length * 0.7)));
  // A deleted entity (its alerts' references and its profile dangle) in the last copy: another shard.
  const last = Math.ceil((DEFAULT_PARALLEL_MIN_FILES + 50) / SAMPLE_FILES.length) - 1;
  for (const name of entities.slice(1, 4)) fs.rmSync(copy(last, `entities/${name}`));
  // An active account whose password expired long before its alerts.
  for (const name of entities) {
    const file = copy(2, `entities/${name}`);
    const entity = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (entity.$type === 'User') {
      entity.PasswordExpiryTime = '2001-01-01T00:00:00Z';
      entity.IsDisabled = false;
      entity.IsPasswordNeverExpires = false;
      fs.writeFileSync(file, JSON.stringify(entity, null, 2));
    } else if (entity.$type === 'Computer') {
      entity.$type = 'Group';
      fs.writeFileSync(file, JSON.stringify(entity, null, 2));
    }
  }
  // An orphan profile and an alert over a megabyte (its bytes are kept for locating) with a schema error.
  const profile = JSON.parse(fs.readFileSync(copy(3, `profiles/${profiles[0]}`), 'utf8'));
  profile.UniqueEntityId = '99999999-0000-4000-8000-000000000009';
  writeFixture(root, 'copy-003/profiles/orphan.profile.json', profile);
  const big = JSON.parse(fs.readFileSync(copy(4, `alerts/${alerts[0]}`), 'utf8'));
  big.severity = 'high';
  big.description = 'x'.repeat(1_200_000);
  writeFixture(root, 'copy-004/alerts/big.alert.json', big);
  // What the alert checks read besides references (a shard keeps only that part of each alert).
  const edit = (name: string, change: (alert: Record<string, unknown>) => void) => {
    const file = copy(5, `alerts/${name}`);
    const alert = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(alert);
    fs.writeFileSync(file, JSON.stringify(alert, null, 2));
  };
  edit(alerts[1]!, (a) => { a.endTime = '2000-01-01T00:00:00Z'; });
  edit(alerts[2]!, (a) => { a.phase = a.phase === 'Exfiltration' ? 'Reconnaissance' : 'Exfiltration'; });
  edit(alerts[3]!, (a) => { a.externalId = '2999'; });
  edit(alerts[4]!, (a) => { a.type = 'NotTheCatalogsType'; });
}

interface Run { code: number | null; out: string; err: string }

function validate(root: string, args: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [CLI, 'validate', '.', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ATP_WORKBENCH_TRACE: '1', ...env }, maxBuffer: 256 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const serial = (root: string, args: string[]) => validate(root, args, { ATP_WORKBENCH_PARALLEL_MIN_FILES: 'off' });
const parallel = (root: string, args: string[], env: Record<string, string> = {}) => validate(root, args, { ATP_WORKBENCH_VALIDATE_THREADS: '2', ...env });
/** What may differ between two runs: the time taken. */
const timeless = (s: string) => s.replace(/"durationMs": \d+/, '"durationMs": 0').replace(/\(\d+ ms\)/, '(0 ms)');

function assertSame(a: Run, b: Run, what: string): void {
  assert.equal(b.code, a.code, `${what}: exit code`);
  assert.equal(timeless(b.out), timeless(a.out), `${what}: output`);
  const summary = (r: Run) => r.err.split('\n').filter((l) => !l.startsWith('atp-workbench validate: ')).map(timeless).join('\n');
  assert.equal(summary(b), summary(a), `${what}: standard error`);
}

function assertThreads(r: Run, threads: number): void {
  assert.match(r.err, new RegExp(`^atp-workbench validate: ${threads} threads$`, 'm'), r.err.slice(0, 2000));
}

test('fresh ids: the threads give the serial output byte for byte (text, json, sarif) with cross-file problems across shards', () => {
  const root = copiedSamples(true, { 'exports/graph.json': JSON.stringify({ value: [{ serviceSource: 'microsoftDefenderForIdentity' }] }) });
  damage(root);
  for (const args of [[], ['--format', 'json'], ['--format', 'sarif'], ['--strict', '--fail-on', 'error']]) {
    const s = serial(root, args);
    const p = parallel(root, args);
    assertThreads(p, 2);
    assert.match(s.err, /^atp-workbench validate: this thread$/m);
    assertSame(s, p, args.join(' ') || 'text');
  }
  const text = parallel(root, []).out;
  for (const code of ['entity-file-has-errors', 'unresolved-entity', 'orphan-profile', 'expired-password-active', 'role-type-mismatch', 'schema-enum', 'looks-like-export', 'end-before-start', 'phase-mismatch', 'unknown-external-id', 'type-mismatch']) {
    assert.match(text, new RegExp(`\\[${code}\\]$`, 'm'), `the corpus yields ${code}`);
  }
  // The cascade: the broken file's references are information, never "resolves to no Unique Entity Json file".
  const brokenId = /Entity "([^"]+)" is in copy-001\/entities\/[^,]+, which has errors/.exec(text)?.[1];
  assert.ok(brokenId, 'the broken entity is named');
  assert.doesNotMatch(text, new RegExp(`Entity "${brokenId}".* resolves to no Unique Entity Json file`));
  assert.match(text, /^exports\/graph\.json:1:1: information: .*Graph security alert export.*\[looks-like-export\]$/m);
});

test('duplicated ids in every copy: duplicates across shards are found, named and counted as in the serial run; three threads too', () => {
  const root = copiedSamples(false);
  damage(root);
  const s = serial(root, []);
  const p2 = parallel(root, []);
  const p3 = parallel(root, [], { ATP_WORKBENCH_VALIDATE_THREADS: '3' });
  assertThreads(p2, 2);
  assertThreads(p3, 3);
  assertSame(s, p2, 'two threads');
  assertSame(s, p3, 'three threads');
  assert.match(p2.out, /\[duplicate-alert-id\]$/m);
  assert.match(p2.out, /and \d+ more\. \[duplicate-entity-id\]$/m);
  const sarif = [serial(root, ['--format', 'sarif']), parallel(root, ['--format', 'sarif'])];
  assertSame(sarif[0]!, sarif[1]!, 'sarif');
});

test('--max-file-size and --schema reach the workers: too-large files are reported, the team schema checked', () => {
  const house = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['houseTag'] };
  const root = copiedSamples(true, { 'house.schema.json': house });
  damage(root);
  const args = ['--max-file-size', '1', '--schema', 'alert=house.schema.json', '--format', 'json'];
  const s = serial(root, args);
  const p = parallel(root, args);
  assertThreads(p, 2);
  assertSame(s, p, 'json with --schema and --max-file-size');
  assert.match(p.out, /"code": "file-too-large"/);
  assert.match(p.out, /"code": "user-schema-required"/);
});

test('a worker that throws or dies leaves no partial result: the run falls back to this thread with the same output', () => {
  const root = copiedSamples(true);
  damage(root);
  const s = serial(root, []);
  for (const fault of ['load', 'check', 'exit-load', 'exit-check']) {
    const p = parallel(root, [], { ATP_WORKBENCH_WORKER_FAULT: fault });
    assert.match(p.err, /^atp-workbench validate: this thread \(workers failed: .+\)$/m, `${fault}: ${p.err.slice(0, 500)}`);
    assertSame(s, p, fault);
  }
});

test('below the threshold the run stays on this thread', () => {
  const root = tempWorkspace({});
  fs.cpSync(SAMPLES, root, { recursive: true });
  const r = validate(root, [], {});
  assert.match(r.err, /^atp-workbench validate: this thread$/m);
});
