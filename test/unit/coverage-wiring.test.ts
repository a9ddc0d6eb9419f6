import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const source = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

test('the manifest contributes the Coverage view and its commands; the file-writing one is off in untrusted workspaces', () => {
  assert.ok(pkg.contributes.views.atpAlerts.some((v: { id: string; name: string }) => v.id === 'atpAlerts.coverage' && v.name === 'Coverage'));
  const commands = new Map<string, { title: string; category: string; enablement?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
  assert.equal(commands.get('atpWorkbench.showCoverageMatrix')?.title, 'Show Coverage Matrix');
  assert.equal(commands.get('atpWorkbench.exportNavigatorLayer')?.title, 'Export ATT&CK Navigator Layer…');
  assert.equal(commands.get('atpWorkbench.exportNavigatorLayer')?.enablement, 'isWorkspaceTrusted');
  for (const id of ['atpWorkbench.showCoverageMatrix', 'atpWorkbench.exportNavigatorLayer', 'atpWorkbench.showAlertsOfType']) {
    assert.equal(commands.get(id)?.category, 'ATP Alerts'); // that each is registered is the manifest test's check
  }
  assert.ok(pkg.activationEvents.includes('onWebviewPanel:atpWorkbench.coverageMatrix'), 'a restored matrix panel activates the extension');
  // Menus on type nodes name context values the view really sets.
  const tree = source('src/extension/coverage/coverageTree.ts');
  const itemMenus = pkg.contributes.menus['view/item/context'].filter((m: { when: string }) => m.when.includes('atpAlerts.coverage'));
  assert.ok(itemMenus.length > 0);
  for (const value of ['coverageType.covered', 'coverageType.uncovered', 'coverageType.unknown', 'coveragePhase']) assert.ok(tree.includes(`'${value}'`), value);
});

test('the matrix bundle is built and the webview code imports only src/shared and its own DOM helpers', () => {
  assert.match(source('scripts/build.mjs'), /'coverage-webview': 'src\/webview\/coverage\/main\.ts'/);
  const imports = [...source('src/webview/coverage/main.ts').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
  for (const i of imports) assert.match(i, /^\.\.\/(\.\.\/shared\/|dom$)/, i);
});
