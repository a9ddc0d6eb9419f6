// Each JSON Schema keyword our schemas use: the diagnostic lands on the right range with readable words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alert, computer, profile, user, GUID } from './helpers';
import { check, covered } from './validation-support';

const resolved = [
  { kind: 'entity' as const, doc: computer(GUID.computer, 'WS-FIN-07') },
  { kind: 'entity' as const, doc: computer(GUID.dc, 'DC1', { IsDomainController: true }) },
];
const only = <P extends { code: string }>(problems: P[], code: string): P => {
  const found = problems.filter((p) => p.code === code);
  assert.equal(found.length, 1, `exactly one ${code} in ${JSON.stringify(problems)}`);
  return found[0]!;
};

test('type: the value of the wrong type', async () => {
  const { problems, text } = await check('entity', user({ IsLocked: 1 }));
  const p = only(problems, 'schema-type');
  assert.equal(covered(text, p), '1');
  assert.equal(p.message, '"IsLocked" must be a boolean, not 1.');
});

test('required: the object that lacks the property (its opening brace, or the key holding it)', async () => {
  const doc = alert({ entities: [{ role: 'sourceComputer' }] });
  delete doc.status;
  const { problems, text } = await check('alert', doc, { others: resolved });
  const root = problems.find((p) => p.message === 'Missing required property "status".')!;
  assert.deepEqual(root.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  const nested = problems.find((p) => p.message === 'Missing required property "id".')!;
  assert.equal(nested.code, 'schema-required');
  assert.equal(covered(text, nested), '{', 'the entity object inside the array: its brace');
});

test('additionalProperties (strict mode): the unknown key, naming the type', async () => {
  const { problems, text } = await check('entity', user({ FavouriteColour: 'blue' }), { strict: true });
  const p = only(problems, 'schema-unknown-property');
  assert.equal(covered(text, p), '"FavouriteColour"');
  assert.match(p.message, /not an attribute the schema knows for a User \(strict mode/);
  const lax = await check('entity', user({ FavouriteColour: 'blue' }));
  assert.deepEqual(lax.problems, [], 'unknown attributes are allowed by default');
});

test('additionalProperties (strict mode) inside a nested closed object', async () => {
  const { problems, text } = await check('entity', computer(GUID.dc, 'DC1', { DomainController: { IsPrimary: true, IsBogus: true } }), { strict: true });
  const p = only(problems, 'schema-union'); // DomainController is an object or null: the union is reported once
  assert.match(covered(text, p), /^\{/);
});

test('pattern: the value, explained by patternErrorMessage', async () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['Sid', { Sid: 'S-1-X' }, '"S-1-X"', /security identifier/],
    ['DistinguishedName', { DistinguishedName: 'Avery, Finance' }, '"Avery, Finance"', /distinguished name/],
    ['UpnName', { UpnName: 'avery at contoso' }, '"avery at contoso"', /name@domain/],
    ['PasswordUpdateTime (time or null)', { PasswordUpdateTime: '2024-01-01 10:00' }, '"2024-01-01 10:00"', /does not fit "PasswordUpdateTime": expected an ISO 8601 time .*, or null\./],
  ];
  for (const [what, override, value, words] of cases) {
    const { problems, text } = await check('entity', user(override));
    assert.equal(problems.length, 1, `${what}: ${JSON.stringify(problems)}`);
    assert.equal(covered(text, problems[0]!), value, what);
    assert.match(problems[0]!.message, words, what);
  }
  const guid = await check('entity', user({ Id: 'not-a-guid' }));
  const p = guid.problems.find((x) => covered(guid.text, x) === '"not-a-guid"');
  assert.ok(p, JSON.stringify(guid.problems));
  assert.match(p.message, /GUID/);
  const time = await check('alert', alert({ startTime: '2024-01-02T10:04:11' }), { others: resolved });
  const t = only(time.problems, 'schema-pattern');
  assert.equal(covered(time.text, t), '"2024-01-02T10:04:11"');
  assert.match(t.message, /ISO 8601 UTC time .* final Z/);
});

test('minLength: the empty string', async () => {
  const { problems, text } = await check('alert', alert({ title: '' }), { others: resolved });
  const p = only(problems, 'schema-size');
  assert.equal(covered(text, p), '""');
  assert.match(p.message, /"title" must NOT have fewer than 1 characters/);
});

test('enum: the value, with the allowed values', async () => {
  const { problems, text } = await check('alert', alert({ phase: 'recon' }), { others: resolved });
  const p = only(problems, 'schema-enum');
  assert.equal(covered(text, p), '"recon"');
  assert.match(p.message, /"reconnaissance"/);
});

test('uniqueItems: the array', async () => {
  const { problems, text } = await check('alert', alert({ mitreTechniques: ['T1087', 'T1087'] }), { others: resolved });
  const p = only(problems, 'schema-size');
  assert.match(covered(text, p), /^\[/);
  assert.match(p.message, /"mitreTechniques" must NOT have duplicate items/);
});

test('minimum / maximum: the number', async () => {
  const low = await check('entity', user({ SchemaVersion: -1 }));
  assert.equal(covered(low.text, only(low.problems, 'schema-range')), '-1');
  const high = await check('alert', alert({ networkActivities: [{ source: { port: 70000 } }] }), { others: resolved });
  const p = only(high.problems, 'schema-range');
  assert.equal(covered(high.text, p), '70000');
  assert.match(p.message, /"port" must be <= 65535/);
});

test('anyOf: one problem on the value, not one per branch', async () => {
  const { problems, text } = await check('entity', user({ PasswordExpiryTime: 42 }));
  const p = only(problems, 'schema-union');
  assert.equal(covered(text, p), '42');
  assert.equal(problems.length, 1, JSON.stringify(problems));
});

test('propertyNames: the offending key of a map', async () => {
  const doc = { ...profile(GUID.user), DateToActiveHoursMap: { 'last tuesday': [9, 10] } };
  const { problems, text } = await check('profile', doc, { others: [{ kind: 'entity', doc: user() }] });
  assert.equal(problems.length, 1, JSON.stringify(problems));
  const p = problems[0]!;
  assert.equal(p.code, 'schema-pattern');
  assert.equal(covered(text, p), '"last tuesday"');
  assert.match(p.message, /YYYY-MM-DD/);
});

test('a map checked in one walk still reports every bad key and every bad value', async () => {
  const doc = { ...profile(GUID.user), DateToActiveHoursMap: { 'last tuesday': [9, 25], '2025-01-14': 'all day', '2025-01-15': [8] } };
  const { problems, text } = await check('profile', doc, { others: [{ kind: 'entity', doc: user() }] });
  assert.deepEqual(problems.map((p) => [p.code, covered(text, p)]).sort(), [
    ['schema-pattern', '"last tuesday"'],
    ['schema-range', '25'],
    ['schema-type', '"all day"'],
  ]);
});

test('additionalProperties on a fixed key set: the key, saying what a key should be', async () => {
  const doc = { ...profile(GUID.user), DateToActiveHoursMap: { '2025-01-14': { 9: 12, 24: 1 } } };
  const { problems, text } = await check('profile', doc, { others: [{ kind: 'entity', doc: user() }] });
  const p = only(problems, 'schema-unknown-property');
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(covered(text, p), '"24"');
  assert.match(p.message, /an hour of the day, "0" to "23"/);
});

test('uniqueItems on a short list of hours: the list, naming the equal items as ajv does', async () => {
  const doc = { ...profile(GUID.user), DateToActiveHoursMap: { '2025-01-14': [8, 9, 8, 10, 9] } };
  const { problems, text } = await check('profile', doc, { others: [{ kind: 'entity', doc: user() }] });
  const p = only(problems, 'schema-size');
  assert.deepEqual(JSON.parse(covered(text, p)), [8, 9, 8, 10, 9]);
  assert.match(p.message, /items ## 4 and 1 are identical/);
});

test('uniqueItems on a long list (past the pairwise check): the same pair ajv names', async () => {
  const techniques = [...Array.from({ length: 40 }, (_, i) => `T${1000 + i}`), 'T1005'];
  const { problems } = await check('alert', alert({ mitreTechniques: techniques }), { others: resolved });
  assert.match(only(problems, 'schema-size').message, /items ## 40 and 5 are identical/);
});

test('if/then on $type: the type-specific attribute set applies (a User may not carry a Computer SamName rule)', async () => {
  const { problems } = await check('entity', computer(GUID.computer, 'WS-FIN-07', { SamName: 'WS-FIN-07' }));
  const p = only(problems, 'schema-pattern');
  assert.match(p.message, /ending in \$/);
  const asUser = await check('entity', user({ SamName: 'alindqvist' }));
  assert.deepEqual(asUser.problems, []);
});

test('a problem inside a CRLF document lands on the same line and column', async () => {
  const lf = JSON.stringify(user({ Sid: 'bad' }), null, 2);
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = await check('entity', lf);
  const b = await check('entity', crlf);
  assert.deepEqual(b.problems.map((p) => p.range), a.problems.map((p) => p.range));
});
