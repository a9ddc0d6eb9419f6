/** Finding fixtures: a wrong path never passes (every command that reads fixtures refuses paths that hold none), and exclusions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import picomatch from 'picomatch';
import { DEFAULT_GLOBS, kindMatcher, type FileGlobs } from '../../src/core/fileKinds';
import { alert, tempWorkspace } from './helpers';

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A folder with JSON files that are not fixtures (a typo'd folder, or fixtures named differently). */
function notFixtures(): string {
  return tempWorkspace({ 'data/a.json': { id: 'x' }, 'data/b.alerts.json': { id: 'y' }, 'notes.txt': 'hello' });
}

const COMMANDS: string[][] = [['validate'], ['list'], ['verdicts'], ['export', '.', '-o', path.join(os.tmpdir(), 'atp-empty-export-never-written')]];

for (const command of COMMANDS) {
  test(`${command[0]} on a folder without fixtures exits 2 and says how many JSON files it ignored`, async () => {
    const root = notFixtures();
    const r = await cli(command, root);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /no alert, entity or profile files under \S+ \(2 JSON files ignored; patterns: \*\*\/\*\.alert\.json, \*\*\/\*\.entity\.json, \*\*\/\*\.profile\.json\)/);
  });

  test(`${command[0]} --allow-empty on a folder without fixtures succeeds`, async () => {
    const root = notFixtures();
    const r = await cli([...command, '--allow-empty'], root);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /no alert, entity or profile files/);
  });
}

test('validate names the paths it was given and counts a single ignored JSON file', async () => {
  const root = tempWorkspace({ 'wrong/one.json': {}, 'right/x.alert.json': alert() });
  const r = await cli(['validate', 'wrong'], root);
  assert.equal(r.code, 2);
  assert.match(r.err, /no alert, entity or profile files under wrong \(1 JSON file ignored;/);
  assert.notEqual((await cli(['validate', 'right'], root)).code, 2, 'a folder with a fixture is validated');
});

test('discovery with an exclude glob leaves out what it matches (and only that), as the extension setting asks', async () => {
  const { discoverFiles } = await import('../../src/core/discovery');
  const root = tempWorkspace({ 'a/x.alert.json': alert(), 'dist/y.alert.json': alert(), 'archive/old/z.alert.json': alert(), 'node_modules/m.alert.json': alert() });
  const names = async (exclude?: string) => (await discoverFiles([root], undefined, { exclude, yieldEveryMs: 0 })).files.map((f) => path.relative(root, f.file).split(path.sep).join('/')).sort();
  assert.deepEqual(await names(), ['a/x.alert.json', 'archive/old/z.alert.json'], 'default: the usual build and dependency folders are skipped');
  assert.deepEqual(await names('**/archive/**'), ['a/x.alert.json', 'dist/y.alert.json', 'node_modules/m.alert.json'], 'a glob replaces the defaults');
});

test('the kind matcher says what picomatch says for every glob shape, including names that only end like a fixture', () => {
  const globSets: FileGlobs[] = [
    DEFAULT_GLOBS,
    { alert: 'alerts/**/*.json', entity: '**/entities/*.{user,computer}.json', profile: '**/*.profile.json*' },
    { alert: '**/*.alert.json', entity: '**/entity-?.json', profile: '**/profiles/**' },
  ];
  const names = [
    'a.alert.json', '.alert.json', 'x/.alert.json', 'alerts/a.json', 'alerts/deep/b.json', 'other/a.json', 'a.alert.jsonx', 'a.alert.json/',
    'entities/u.user.json', 'x/entities/c.computer.json', 'entities/g.group.json', 'entity-1.json', 'x/entity-12.json',
    'p.profile.json', 'p.profile.json.bak', 'profiles/p.json', 'q/profiles/r/s.txt', '.hidden/a.alert.json', 'a\\b.alert.json',
  ];
  for (const globs of globSets) {
    const ours = kindMatcher(globs);
    const theirs = (p: string) => {
      const q = p.replace(/\\/g, '/');
      for (const kind of ['alert', 'entity', 'profile'] as const) if (picomatch(globs[kind], { dot: true, windows: false })(q)) return kind;
      return undefined;
    };
    for (const name of names) assert.equal(ours(name), theirs(name), `${JSON.stringify(globs)}: ${name}`);
  }
});
