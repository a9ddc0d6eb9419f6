import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { loadText } from '../../src/core/loader';
import { compileUserSchema, loadUserSchema } from '../../src/core/validation/userSchemas';
import { validateRecord } from '../../src/core/validation/validate';
import { alert, tempWorkspace } from './helpers';

const HOUSE_RULES = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Contoso house rules',
  type: 'object',
  required: ['description'],
  properties: { description: { type: 'string', minLength: 10 } },
};

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('an extra schema adds its problems, named after it, on the right range', async () => {
  const compiled = compileUserSchema('/ws/house.schema.json', 'alert', JSON.stringify(HOUSE_RULES));
  assert.ok(compiled.ok);
  const text = JSON.stringify(alert({ description: 'short', entities: [] }), null, 2);
  const record = loadText('/ws/a.alert.json', 'alert', text);
  const problems = await validateRecord(record, undefined, () => text, { extraSchemas: { alert: compiled.schema } });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.code, 'user-schema-size');
  assert.match(problems[0]!.message, /\(house\.schema\.json\)\.$/);
  const line = text.split('\n')[problems[0]!.range.start.line]!;
  assert.match(line, /"description": "short"/);
  const missing = await validateRecord(loadText('/ws/b.alert.json', 'alert', JSON.stringify(alert())), undefined, () => JSON.stringify(alert()), { extraSchemas: { alert: compiled.schema } });
  assert.deepEqual(missing.map((p) => p.code), ['user-schema-required']);
});

test('a $ref that leaves the file is refused, never fetched, and pointed at', () => {
  const text = JSON.stringify({ type: 'object', properties: { id: { $ref: 'https://example.invalid/id.schema.json' } } }, null, 2);
  const result = compileUserSchema('/ws/remote.schema.json', 'alert', text);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.problems[0]!.code, 'user-schema-remote-ref');
  assert.match(result.problems[0]!.message, /never fetched/);
  const line = text.split('\n')[result.problems[0]!.range.start.line]!;
  assert.match(line, /"\$ref": "https:\/\/example\.invalid/);
});

test('a schema that is not a valid JSON Schema gets a clear error at its position', () => {
  const text = JSON.stringify({ type: 'object', properties: { id: { type: 'strnig' } } }, null, 2);
  const result = compileUserSchema('/ws/typo.schema.json', 'entity', text);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.problems[0]!.code, 'user-schema-invalid');
  assert.match(result.problems[0]!.message, /Not a valid JSON Schema/);
  assert.ok(result.problems[0]!.range.start.line > 0, 'points into the schema, not at its start');
});

test('broken JSON, another draft and a missing file are clear errors too', async () => {
  const broken = compileUserSchema('/ws/b.schema.json', 'alert', '{ "type": ');
  assert.ok(!broken.ok && broken.problems[0]!.code === 'json-syntax');
  const draft = compileUserSchema('/ws/d.schema.json', 'alert', JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema' }));
  assert.ok(!draft.ok && /draft-07/.test(draft.problems[0]!.message));
  const missing = await loadUserSchema('/nonexistent/x.schema.json', 'alert');
  assert.ok(!missing.ok && /does not exist/.test(missing.problems[0]!.message));
});

test('CLI --schema applies the extra schema; an unusable one exits 2 naming the file', async () => {
  const root = tempWorkspace({
    'rules/house.schema.json': HOUSE_RULES,
    'rules/remote.schema.json': { $ref: 'http://example.invalid/x.json' },
    'fixtures/a.alert.json': alert({ description: 'short', entities: [] }),
  });
  const ok = await cli(['validate', 'fixtures'], root);
  assert.equal(ok.code, 0, ok.out + ok.err);
  const ruled = await cli(['validate', 'fixtures', '--schema', 'alert=rules/house.schema.json'], root);
  assert.equal(ruled.code, 1);
  assert.match(ruled.out, /^fixtures\/a\.alert\.json:\d+:\d+: error: .*\(house\.schema\.json\)\. \[user-schema-size\]$/m);
  const remote = await cli(['validate', 'fixtures', '--schema', 'alert=rules/remote.schema.json'], root);
  assert.equal(remote.code, 2);
  assert.match(remote.err, new RegExp(`^${path.join('rules', 'remote.schema.json').replace(/\./g, '\\.')}:\\d+:\\d+: error: .*never fetched`, 'm'));
  const bad = await cli(['validate', 'fixtures', '--schema', 'nope'], root);
  assert.equal(bad.code, 2);
});
