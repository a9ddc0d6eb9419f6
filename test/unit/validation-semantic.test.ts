// Each semantic check (what a schema cannot express) fires on a minimal case, alone, and stays quiet on the samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { catalog } from '../../src/core/catalog';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { alert, computer, profile, user, GUID } from './helpers';
import { check, covered, NOW } from './validation-support';

const resolved = [
  { kind: 'entity' as const, doc: computer(GUID.computer, 'WS-FIN-07') },
  { kind: 'entity' as const, doc: computer(GUID.dc, 'DC1', { IsDomainController: true }) },
];
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

test('the minimal clean cases are clean (so each case below isolates one check)', async () => {
  assert.deepEqual((await check('alert', alert(), { others: resolved })).problems, []);
  assert.deepEqual((await check('entity', user())).problems, []);
  assert.deepEqual((await check('profile', profile(GUID.user), { others: [{ kind: 'entity', doc: user() }] })).problems, []);
});

test('unresolved-entity: on the id, one per id and place', async () => {
  const { problems, text } = await check('alert', alert({ relatedEntityIds: [GUID.computer, 'computer 10.9.9.9'] }), { others: resolved });
  assert.deepEqual(codes(problems), ['unresolved-entity']);
  assert.equal(covered(text, problems[0]!), '"computer 10.9.9.9"');
  assert.equal(problems[0]!.severity, 'warning');
});

test('duplicate-alert-id: on the id, naming the other file', async () => {
  const { problems, text } = await check('alert', alert(), { others: [...resolved, { kind: 'alert', doc: alert({ title: 'twin' }), file: '/ws/twin.alert.json' }] });
  assert.deepEqual(codes(problems), ['duplicate-alert-id']);
  assert.equal(covered(text, problems[0]!), JSON.stringify(GUID.alert1));
  assert.match(problems[0]!.message, /twin\.alert\.json/);
});

test('duplicate-entity-id: ids compare case-insensitively', async () => {
  const { problems } = await check('entity', user(), { others: [{ kind: 'entity', doc: user({ Id: GUID.user.toUpperCase() }), file: '/ws/upper.entity.json' }] });
  assert.deepEqual(codes(problems), ['duplicate-entity-id']);
});

test('phase-mismatch: a warning on phase, with a fix to the catalog phase', async () => {
  const { problems, text } = await check('alert', alert({ phase: 'exfiltration' }), { others: resolved });
  assert.deepEqual(codes(problems), ['phase-mismatch']);
  assert.equal(covered(text, problems[0]!), '"exfiltration"');
  assert.equal(problems[0]!.fix?.edits[0]?.newText, '"reconnaissance"');
});

test('type-mismatch: information on type when it is another external ID\'s type; the ATA spelling of the same type is quiet', async () => {
  const samr = catalog.get('2021')!;
  const { problems, text } = await check('alert', alert({ externalId: '2019', type: samr.alertType }), { others: resolved });
  assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['type-mismatch', 'information']]);
  assert.equal(covered(text, problems[0]!), JSON.stringify(samr.alertType));
  assert.match(problems[0]!.message, new RegExp(`type of 2021 \\(${samr.name.replace(/[()]/g, '\\$&')}\\)`));
  const legacy = catalog.get('2007')!.alertType!.replace(/SecurityAlert$/, 'SuspiciousActivity');
  assert.deepEqual((await check('alert', alert({ type: legacy }), { others: resolved })).problems, []);
});

test('unknown-external-id: information when a phase is given, a warning without', async () => {
  const withPhase = await check('alert', alert({ externalId: '9999', phase: 'reconnaissance' }), { others: resolved });
  assert.deepEqual(withPhase.problems.map((p) => [p.code, p.severity]), [['unknown-external-id', 'information']]);
  const without = await check('alert', alert({ externalId: '9999' }), { others: resolved });
  assert.deepEqual(without.problems.map((p) => [p.code, p.severity]), [['unknown-external-id', 'warning']]);
});

test('role-type-mismatch: a user as source computer, on the role', async () => {
  const { problems, text } = await check('alert', alert({ entities: [{ role: 'sourceComputer', id: GUID.user }] }), { others: [{ kind: 'entity', doc: user() }] });
  assert.deepEqual(codes(problems), ['role-type-mismatch']);
  assert.equal(covered(text, problems[0]!), '"sourceComputer"');
});

test('end-before-start: on endTime', async () => {
  const { problems, text } = await check('alert', alert({ startTime: '2024-01-02T10:00:00Z', endTime: '2024-01-02T09:59:59.9Z' }), { others: resolved });
  assert.deepEqual(codes(problems), ['end-before-start']);
  assert.equal(covered(text, problems[0]!), '"2024-01-02T09:59:59.9Z"');
});

test('orphan-profile and duplicate-profile: on UniqueEntityId', async () => {
  const orphan = await check('profile', profile(GUID.computer, 'ComputerProfile'));
  assert.deepEqual(codes(orphan.problems), ['orphan-profile']);
  assert.equal(covered(orphan.text, orphan.problems[0]!), JSON.stringify(GUID.computer));
  const twice = await check('profile', profile(GUID.user), { others: [{ kind: 'entity', doc: user() }, { kind: 'profile', doc: profile(GUID.user), file: '/ws/again.profile.json' }] });
  assert.deepEqual(codes(twice.problems), ['duplicate-profile']);
});

test('expired-password-active: information only for an enabled account whose password can expire', async () => {
  const expired = await check('entity', user({ PasswordExpiryTime: '2025-01-01T00:00:00Z' }));
  assert.deepEqual(expired.problems.map((p) => [p.code, p.severity]), [['expired-password-active', 'information']]);
  assert.equal(covered(expired.text, expired.problems[0]!), '"2025-01-01T00:00:00Z"');
  assert.deepEqual((await check('entity', user({ PasswordExpiryTime: '2025-01-01T00:00:00Z', IsPasswordNeverExpires: true }))).problems, []);
  assert.deepEqual((await check('entity', user({ PasswordExpiryTime: null }))).problems, []);
});

test('the samples are quiet: no semantic problem except the seeded investigation hint', async () => {
  const root = path.resolve(__dirname, '..', '..', 'samples');
  const result = await validatePaths([root], { now: NOW });
  const found = result.problems.map((p) => `${path.relative(root, p.file)} ${p.code}`);
  // user-rabernathy's password expired before his latest alert: the seed's "is it really in use?" hint.
  assert.deepEqual(found, ['entities/user-rabernathy.entity.json expired-password-active']);
  const strict = await validatePaths([root], { now: NOW, strict: true });
  assert.deepEqual(strict.problems.map((p) => p.code), ['expired-password-active'], 'the samples use only attributes the schemas know');
});
