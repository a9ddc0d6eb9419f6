// Activation in the real extension host: the extension activates, hands out its documented API as
// `exports`, and every command package.json contributes is registered in the running workbench.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';

describe('activation (real extension host)', () => {
  it('activates and exposes the AtpWorkbenchApi as the extension\'s exports', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    const api = await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(ext.exports, api, 'activate() and exports are the same object');
    assert.strictEqual(typeof api.model.ensureLoaded, 'function');
    assert.strictEqual(typeof api.alertsTree.provider.getChildren, 'function');
    assert.strictEqual(api.alertsTree.view.visible !== undefined, true);
    assert.strictEqual(typeof api.evidence.get, 'function');
    assert.strictEqual(typeof api.validateIndexed, 'function');
  });

  it('registers every command package.json contributes, and no internal test commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext.activate();
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'));
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, []);
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const extra = [...registered].filter((id) => id.startsWith('atpWorkbench.') && !contributed.has(id));
    assert.deepStrictEqual(extra, [], 'every atpWorkbench command the host knows is contributed');
  });
});
