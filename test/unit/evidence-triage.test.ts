import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { buildEvidence, passwordExpiredButActive } from '../../src/core/evidence';
import type { TriageVm } from '../../src/shared/evidence';
import { NO_VERDICTS } from '../../src/core/verdicts/lookup';
import type { UniqueEntity } from '../../src/core/model';
import { tempWorkspace, alert, user, computer, GUID } from './helpers';

const SAMPLES = path.join(__dirname, '..', '..', 'samples');

async function indexOf(root: string) {
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([root])).files);
  return index;
}

function triageOf(index: WorkspaceIndex, alertId: string): Record<string, TriageVm> {
  return Object.fromEntries(buildEvidence(index, alertId, NO_VERDICTS)!.model.triage.map((t) => [t.id, t]));
}

/** Counts computed here independently of the code under test, from the raw index. */
function alertsOfType(index: WorkspaceIndex, externalId: string) {
  return index.alerts().filter((a) => a.alert.externalId === externalId).length;
}

test('how common: counts the alerts of the same external ID in the workspace', async () => {
  const index = await indexOf(SAMPLES);
  const enumeration = index.alerts().find((a) => a.alert.externalId === '2003')!;
  const t = triageOf(index, enumeration.alert.id)['how-common']!;
  const n = alertsOfType(index, '2003');
  assert.equal(n, 3);
  assert.match(t.answer, new RegExp(`^${n} alerts of external ID 2003`));
  assert.equal(t.tone, 'benign', 'three alerts of the same type lower its importance');
  const dcsync = index.alerts().find((a) => a.alert.externalId === '2006')!;
  assert.match(triageOf(index, dcsync.alert.id)['how-common']!.answer, /only alert/);
});

test('shared sources: other alerts whose source computers or users are the same', async () => {
  const root = tempWorkspace({
    'a.alert.json': alert({ id: GUID.alert1, externalId: '2003', entities: [{ role: 'sourceComputer', id: GUID.computer }] }),
    'b.alert.json': alert({ id: GUID.alert2, externalId: '2003', entities: [{ role: 'sourceComputer', id: GUID.computer }] }),
    'c.alert.json': alert({ id: 'cccccccc-0000-4000-8000-00000000000c', externalId: '2007', entities: [{ role: 'sourceComputer', id: GUID.computer }] }),
    'd.alert.json': alert({ id: 'dddddddd-0000-4000-8000-00000000000d', externalId: '2003', entities: [{ role: 'destinationComputer', id: GUID.computer }] }),
    'ws.entity.json': computer(GUID.computer, 'WS-ENG-11'),
  });
  const index = await indexOf(root);
  const t = triageOf(index, GUID.alert1)['shared-sources']!;
  assert.match(t.answer, /^2 other alerts share a source with this one; 1 of them is of the same type\./);
  assert.deepEqual(t.entities.map((e) => e.label), ['WS-ENG-11']);
  const sameKind = triageOf(index, GUID.alert1)['same-kind']!;
  assert.match(sameKind.answer, /different kinds|workstation/);
});

test('related users: shared department and group (brute force against four Finance accounts)', async () => {
  const index = await indexOf(SAMPLES);
  const brute = index.alerts().find((a) => a.alert.externalId === '2004')!;
  const t = triageOf(index, brute.alert.id)['shared-department-group']!;
  assert.match(t.answer, /^Yes: all 4 users are in Finance, and all are members of Finance Staff\.$/);
  assert.equal(t.entities.length, 4);
});

test('low-certainty name resolution is reported with the false-positive hint', async () => {
  const index = await indexOf(SAMPLES);
  const t = triageOf(index, '5a38db02-9f91-4c58-a369-1100d4c66a62')['name-resolution']!;
  assert.equal(t.tone, 'warning');
  assert.match(t.answer, /^Yes: 2 of 2 network activities resolved a computer with Low certainty\. This often means a false positive\.$/);
  assert.ok(t.details.some((d) => /pass-the-ticket/.test(d)));
});

test('expired password but active account is judged against the activity time, not the clock', async () => {
  const index = await indexOf(SAMPLES);
  const hits = new Set<string>();
  for (const a of index.alerts()) {
    const t = triageOf(index, a.alert.id)['expired-password']!;
    if (t.tone === 'suspicious') for (const e of t.entities) hits.add(e.label);
  }
  assert.deepEqual([...hits], ['Ruth Abernathy'], 'the samples README names her as the only hit');

  const u = user({ PasswordExpiryTime: '2024-11-28T07:55:12.1Z' }) as unknown as UniqueEntity;
  assert.equal(passwordExpiredButActive(u, Date.parse('2025-01-21T00:00:00Z')), true);
  assert.equal(passwordExpiredButActive(u, Date.parse('2024-11-01T00:00:00Z')), false);
  assert.equal(passwordExpiredButActive({ ...u, IsDisabled: true }, Date.parse('2025-01-21T00:00:00Z')), false);
  assert.equal(passwordExpiredButActive({ ...u, IsPasswordNeverExpires: true }, Date.parse('2025-01-21T00:00:00Z')), false);
  assert.equal(passwordExpiredButActive(u, undefined), false);
});

test('questions the data cannot answer say so instead of guessing', async () => {
  const root = tempWorkspace({ 'a.alert.json': alert({ entities: [] }) });
  const index = await indexOf(root);
  const t = triageOf(index, GUID.alert1);
  for (const id of ['shared-sources', 'same-kind', 'shared-department-group', 'shared-resources', 'name-resolution', 'expired-password']) {
    assert.equal(t[id]!.tone, 'unknown', id);
    assert.match(t[id]!.answer, /cannot|nothing|only|no user|None/i, id);
  }
});

test('a honeytoken account makes the alert suspicious', async () => {
  const index = await indexOf(SAMPLES);
  const honey = index.alerts().find((a) => a.alert.externalId === '2014')!;
  const t = triageOf(index, honey.alert.id)['honeytoken-sensitive']!;
  assert.equal(t.tone, 'suspicious');
  assert.ok(t.entities.some((e) => e.label === 'Hugo Falk'));
});
