import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { CountingFileSource } from '../../src/core/fileSource';
import { loadFile } from '../../src/core/loader';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { collectEntityKeys, collectReferences, entitiesByRole, idKey, keysOfReferences, summarizeReferences } from '../../src/core/references';
import type { Alert } from '../../src/core/model';
import { rng } from '../../bench/generate';
import { mutate } from './mutations';
import { catalog, effectivePhase } from '../../src/core/catalog';
import { tempWorkspace, writeFixture, alert, user, computer, profile, GUID } from './helpers';

async function indexOf(root: string, source = new CountingFileSource()) {
  const found = await discoverFiles([root]);
  const index = new WorkspaceIndex({ source });
  await index.updateMany(found.files);
  return { index, source, found };
}

test('the catalog knows 69 alert types and derives phases from external IDs', () => {
  assert.equal(catalog.entries().length, 69);
  assert.equal(catalog.phaseOf('2007'), 'reconnaissance');
  assert.equal(catalog.phaseOf('2006'), 'domain-dominance');
  assert.equal(effectivePhase({ externalId: '2007' }), 'reconnaissance');
  assert.equal(effectivePhase({ externalId: '2007', phase: 'exfiltration' }), 'exfiltration', 'a fixture\'s own phase wins');
  assert.equal(effectivePhase({ externalId: '99999' }), undefined);
});

test('the index resolves alerts, entities and profiles both ways', async () => {
  const root = tempWorkspace({
    'alerts/a.alert.json': alert({ relatedEntityIds: [GUID.user] }),
    'entities/ws.entity.json': computer(GUID.computer, 'WS-FIN-07'),
    'entities/dc.entity.json': computer(GUID.dc.toUpperCase(), 'DC1', { IsDomainController: true }),
    'entities/user.entity.json': user(),
    'profiles/user.profile.json': profile(GUID.user),
    'notes/readme.json': { ignored: true },
  });
  const { index } = await indexOf(root);
  assert.equal(index.alerts().length, 1);
  assert.equal(index.entities().length, 3);
  assert.equal(index.profiles().length, 1);
  assert.equal(index.alertsById(GUID.alert1).length, 1);
  assert.equal(index.alertsInPhase('reconnaissance').length, 1);
  assert.equal(index.entity(GUID.dc)?.entity.SystemDisplayName, 'DC1', 'ids match case-insensitively');
  assert.equal(index.profile(GUID.user)?.profile.UniqueEntityId, GUID.user);
  assert.deepEqual(index.alertsReferencing(GUID.user).map((a) => a.alert.id), [GUID.alert1]);
  assert.deepEqual(index.alertsReferencing(GUID.dc).map((a) => a.alert.id), [GUID.alert1]);
  const roles = entitiesByRole(index.alerts()[0]!.alert);
  assert.deepEqual([...roles.keys()], ['sourceComputer', 'dnsServer', 'related']);
});

test('re-indexing after one change re-reads that file only', async () => {
  const files: Record<string, object> = {};
  for (let i = 0; i < 20; i++) files[`e/${i}.entity.json`] = computer(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `WS${i}`);
  files['a/one.alert.json'] = alert();
  const root = tempWorkspace(files);
  const { index, source } = await indexOf(root);
  assert.equal(source.totalReads, 21);
  const changed = writeFixture(root, 'a/one.alert.json', alert({ title: 'Renamed' }));
  await index.update(changed, 'alert');
  assert.equal(source.totalReads, 22);
  assert.equal(source.reads.get(changed), 2);
  assert.equal(index.alerts()[0]!.alert.title, 'Renamed');
  index.remove(changed);
  assert.equal(index.alerts().length, 0);
  assert.equal(source.totalReads, 22);
});

test('bad files become invalid records, never exceptions, and the rest still loads', async () => {
  const deep = '{"$type":"User","Id":"x","Deep":' + '['.repeat(10000) + ']'.repeat(9999) + '}';
  const root = tempWorkspace({
    'good.alert.json': alert(),
    'broken.alert.json': '{ "id": "a", ',
    'bom.entity.json': new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(user()))]),
    'crlf.entity.json': JSON.stringify(computer(GUID.computer, 'WS1'), null, 2).replace(/\n/g, '\r\n'),
    'dupe.alert.json': '{"id": "b", "id": "c"}',
    'empty.entity.json': '',
    'binary.profile.json': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
    'deep.entity.json': deep,
    'array.alert.json': '[1,2]',
    'noid.alert.json': '{\n  "title": "x"\n}',
  });
  fs.mkdirSync(path.join(root, 'folder.alert.json'));
  const { index } = await indexOf(root);
  assert.equal(index.alerts().length, 1);
  assert.equal(index.entities().length, 2, 'BOM and CRLF files load');
  const byName = new Map(index.invalid().map((r) => [path.basename(r.file), r.problem]));
  assert.equal(byName.get('broken.alert.json')?.code, 'json-syntax');
  assert.equal(byName.get('dupe.alert.json')?.code, 'json-duplicate-key');
  assert.deepEqual(byName.get('dupe.alert.json')?.range.start, { line: 0, character: 12 });
  assert.equal(byName.get('empty.entity.json')?.code, 'empty-file');
  assert.equal(byName.get('binary.profile.json')?.code, 'binary-file');
  assert.equal(byName.get('deep.entity.json')?.code, 'json-too-deep');
  assert.equal(byName.get('array.alert.json')?.code, 'not-an-object');
  assert.equal(byName.get('noid.alert.json')?.code, 'alert-without-id');
  assert.ok(!byName.has('folder.alert.json'), 'a directory named like a fixture is not a file and is not discovered');
  for (const p of byName.values()) assert.ok(p.file.startsWith(root), 'every problem names its file');
});

test('files over the size limit are reported, not read', async () => {
  const root = tempWorkspace({ 'big.alert.json': JSON.stringify(alert({ description: 'x'.repeat(4096) })) });
  const source = new CountingFileSource();
  const record = await loadFile(source, path.join(root, 'big.alert.json'), 'alert', { maxFileBytes: 1024 });
  assert.equal(record.ok, false);
  if (!record.ok) {
    assert.equal(record.problem.code, 'file-too-large');
    assert.match(record.problem.message, /over the 1\.0 KB limit/);
  }
  assert.equal(source.totalReads, 0);
});

test('unreadable files are reported with the reason', async () => {
  const failing = {
    stat: async () => ({ size: 10, isFile: true }),
    readFile: async () => { throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }); },
  };
  const record = await loadFile(failing, '/ws/secret.alert.json', 'alert');
  assert.equal(record.ok, false);
  if (!record.ok) {
    assert.equal(record.problem.code, 'unreadable');
    assert.match(record.problem.message, /permission denied/);
  }
});

test('discovery survives symlink loops and reports broken links', async () => {
  const root = tempWorkspace({ 'a/one.alert.json': alert() });
  fs.symlinkSync(root, path.join(root, 'a', 'loop'));
  fs.symlinkSync(path.join(root, 'nowhere.alert.json'), path.join(root, 'dangling.alert.json'));
  const found = await discoverFiles([root]);
  assert.equal(found.files.length, 1);
  assert.equal(found.problems.length, 1);
  assert.match(found.problems[0]!.message, /broken/);
});

test('small files read through the shared buffer and large ones read whole keep their own content', async () => {
  const big = 'x'.repeat(200 * 1024);
  const root = tempWorkspace({
    'a/small.alert.json': alert({ title: 'Small one' }),
    'a/big.alert.json': alert({ id: GUID.alert2, title: 'Big one', description: big }),
    'a/edge.alert.json': alert({ id: 'edge', title: 'Edge', description: 'y'.repeat(64 * 1024 - 400) }),
  });
  const { index } = await indexOf(root);
  const byTitle = new Map(index.alerts().map((a) => [a.alert.title, a.alert]));
  assert.deepEqual([...byTitle.keys()].sort(), ['Big one', 'Edge', 'Small one']);
  assert.equal(byTitle.get('Big one')!.description, big);
  assert.equal((byTitle.get('Edge')!.description as string).length, 64 * 1024 - 400);
});

test('an alert’s entity keys are the distinct keys of its references, in first-mention order, whatever its shape; its summary agrees', async () => {
  const samples = path.join(__dirname, '..', '..', 'samples', 'alerts');
  const alerts = fs.readdirSync(samples).map((f) => JSON.parse(fs.readFileSync(path.join(samples, f), 'utf8')) as Alert);
  // Mixed case and spacing of the same id, repeated and interleaved mentions.
  alerts.push(alert({
    entities: [{ role: 'sourceComputer', id: GUID.computer.toUpperCase() }, { role: 'sourceUser', id: ` ${GUID.user} ` }],
    networkActivities: [GUID.computer, GUID.dc, GUID.computer, GUID.dc, GUID.user].map((id) => ({ source: { computerId: id }, destination: { computerId: GUID.dc } })),
    relatedEntityIds: [GUID.user, 'computer 10.0.0.1', 7, null],
  }) as unknown as Alert);
  let checked = 0;
  for (const [n, original] of alerts.entries()) {
    for (let round = 0; round < 30; round++) {
      const a = (round === 0 ? original : mutate(original, rng(n * 100 + round))) as Alert;
      const expected = [...new Set(collectReferences(a).map((r) => idKey(r.id)))];
      assert.deepEqual(collectEntityKeys(a), expected, `alert ${n} round ${round}`);
      assert.deepEqual(keysOfReferences(collectReferences(a)), expected, `alert ${n} round ${round}: keys of collected references`);
      // A batch run's summary: the same keys, and each listed entity's key and role, as its references give them.
      const summary = summarizeReferences(a);
      assert.deepEqual(summary.keys, expected, `alert ${n} round ${round}: summary keys`);
      const roles = collectReferences(a).flatMap((r) => (r.site.kind === 'entity' ? [idKey(r.id), r.site.role] : []));
      assert.deepEqual(summary.roles, roles, `alert ${n} round ${round}: summary roles`);
      checked++;
    }
  }
  assert.ok(checked > 500);
});
