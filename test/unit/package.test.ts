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

// Activation loads dist/extension.js on any JSON file: the validators, the schemas, exceljs and the JSON language
// service belong in the bundles loaded on first use. A feature that imports one of them directly (rather than
// through src/core/lazyBundles.ts) pulls half a megabyte back into activation; this catches it.
test('the activation bundle holds none of the parts loaded on first use, and stays under 400 KB minified', async () => {
  const esbuild = await import('esbuild');
  const { LAZY_BUNDLES } = (await import(path.join(ROOT, 'scripts', 'lazy-bundles.mjs'))) as { LAZY_BUNDLES: string[] };
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'extension', 'main.ts')], absWorkingDir: ROOT, bundle: true, minify: true, write: false, metafile: true,
    platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], external: ['vscode', ...LAZY_BUNDLES], outfile: 'extension.js', logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const lazyOnly = /src\/core\/validation\/(generated\/|schemas\.ts|validate\.ts|assistBundle)|^schemas\/|node_modules\/(ajv|ajv-formats|exceljs|vscode-json-languageservice)\//;
  assert.deepEqual(inputs.filter((f) => lazyOnly.test(f)), []);
  const bytes = result.outputFiles[0]!.contents.byteLength;
  assert.ok(bytes <= 400 * 1024, `dist/extension.js minified is ${Math.round(bytes / 1024)} KB`);
});
