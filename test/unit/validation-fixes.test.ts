// Quick fixes where the fix is certain: applying one makes its problem go away and keeps the JSON valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alert, computer, user, GUID } from './helpers';
import { applyFix, check } from './validation-support';

const resolved = [
  { kind: 'entity' as const, doc: computer(GUID.computer, 'WS-FIN-07') },
  { kind: 'entity' as const, doc: computer(GUID.dc, 'DC1', { IsDomainController: true }) },
];

test('enum case: "high" → "High", and the alert validates', async () => {
  const { problems, text } = await check('alert', alert({ severity: 'high' }), { others: resolved });
  const p = problems.find((x) => x.code === 'schema-enum')!;
  assert.equal(p.fix?.title, 'Change to "High"');
  const fixed = applyFix(text, p);
  assert.equal(JSON.parse(fixed).severity, 'High');
  assert.deepEqual((await check('alert', fixed, { others: resolved })).problems, []);
});

test('enum case: the $type of an entity ("user" → "User")', async () => {
  const { problems, text } = await check('entity', user({ $type: 'user' }));
  const p = problems.find((x) => x.fix)!;
  assert.equal(JSON.parse(applyFix(text, p)).$type, 'User');
});

test('no fix when the case does not decide it ("hi" is not a case of any severity)', async () => {
  const { problems } = await check('alert', alert({ severity: 'hi' }), { others: resolved });
  assert.equal(problems.find((x) => x.code === 'schema-enum')!.fix, undefined);
});

test('missing required property: inserted with a placeholder in the object\'s layout', async () => {
  const doc = alert();
  delete doc.status;
  const { problems, text } = await check('alert', doc, { others: resolved });
  const p = problems.find((x) => x.code === 'schema-required')!;
  assert.equal(p.fix?.title, 'Add "status"');
  const fixed = applyFix(text, p);
  assert.equal(JSON.parse(fixed).status, '', 'an empty placeholder, never a made-up value');
  assert.match(fixed, /^\{\n {2}"status": "",\n {2}"id"/, 'on its own line, indented like its siblings');
});

test('missing required property in an empty and in a one-line object', async () => {
  const empty = await check('alert', alert({ entities: [{}] }), { others: resolved });
  const first = empty.problems.find((x) => x.code === 'schema-required')!;
  assert.ok(JSON.parse(applyFix(empty.text, first)).entities[0], 'still valid JSON');
  const inline = await check('alert', JSON.stringify(alert({ entities: [{ role: 'sourceComputer' }] })), { others: resolved });
  const p = inline.problems.find((x) => x.message === 'Missing required property "id".')!;
  const fixed = JSON.parse(applyFix(inline.text, p));
  assert.deepEqual(fixed.entities[0], { id: '', role: 'sourceComputer' });
});

test('placeholders follow the schema: an empty value of the property\'s type', async () => {
  const doc = user();
  delete doc.$type;
  const { problems, text } = await check('entity', doc);
  const p = problems.find((x) => x.message === 'Missing required property "$type".')!;
  assert.equal(JSON.parse(applyFix(text, p)).$type, '');
});
