// Builds everything the extension and the CLI run from:
//  1. ajv standalone validators generated from schemas/ (compiled once, here, so that neither the
//     extension nor the CLI compiles schemas or calls `new Function` at run time);
//  2. esbuild bundles: dist/extension.js (Node, `vscode` external), dist/cli.js with dist/validate-worker.js
//     (the worker threads of `validate` on big inputs), dist/webview.js
//     and dist/coverage-webview.js (browser: the evidence panel and the coverage matrix), and the parts loaded
//     on first use: dist/report-writer.js (exceljs, when an export runs), dist/workbook-reader.js (exceljs, when a
//     workbook is imported), dist/validation.js (validators and schemas), dist/schema-assist.js (completion, hover)
//     and the now-and-then commands' cores, dist/import.js, dist/scrub.js and dist/scaffold.js (scripts/lazy-bundles.mjs).
// Flags: --production (minify, no sourcemaps), --watch, --generate-only.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { generateValidators } from './generate-validators.mjs';
import { LAZY_BUNDLES } from './lazy-bundles.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const t0 = Date.now();

generateValidators(ROOT);
if (args.has('--generate-only')) process.exit(0);

const esbuild = require('esbuild');
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
};
const nodeTarget = { ...common, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] };
const exists = (p) => fs.existsSync(path.join(ROOT, p));

const builds = [];
if (exists('src/extension/main.ts')) {
  builds.push({
    ...nodeTarget,
    entryPoints: { extension: 'src/extension/main.ts' },
    // The report writer (exceljs), the validators and the JSON language service are bundles of their
    // own, required on first use (src/core/lazyBundles.ts): activation loads only what the first screen needs.
    external: ['vscode', ...LAZY_BUNDLES],
  });
  builds.push({ ...nodeTarget, entryPoints: { validation: 'src/core/validation/bundle.ts' } });
  builds.push({ ...nodeTarget, entryPoints: { 'schema-assist': 'src/core/validation/assistBundle.ts' } });
  // The commands run now and then; each bundle loads the validators and the workbook reader on first use too.
  for (const feature of ['import', 'scrub', 'scaffold']) {
    builds.push({ ...nodeTarget, entryPoints: { [feature]: `src/core/${feature}/index.ts` }, external: LAZY_BUNDLES });
  }
}
if (exists('src/cli/main.ts')) {
  builds.push({ ...nodeTarget, entryPoints: { cli: 'src/cli/main.ts' }, external: LAZY_BUNDLES, banner: { js: '#!/usr/bin/env node' } });
  // The worker threads of `validate` on big inputs (src/core/validation/parallelValidation.ts finds it beside the CLI).
  builds.push({ ...nodeTarget, entryPoints: { 'validate-worker': 'src/core/validation/validateWorker.ts' }, external: LAZY_BUNDLES });
}
if (exists('src/core/export/writer.ts')) {
  builds.push({ ...nodeTarget, entryPoints: { 'report-writer': 'src/core/export/writer.ts' } });
}
if (exists('src/core/import/workbookCells.ts')) {
  builds.push({ ...nodeTarget, entryPoints: { 'workbook-reader': 'src/core/import/workbookCells.ts' } });
}
if (exists('src/webview/main.ts')) {
  builds.push({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'src/webview/main.ts' } });
}
if (exists('src/webview/coverage/main.ts')) {
  builds.push({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { 'coverage-webview': 'src/webview/coverage/main.ts' } });
}

const outdir = path.join(ROOT, 'dist');
fs.mkdirSync(outdir, { recursive: true });
const sizes = {};
const run = async (opts) => {
  const options = { ...opts, outdir, absWorkingDir: ROOT };
  if (args.has('--watch')) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    return;
  }
  const result = await esbuild.build(options);
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) sizes[path.relative(ROOT, file)] = info.bytes;
  }
};
await Promise.all(builds.map(run));
if (!args.has('--watch')) {
  fs.chmodSync(path.join(outdir, 'cli.js'), 0o755);
  fs.writeFileSync(path.join(outdir, 'bundle-sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
  const line = Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(0)} KB`).join(', ');
  console.log(`build: ${line} (${Date.now() - t0} ms)`);
}
