import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadText } from '../../src/core/loader';
import type { Problem } from '../../src/core/model';
import { validateRecord } from '../../src/core/validation/validate';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { alert, computer, user, profile, GUID, tempWorkspace } from './helpers';

const NOW = new Date('2025-06-01T00:00:00Z');

/** Validates one document (pretty-printed) against an index that also holds `others`. */
async function problemsOf(kind: 'alert' | 'entity' | 'profile', doc: object | string, others: { kind: 'alert' | 'entity' | 'profile'; doc: object; file?: string }[] = []) {
  const index = new WorkspaceIndex();
  others.forEach((o, i) => index.set(loadText(o.file ?? `/ws/other${i}.${o.kind}.json`, o.kind, JSON.stringify(o.doc))));
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  const record = loadText(`/ws/subject.${kind}.json`, kind, text);
  index.set(record);
  const problems = await validateRecord(record, index, () => text, { now: NOW });
  return { problems, text };
}

/** The text a problem's range covers. */
function covered(text: string, p: Problem): string {
  const lines = text.split('\n');
  if (p.range.start.line !== p.range.end.line) return lines.slice(p.range.start.line, p.range.end.line + 1).join('\n');
  return lines[p.range.start.line]!.slice(p.range.start.character, p.range.end.character);
}

const resolved = [
  { kind: 'entity' as const, doc: computer(GUID.computer, 'WS-FIN-07') },
  { kind: 'entity' as const, doc: computer(GUID.dc, 'DC1', { IsDomainController: true }) },
];

test('a valid alert with resolved entities has no problems', async () => {
  const { problems } = await problemsOf('alert', alert(), resolved);
  assert.deepEqual(problems, []);
});

test('required: a missing property is reported on the object that lacks it', async () => {
  const doc = alert({ entities: [{ role: 'sourceComputer' }] });
  delete doc.title;
  const { problems, text } = await problemsOf('alert', doc, resolved);
  const missingTitle = problems.find((p) => p.code === 'schema-required' && /"title"/.test(p.message));
  assert.ok(missingTitle);
  assert.equal(covered(text, missingTitle), '{', 'the root object: its opening brace');
  const missingId = problems.find((p) => p.code === 'schema-required' && /"id"/.test(p.message));
  assert.ok(missingId);
  assert.equal(missingId.range.start.line, text.split('\n').findIndex((l) => l.includes('"role": "sourceComputer"')) - 1, 'the entity object');
});

test('enum: the offending value is underlined and the allowed values listed', async () => {
  const { problems, text } = await problemsOf('alert', alert({ severity: 'high' }), resolved);
  const p = problems.find((x) => x.code === 'schema-enum');
  assert.ok(p);
  assert.equal(covered(text, p), '"high"');
  assert.match(p.message, /High/);
});

test('type: a boolean given as a string is underlined', async () => {
  const { problems, text } = await problemsOf('entity', user({ IsDisabled: 'yes' }));
  const p = problems.find((x) => x.code === 'schema-type');
  assert.ok(p, JSON.stringify(problems));
  assert.equal(covered(text, p), '"yes"');
  assert.match(p.message, /"IsDisabled" must be a boolean/);
});

test('pattern: a malformed SID is underlined', async () => {
  const { problems, text } = await problemsOf('entity', user({ Sid: 'abc' }));
  const p = problems.find((x) => x.code === 'schema-pattern');
  assert.ok(p, JSON.stringify(problems));
  assert.equal(covered(text, p), '"abc"');
});

test('pattern: a time that is not ISO 8601 UTC is underlined', async () => {
  const { problems, text } = await problemsOf('alert', alert({ startTime: 'yesterday' }), resolved);
  const p = problems.find((x) => x.range.start.line === text.split('\n').findIndex((l) => l.includes('yesterday')));
  assert.ok(p, JSON.stringify(problems));
  assert.equal(covered(text, p), '"yesterday"');
});

test('a javascript: url is rejected', async () => {
  const { problems, text } = await problemsOf('alert', alert({ url: 'javascript:alert(1)' }), resolved);
  const p = problems.find((x) => covered(text, x) === '"javascript:alert(1)"');
  assert.ok(p, JSON.stringify(problems));
});

test('an unknown $type is reported on the $type value', async () => {
  const { problems, text } = await problemsOf('entity', user({ $type: 'Printer' }));
  assert.ok(problems.length > 0);
  assert.ok(problems.some((p) => covered(text, p) === '"Printer"'), JSON.stringify(problems));
});

test('semantic: unresolved entity ids are warnings on the id', async () => {
  const { problems, text } = await problemsOf('alert', alert(), [resolved[0]!]);
  const p = problems.find((x) => x.code === 'unresolved-entity');
  assert.ok(p);
  assert.equal(p.severity, 'warning');
  assert.equal(covered(text, p), JSON.stringify(GUID.dc));
  assert.match(p.message, /dnsServer/);
});

test('semantic: duplicate alert ids and entity Ids are errors that name the other file', async () => {
  const a = await problemsOf('alert', alert(), [...resolved, { kind: 'alert', doc: alert(), file: '/ws/twin.alert.json' }]);
  const p = a.problems.find((x) => x.code === 'duplicate-alert-id');
  assert.ok(p);
  assert.match(p.message, /twin\.alert\.json/);
  const e = await problemsOf('entity', user(), [{ kind: 'entity', doc: user(), file: '/ws/twin.entity.json' }]);
  assert.ok(e.problems.some((x) => x.code === 'duplicate-entity-id' && /twin\.entity\.json/.test(x.message)));
});

test('semantic: a phase that disagrees with the catalog is a warning on "phase"', async () => {
  const { problems, text } = await problemsOf('alert', alert({ phase: 'exfiltration' }), resolved);
  const p = problems.find((x) => x.code === 'phase-mismatch');
  assert.ok(p);
  assert.equal(p.severity, 'warning');
  assert.equal(covered(text, p), '"exfiltration"');
  assert.match(p.message, /reconnaissance/);
});

test('semantic: an entity whose $type does not fit its role', async () => {
  const { problems, text } = await problemsOf('alert', alert({ entities: [{ role: 'sourceComputer', id: GUID.user }] }), [{ kind: 'entity', doc: user() }]);
  const p = problems.find((x) => x.code === 'role-type-mismatch');
  assert.ok(p);
  assert.equal(covered(text, p), '"sourceComputer"');
});

test('semantic: endTime before startTime', async () => {
  const { problems, text } = await problemsOf('alert', alert({ endTime: '2024-01-01T00:00:00Z' }), resolved);
  const p = problems.find((x) => x.code === 'end-before-start');
  assert.ok(p);
  assert.equal(covered(text, p), '"2024-01-01T00:00:00Z"');
});

test('semantic: a profile whose UniqueEntityId matches no entity', async () => {
  const { problems } = await problemsOf('profile', profile(GUID.user));
  assert.deepEqual(problems.map((p) => p.code), ['orphan-profile']);
  const ok = await problemsOf('profile', profile(GUID.user), [{ kind: 'entity', doc: user() }]);
  assert.deepEqual(ok.problems, []);
});

test('semantic: an active account whose password expired is information', async () => {
  const expired = await problemsOf('entity', user({ PasswordExpiryTime: '2025-01-01T00:00:00Z' }));
  assert.deepEqual(expired.problems.map((p) => [p.code, p.severity]), [['expired-password-active', 'information']]);
  const disabled = await problemsOf('entity', user({ PasswordExpiryTime: '2025-01-01T00:00:00Z', IsDisabled: true }));
  assert.deepEqual(disabled.problems, []);
  const future = await problemsOf('entity', user({ PasswordExpiryTime: '2026-01-01T00:00:00Z' }));
  assert.deepEqual(future.problems, []);
});

test('a clean file never needs its text (positions are computed only for problems)', async () => {
  const index = new WorkspaceIndex();
  for (const r of resolved) index.set(loadText(`/ws/${r.doc.SystemDisplayName}.entity.json`, 'entity', JSON.stringify(r.doc)));
  const record = loadText('/ws/a.alert.json', 'alert', JSON.stringify(alert()));
  index.set(record);
  const problems = await validateRecord(record, index, () => { throw new Error('text requested'); });
  assert.deepEqual(problems, []);
});

test('validatePaths checks a folder and names every broken file with a position', async () => {
  const root = tempWorkspace({
    'ok.alert.json': alert({ entities: [] }),
    'broken.alert.json': '{\n  "id": ',
    'bad.entity.json': user({ IsDisabled: 'no' }),
  });
  const result = await validatePaths([root], { now: NOW });
  const files = new Set(result.problems.map((p) => path.basename(p.file)));
  assert.deepEqual([...files].sort(), ['bad.entity.json', 'broken.alert.json']);
  const broken = result.problems.find((p) => p.file.endsWith('broken.alert.json'))!;
  assert.equal(broken.range.start.line, 1);
});

test('semantic: password expiry is judged at the time of the latest alert involving the account', async () => {
  const involving = (start: string) => ({ kind: 'alert' as const, doc: alert({ startTime: start, endTime: null, entities: [{ role: 'sourceUser', id: GUID.user }] }) });
  const before = await problemsOf('entity', user({ PasswordExpiryTime: '2024-03-01T00:00:00Z' }), [involving('2024-02-01T00:00:00Z')]);
  assert.deepEqual(before.problems, [], 'the password was still valid when the alert fired');
  const after = await problemsOf('entity', user({ PasswordExpiryTime: '2024-03-01T00:00:00Z' }), [involving('2024-04-01T00:00:00Z')]);
  assert.deepEqual(after.problems.map((p) => p.code), ['expired-password-active']);
  assert.match(after.problems[0]!.message, /latest alert \(2024-04-01/);
});
