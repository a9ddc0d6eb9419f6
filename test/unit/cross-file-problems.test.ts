/**
 * Problems that involve other files: a duplicate id names a bounded number of them (and links them),
 * and one broken file costs one problem, not a cascade of "does not exist" warnings in the files that
 * point at it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../src/core/model';
import { MAX_NAMED_FILES, MAX_RELATED_FILES } from '../../src/core/validation/validate';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { user, tempWorkspace } from './helpers';

const SAMPLES = path.resolve(__dirname, '../../samples');

function copyOfSamples(): string {
  const root = tempWorkspace({});
  fs.cpSync(SAMPLES, root, { recursive: true });
  return root;
}

/** Removes the comma that ends the first line after the middle of the file (a typo, not a truncation). */
function dropAComma(file: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l, i) => i >= lines.length / 2 && l.trimEnd().endsWith(','));
  assert.ok(at > 0, `${file} has a line ending with a comma`);
  lines[at] = lines[at]!.trimEnd().slice(0, -1);
  fs.writeFileSync(file, lines.join('\n'));
}

const key = (p: Problem) => `${p.file}|${p.code}|${p.severity}|${p.range.start.line}:${p.range.start.character}|${p.message}`;

for (const rel of ['entities/user-jwhitfield.entity.json', 'alerts/2017-pass-the-hash-adm-jwhitfield.alert.json', 'profiles/user-jwhitfield.profile.json']) {
  test(`a syntax error in ${path.basename(rel)} gives exactly one error and no warning elsewhere`, async () => {
    const root = copyOfSamples();
    const before = new Set((await validatePaths([root])).problems.filter((p) => p.severity !== 'information').map(key));
    const broken = path.join(root, rel);
    dropAComma(broken);
    const after = (await validatePaths([root])).problems;
    const added = after.filter((p) => p.severity !== 'information' && !before.has(key(p)));
    assert.deepEqual(added.map((p) => [path.relative(root, p.file), p.code, p.severity]), [[rel, 'json-syntax', 'error']]);
    const notes = after.filter((p) => p.severity === 'information' && p.code === 'entity-file-has-errors');
    // At most one note per file that points at the broken file, each naming it.
    const notedFiles = notes.map((p) => p.file);
    assert.equal(new Set(notedFiles).size, notedFiles.length);
    for (const n of notes) assert.match(n.message, new RegExp(path.basename(rel).replace(/\./g, '\\.')));
    if (rel.startsWith('entities/')) assert.ok(notes.length > 0, 'the alerts and the profile of the broken entity say where it is');
  });
}

test('a broken entity file without a recoverable Id still gives the old warnings (nothing to point at)', async () => {
  const root = copyOfSamples();
  const file = path.join(root, 'entities/user-jwhitfield.entity.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"Id": "[^"]*",/, '"Id": ,'));
  const after = (await validatePaths([root])).problems;
  assert.ok(after.some((p) => p.code === 'orphan-profile' && p.file.endsWith('user-jwhitfield.profile.json')));
  assert.equal(after.filter((p) => p.code === 'entity-file-has-errors').length, 0);
});

test('fixing the broken entity makes the notes go away', async () => {
  const root = copyOfSamples();
  const file = path.join(root, 'entities/user-jwhitfield.entity.json');
  const good = fs.readFileSync(file, 'utf8');
  dropAComma(file);
  assert.ok((await validatePaths([root])).problems.some((p) => p.code === 'entity-file-has-errors'));
  fs.writeFileSync(file, good);
  assert.equal((await validatePaths([root])).problems.filter((p) => p.code === 'entity-file-has-errors' || p.code === 'json-syntax').length, 0);
});

for (const count of [2, MAX_NAMED_FILES + 1, 40]) {
  test(`a duplicate id shared by ${count} files names at most ${MAX_NAMED_FILES} others by relative path and links up to ${MAX_RELATED_FILES}`, async () => {
    const files: Record<string, object> = {};
    for (let i = 0; i < count; i++) files[`team-${i % 3}/user-${String(i).padStart(3, '0')}.entity.json`] = user({ SamName: `u${i}` });
    const root = tempWorkspace(files);
    const result = await validatePaths([root], { displayPath: (f) => path.relative(root, f) });
    const dupes = result.problems.filter((p) => p.code === 'duplicate-entity-id');
    assert.equal(dupes.length, count);
    for (const p of dupes) {
      const others = Object.keys(files).map((r) => path.join(root, r)).filter((f) => f !== p.file);
      const named = others.filter((f) => p.message.includes(path.relative(root, f)));
      assert.equal(named.length, Math.min(others.length, MAX_NAMED_FILES), p.message);
      const more = others.length - MAX_NAMED_FILES;
      if (more > 0) assert.match(p.message, new RegExp(` and ${more} more\\.$`));
      else assert.doesNotMatch(p.message, /more/);
      assert.equal(p.related?.length, Math.min(others.length, MAX_RELATED_FILES));
      for (const r of p.related ?? []) assert.ok(others.includes(r.file));
    }
    // Output grows linearly: each message has a bounded length whatever the number of files.
    const longest = Math.max(...dupes.map((p) => p.message.length));
    assert.ok(longest < 400, `longest message ${longest} characters`);
  });
}
