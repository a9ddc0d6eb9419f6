import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { runCli } from '../../src/cli/run';
import { alert, user, tempWorkspace } from './helpers';

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const ROOT = path.resolve(__dirname, '..', '..');

test('validate: the samples are clean (exit 0)', async () => {
  const r = await cli(['validate', 'samples'], ROOT);
  assert.equal(r.code, 0, r.out + r.err);
  assert.doesNotMatch(r.out, /: (error|warning): /);
  assert.match(r.err, /files checked: 0 errors, 0 warnings/);
});

test('validate: broken files exit 1 and each is named with line and column', async () => {
  const root = tempWorkspace({
    'a/broken.alert.json': '{\n  "id": "x",\n  "title": \n}',
    'b/bad.entity.json': user({ Sid: 'not-a-sid' }),
    'c/ok.alert.json': alert({ entities: [] }),
  });
  const r = await cli(['validate', '.'], root);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.ok(lines.some((l) => /^a\/broken\.alert\.json:4:1: error: Invalid JSON: .* \[json-syntax\]$/.test(l)), r.out);
  assert.ok(lines.some((l) => /^b\/bad\.entity\.json:\d+:\d+: error: .*not-a-sid.* \[schema-pattern\]$/.test(l)), r.out);
  assert.ok(!lines.some((l) => l.startsWith('c/')), 'the clean file is not mentioned');
});

test('validate --format json gives machine-readable problems with 1-based positions', async () => {
  const root = tempWorkspace({ 'x.alert.json': alert({ severity: 'Critical', entities: [] }) });
  const r = await cli(['validate', '--format', 'json'], root);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.files, 1);
  assert.equal(json.problems.length, 1);
  assert.deepEqual(
    { file: json.problems[0].file, code: json.problems[0].code, severity: json.problems[0].severity, line: json.problems[0].line },
    { file: 'x.alert.json', code: 'schema-enum', severity: 'error', line: 6 },
  );
});

test('bad usage and unreadable paths exit 2', async () => {
  const root = tempWorkspace({});
  assert.equal((await cli(['validate', 'missing-folder'], root)).code, 2);
  assert.equal((await cli(['validate', '--format', 'xml'], root)).code, 2);
  assert.equal((await cli(['validate', '--bogus'], root)).code, 2);
  assert.equal((await cli(['frobnicate'], root)).code, 2);
  assert.equal((await cli([], root)).code, 2);
});

test('--help works for the CLI and for every command', async () => {
  const top = await cli(['--help'], ROOT);
  assert.equal(top.code, 0);
  const names = [...top.out.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]!);
  assert.ok(names.includes('validate'));
  for (const name of names) {
    const r = await cli([name, '--help'], ROOT);
    assert.equal(r.code, 0, name);
    assert.match(r.out, new RegExp(`^Usage: atp-workbench ${name}`));
  }
});

test('--version prints the version in package.json', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = await cli(['--version'], ROOT);
  assert.equal(r.code, 0);
  assert.equal(r.out, `${version}\n`);
});

/** Runs a real command whose output stream fails half-way, as a full disk or a closed pipe would. */
async function crashingRun(args: string[]) {
  let err = '';
  const code = await runCli(args, {
    cwd: ROOT,
    env: {},
    out: () => { throw new Error('EPIPE: the output stream went away'); },
    err: (t) => (err += t),
  });
  return { code, err };
}

test('an internal error exits 70 with a short message, not 2 ("bad usage") and not a stack trace', async () => {
  const r = await crashingRun(['list', 'samples']);
  assert.equal(r.code, 70);
  assert.match(r.err, /^atp-workbench list: internal error: EPIPE: the output stream went away\n\(This is a bug in atp-workbench\. Run again with --verbose for the stack trace\.\)\n$/);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('--verbose (anywhere before --) adds the stack trace of an internal error; bad usage still exits 2', async () => {
  for (const args of [['--verbose', 'list', 'samples'], ['list', 'samples', '--verbose']]) {
    const r = await crashingRun(args);
    assert.equal(r.code, 70, args.join(' '));
    assert.match(r.err, /^atp-workbench list: internal error: Error: EPIPE: the output stream went away\n\s+at /);
  }
  const usage = await cli(['--verbose', 'list', '--group-by', 'colour'], ROOT);
  assert.equal(usage.code, 2);
  const unknownOption = await cli(['list', '--no-such-option'], ROOT);
  assert.equal(unknownOption.code, 2);
});
