import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/shared/protocol';

const ok = (m: unknown) => {
  const r = parseWebviewMessage(m);
  assert.ok(r.ok, `expected ${JSON.stringify(m)} to be accepted: ${r.ok ? '' : r.reason}`);
  return r.message;
};
const bad = (m: unknown, reason: RegExp) => {
  const r = parseWebviewMessage(m);
  assert.equal(r.ok, false, `expected ${JSON.stringify(m)} to be refused`);
  if (!r.ok) assert.match(r.reason, reason);
};

test('accepts every known message with valid fields', () => {
  for (const type of ['ready', 'openAlertFile', 'openInBrowser', 'exportReport']) assert.deepEqual(ok({ type }), { type });
  assert.deepEqual(ok({ type: 'openEntity', entityId: 'computer 10.1.2.7', target: 'profile' }), { type: 'openEntity', entityId: 'computer 10.1.2.7', target: 'profile' });
  for (const verdict of ['TP', 'B-TP', 'FP', 'clear']) assert.deepEqual(ok({ type: 'classify', verdict }), { type: 'classify', verdict });
  assert.deepEqual(
    ok({ type: 'requestRows', requestId: 3, table: 'network', query: { offset: 100, limit: 100, sort: { column: 2, direction: 'desc' }, filter: 'kerb', lowCertaintyOnly: true } }),
    { type: 'requestRows', requestId: 3, table: 'network', query: { offset: 100, limit: 100, sort: { column: 2, direction: 'desc' }, filter: 'kerb', lowCertaintyOnly: true } },
  );
});

test('refuses unknown types and non-objects', () => {
  bad({ type: 'runCommand', command: 'workbench.action.terminal.new' }, /unknown message type/);
  bad({ type: 'openFile', path: '/etc/passwd' }, /unknown message type/);
  bad({ type: '__proto__' }, /unknown message type/);
  bad(null, /not an object/);
  bad('ready', /not an object/);
  bad([{ type: 'ready' }], /not an object/);
  bad({}, /no "type"/);
  bad({ type: 7 }, /no "type"/);
});

test('refuses extra fields: a path can never ride along with an entity id', () => {
  bad({ type: 'openEntity', entityId: 'x', target: 'entity', path: '/etc/passwd' }, /unexpected field "path"/);
  bad({ type: 'ready', html: '<script>' }, /unexpected field/);
  bad({ type: 'openInBrowser', url: 'javascript:alert(1)' }, /unexpected field "url"/);
  bad({ type: 'exportReport', alertId: 'someone-else' }, /unexpected field "alertId"/);
});

test('refuses malformed fields', () => {
  bad({ type: 'openEntity', entityId: '', target: 'entity' }, /entityId/);
  bad({ type: 'openEntity', entityId: 'a'.repeat(201), target: 'entity' }, /entityId/);
  bad({ type: 'openEntity', entityId: 'a\nb', target: 'entity' }, /control characters/);
  bad({ type: 'openEntity', entityId: { toString: 'x' }, target: 'entity' }, /entityId/);
  bad({ type: 'openEntity', entityId: 'x', target: 'file' }, /target/);
  bad({ type: 'classify', verdict: 'tp' }, /verdict/);
  bad({ type: 'classify', verdict: ['TP'] }, /verdict/);
  bad({ type: 'requestRows', requestId: -1, table: 'network', query: { offset: 0, limit: 10 } }, /requestId/);
  bad({ type: 'requestRows', requestId: 1, table: 'users', query: { offset: 0, limit: 10 } }, /table/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: { offset: 0, limit: 1e6 } }, /limit/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: { offset: 0, limit: 0 } }, /limit/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: { offset: 1.5, limit: 10 } }, /offset/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: { offset: 0, limit: 10, sort: { column: 1, direction: 'up' } } }, /sort/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: { offset: 0, limit: 10, filter: 'x'.repeat(201) } }, /filter/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: { offset: 0, limit: 10, where: '1=1' } }, /unexpected field "where"/);
  bad({ type: 'requestRows', requestId: 1, table: 'events', query: 'all' }, /query must be an object/);
});
