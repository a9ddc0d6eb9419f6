// `atp-workbench validate`: text, json and SARIF output, exit codes, the problem matcher, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { alert, user, tempWorkspace } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const broken = () => tempWorkspace({
  'alerts/case.alert.json': alert({ severity: 'high', entities: [] }),
  'entities/u.entity.json': user({ Sid: 'S-1-X', PasswordExpiryTime: '2000-01-01T00:00:00Z' }),
  'alerts/dangling.alert.json': alert({ id: '0b8d1f0e-6a55-4c1e-9a0b-6f3d0e6b2c11', relatedEntityIds: ['computer 10.9.9.9'], entities: [] }),
});

test('text: one compiler-style line per problem; --fail-on decides the exit code', async () => {
  const root = broken();
  const r = await cli(['validate'], root);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 4, r.out);
  assert.ok(lines.includes('alerts/case.alert.json:6:15: error: "high" is not an allowed value for "severity". Allowed: "Low", "Medium", "High". [schema-enum]'), r.out);
  assert.ok(lines.some((l) => /^alerts\/dangling\.alert\.json:\d+:\d+: warning: .* \[unresolved-entity\]$/.test(l)));
  assert.ok(lines.some((l) => /^entities\/u\.entity\.json:\d+:\d+: information: .* \[expired-password-active\]$/.test(l)));
  const onlyWarnings = tempWorkspace({ 'a.alert.json': alert({ entities: [], relatedEntityIds: ['computer 1.2.3.4'] }) });
  assert.equal((await cli(['validate'], onlyWarnings)).code, 1, 'warnings fail by default');
  assert.equal((await cli(['validate', '--fail-on', 'error'], onlyWarnings)).code, 0);
  // (a level named after an Object member is no level either)
  for (const level of ['bogus', 'constructor']) assert.equal((await cli(['validate', '--fail-on', level], onlyWarnings)).code, 2, level);
});

test('json: the same problems with 1-based start and end', async () => {
  const root = broken();
  const text = await cli(['validate'], root);
  const json = await cli(['validate', '--format', 'json'], root);
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.out);
  assert.equal(parsed.files, 3);
  assert.deepEqual(
    parsed.problems.map((p: { file: string; line: number; column: number; severity: string; message: string; code: string }) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.code}]`),
    text.out.trim().split('\n'),
  );
  assert.deepEqual(parsed.counts, { error: 2, warning: 1, information: 1 });
});

test('sarif: SARIF 2.1.0 with rules, levels and regions matching the text output', async () => {
  const root = broken();
  const r = await cli(['validate', '--format', 'sarif'], root);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.out);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'atp-workbench');
  assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), ['expired-password-active', 'schema-enum', 'schema-pattern', 'unresolved-entity']);
  assert.equal(run.results.length, 4);
  const enumResult = run.results.find((x: { ruleId: string }) => x.ruleId === 'schema-enum');
  assert.equal(enumResult.level, 'error');
  assert.equal(run.tool.driver.rules[enumResult.ruleIndex].id, 'schema-enum');
  assert.deepEqual(enumResult.locations[0].physicalLocation, {
    artifactLocation: { uri: 'alerts/case.alert.json', uriBaseId: 'SRCROOT' },
    region: { startLine: 6, startColumn: 15, endLine: 6, endColumn: 21 },
  });
  assert.equal(run.results.find((x: { ruleId: string }) => x.ruleId === 'expired-password-active').level, 'note');
  assert.equal(run.originalUriBaseIds.SRCROOT.uri.endsWith('/'), true);
  const clean = await cli(['validate', 'samples', '--format', 'sarif', '--fail-on', 'warning'], ROOT);
  assert.equal(clean.code, 0);
  assert.equal(JSON.parse(clean.out).runs[0].results.length, 1, 'the samples\' one information');
});

test('the contributed problem matcher reads every line the CLI prints', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'atp-workbench');
  const re = new RegExp(matcher.pattern.regexp);
  const root = broken();
  const lines = (await cli(['validate'], root)).out.trim().split('\n');
  const json = JSON.parse((await cli(['validate', '--format', 'json'], root)).out).problems;
  lines.forEach((line, i) => {
    const m = re.exec(line);
    assert.ok(m, line);
    const p = json[i];
    assert.equal(m[matcher.pattern.file], p.file);
    assert.equal(Number(m[matcher.pattern.line]), p.line);
    assert.equal(Number(m[matcher.pattern.column]), p.column);
    assert.equal(m[matcher.pattern.message], p.message);
    assert.equal(m[matcher.pattern.code], p.code);
    // VS Code understands "error", "warning" and "info" (not "information", which it would turn into an error).
    assert.equal(m[matcher.pattern.severity], { error: 'error', warning: 'warning', information: 'info' }[p.severity as string]);
  });
});

test('bad input: a 100 MB file gets the size-limit message without being read', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-huge-'));
  try {
    const file = path.join(root, 'huge.profile.json');
    fs.writeFileSync(file, '{');
    fs.truncateSync(file, 100 * 1024 * 1024); // sparse: 100 MB by size, nothing on disk
    const started = Date.now();
    const r = await cli(['validate'], root);
    assert.equal(r.code, 1);
    assert.match(r.out, /^huge\.profile\.json:1:1: error: The file is 100\.0 MB, over the 64\.0 MB limit \(setting "atpWorkbench\.maxFileSizeMB"\); it is not loaded\. \[file-too-large\]$/m);
    assert.ok(Date.now() - started < 5000, 'answered without parsing 100 MB');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('bad input: a schema that is itself invalid is a build error naming the file', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-schema-'));
  try {
    fs.mkdirSync(path.join(root, 'schemas'));
    fs.writeFileSync(path.join(root, 'schemas', 'alert.schema.json'), JSON.stringify({ $id: 'https://x/alert.schema.json', type: 'objekt' }));
    const generator = '../../scripts/generate-validators.mjs'; // plain JS build script (no type declarations)
    const { generateValidators } = (await import(generator)) as { generateValidators(root: string): string[] };
    assert.throws(() => generateValidators(root), /schemas\/alert\.schema\.json: invalid JSON Schema: .*type/);
    fs.writeFileSync(path.join(root, 'schemas', 'alert.schema.json'), '{ "type": ');
    assert.throws(() => generateValidators(root), /alert\.schema\.json: not valid JSON/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
