import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatClass } from '../../src/shared/coverage';
import { parseCoverageMessage, parseCoveragePanelState } from '../../src/shared/coverageProtocol';

test('the matrix protocol accepts exactly its four messages, every field checked', () => {
  assert.deepEqual(parseCoverageMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(parseCoverageMessage({ type: 'exportLayer' }), { ok: true, message: { type: 'exportLayer' } });
  assert.deepEqual(parseCoverageMessage({ type: 'setScore', score: 'fp-rate' }), { ok: true, message: { type: 'setScore', score: 'fp-rate' } });
  assert.deepEqual(parseCoverageMessage({ type: 'showAlerts', externalId: '2410' }), { ok: true, message: { type: 'showAlerts', externalId: '2410' } });
  const refused: unknown[] = [
    null, [], 'ready', { type: 7 }, { type: 'openFile', path: '/etc/passwd' }, { type: 'ready', extra: true },
    { type: 'setScore', score: 'loudness' }, { type: 'setScore' }, { type: 'showAlerts', externalId: '' },
    { type: 'showAlerts', externalId: '../../x' }, { type: 'showAlerts', externalId: 'x'.repeat(41) }, { type: 'showAlerts', externalId: 2410 },
    { type: 'exportLayer', target: '/tmp/x.json' },
  ];
  for (const m of refused) {
    const r = parseCoverageMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m));
    assert.ok(!r.ok && r.reason.length > 0);
  }
});

test('panel state and heat classes', () => {
  assert.deepEqual(parseCoveragePanelState({ score: 'fp-rate' }), { score: 'fp-rate' });
  assert.equal(parseCoveragePanelState({ score: 'x' }), undefined);
  assert.equal(heatClass({ fixtures: 0, fpRate: null }, 'fixtures', 10), 'heat-none');
  assert.equal(heatClass({ fixtures: 1, fpRate: null }, 'fixtures', 10), 'heat-fixtures-1');
  assert.equal(heatClass({ fixtures: 10, fpRate: null }, 'fixtures', 10), 'heat-fixtures-5');
  assert.equal(heatClass({ fixtures: 3, fpRate: null }, 'fp-rate', 10), 'heat-none');
  assert.equal(heatClass({ fixtures: 3, fpRate: 0 }, 'fp-rate', 10), 'heat-rate-1');
  assert.equal(heatClass({ fixtures: 3, fpRate: 1 }, 'fp-rate', 10), 'heat-rate-5');
});
