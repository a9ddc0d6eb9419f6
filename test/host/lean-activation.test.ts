// Lean activation: activating on a JSON file loads only dist/extension.js; the validators and the JSON
// language service are bundles of their own, loaded on first use. Reports how long activation took.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './support';

describe('lean activation (real extension host)', () => {
  let api;
  before(async () => {
    api = await activateExtension();
  });

  it('activation loaded none of the validators, the JSON language service, import, pseudonymise and new fixtures', () => {
    assert.deepStrictEqual(api.activation.loaded, { validation: false, schemaAssist: false, import: false, scrub: false, scaffold: false });
  });

  it('the validators load on first use, from their own bundle beside dist/extension.js', async () => {
    const ext = vscode.extensions.getExtension('atp-workbench.atp-alert-workbench');
    const bundle = path.join(ext.extensionPath, 'dist', 'validation.js');
    assert.ok(fs.existsSync(bundle), 'dist/validation.js is built');
    const problems = await api.validateIndexed();
    assert.ok(Array.isArray(problems));
    await waitFor(() => require.cache[bundle], 'dist/validation.js to be loaded');
  });

  it('reports activation time (activate() and loading dist/extension.js)', () => {
    const ext = vscode.extensions.getExtension('atp-workbench.atp-alert-workbench');
    const main = path.join(ext.extensionPath, 'dist', 'extension.js');
    // Loading the bundle again (a fresh module, never activated) measures what activation pays to load it.
    const loads = [];
    const cached = require.cache[main];
    for (let i = 0; i < 5; i++) {
      delete require.cache[main];
      const t = performance.now();
      require(main);
      loads.push(performance.now() - t);
    }
    require.cache[main] = cached;
    loads.sort((a, b) => a - b);
    const size = fs.statSync(main).size;
    console.log(`    activation: activate() ${api.activation.ms.toFixed(1)} ms; loading dist/extension.js (${(size / 1024).toFixed(0)} KB) median ${loads[2].toFixed(1)} ms of 5 (${loads[0].toFixed(1)}–${loads[4].toFixed(1)})`);
    assert.ok(api.activation.ms > 0);
  });
});
