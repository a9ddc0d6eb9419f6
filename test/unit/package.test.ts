// What the .vsix carries: every bundle the build writes (the extension, the CLI, both webviews and the parts
// loaded on first use), listed by vsce itself from .vscodeignore — a bundle left out works in the tests (they
// run from the clone) and fails only for people who install the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('the package carries every bundle the build writes, and no source map or source file', () => {
  const sizes = path.join(ROOT, 'dist', 'bundle-sizes.json');
  if (!fs.existsSync(sizes)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const bundles = Object.keys(JSON.parse(fs.readFileSync(sizes, 'utf8')) as Record<string, number>).sort();
  assert.ok(bundles.length >= 4, `the build lists its bundles: ${bundles.join(', ')}`);
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean);
  for (const bundle of bundles) assert.ok(listed.includes(bundle), `${bundle} is packaged`);
  assert.deepEqual(listed.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/')), []);
});
