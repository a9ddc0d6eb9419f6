// The sample workspace covers every catalog alert type, validates clean, and its scaffolded fixtures are
// exactly what scripts/sample-fixtures.ts makes, played by the samples' own users and computers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { catalog } from '../../src/core/catalog';
import { discoverFiles } from '../../src/core/discovery';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { checkSampleFixtures, generatedFiles, SAMPLE_FIXTURES } from '../../scripts/sample-fixtures';
import { SAMPLES } from './corpus';

async function samplesIndex(): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([SAMPLES])).files);
  return index;
}

test('the samples cover all catalog alert types', async () => {
  const index = await samplesIndex();
  const covered = new Set(index.alerts().map((a) => String(a.alert.externalId)));
  const missing = catalog.entries().map((e) => e.externalId).filter((id) => !covered.has(id));
  assert.deepEqual(missing, []);
  assert.equal(catalog.entries().length, 69);
});

test('the samples validate with no error and no warning', async () => {
  const result = await validatePaths([SAMPLES]);
  assert.deepEqual(result.problems.filter((p) => p.severity !== 'information').map((p) => `${path.basename(p.file)} ${p.code}: ${p.message}`), []);
});

test('the scaffolded samples are exactly what the script makes with its seed', async () => {
  assert.deepEqual(await checkSampleFixtures(SAMPLES), []);
});

test('the scaffolded samples are played by the sample users: only servers the samples lack, new workstations and a group are new', async () => {
  const index = await samplesIndex();
  const generated = new Set(generatedFiles(SAMPLES));
  const alerts = index.alerts().filter((a) => generated.has(a.file));
  assert.equal(alerts.length, SAMPLE_FIXTURES.length, 'one alert per row of the script');
  assert.equal(new Set(alerts.map((a) => a.alert.externalId)).size, alerts.length, 'one alert per type');
  for (const a of alerts) {
    for (const ref of a.references) {
      const entity = index.entity(ref.id);
      assert.ok(entity, `${path.basename(a.file)}: ${ref.id} resolves`);
      if (entity.entity.$type === 'User') assert.notEqual(entity.entity.IsPartial, true, `${path.basename(a.file)}: users are the samples' own`);
    }
  }
  const invented = index.entities().filter((e) => e.entity.IsPartial === true).map((e) => e.entity);
  assert.ok(invented.every((e) => e.$type === 'Computer' || e.$type === 'Group'), 'no invented user');
  assert.ok(invented.length <= 8, `${invented.length} invented entities`);
});
