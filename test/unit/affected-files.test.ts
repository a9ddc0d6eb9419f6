import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ValidationScope } from '../../src/core/validation/affectedFiles';
import { loadText } from '../../src/core/loader';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { alert, computer, profile, user, GUID } from './helpers';

function workspace() {
  const index = new WorkspaceIndex();
  const put = (name: string, doc: object) => {
    const kind = name.split('.').slice(-2)[0] as 'alert' | 'entity' | 'profile';
    index.set(loadText(`/ws/${name}`, kind, JSON.stringify(doc)));
  };
  put('a1.alert.json', alert({ entities: [{ role: 'sourceUser', id: GUID.user }] }));
  put('a2.alert.json', alert({ id: GUID.alert2, entities: [{ role: 'sourceComputer', id: GUID.computer }] }));
  put('user.entity.json', user());
  put('ws.entity.json', computer(GUID.computer, 'WS1'));
  put('user.profile.json', profile(GUID.user));
  const scope = new ValidationScope();
  scope.remember(index);
  return { index, scope, put };
}

const names = (files: string[]) => files.map((f) => path.basename(f));

test('an alert change reaches the entities it references and alerts with its id, not the rest', () => {
  const { index, scope } = workspace();
  assert.deepEqual(names(scope.affected(index, ['/ws/a1.alert.json'])), ['a1.alert.json', 'user.entity.json', 'user.profile.json']);
});

test('an entity change reaches its profiles and the alerts that reference it', () => {
  const { index, scope } = workspace();
  assert.deepEqual(names(scope.affected(index, ['/ws/ws.entity.json'])), ['a2.alert.json', 'ws.entity.json']);
});

test('a changed id also reaches the files that depended on the old id', () => {
  const { index, scope, put } = workspace();
  put('ws.entity.json', computer('11111111-0000-4000-8000-000000000000', 'WS1'));
  assert.deepEqual(names(scope.affected(index, ['/ws/ws.entity.json'])), ['a2.alert.json', 'ws.entity.json'], 'a2 now has an unresolved reference');
});

test('a deleted file reaches what depended on it through the remembered ids', () => {
  const { index, scope } = workspace();
  index.remove('/ws/user.entity.json');
  assert.deepEqual(names(scope.affected(index, ['/ws/user.entity.json'])), ['a1.alert.json', 'user.profile.json']);
});

test('a second alert with the same id reaches the first', () => {
  const { index, scope, put } = workspace();
  put('twin.alert.json', alert({ entities: [] }));
  assert.deepEqual(names(scope.affected(index, ['/ws/twin.alert.json'])), ['a1.alert.json', 'twin.alert.json']);
});
