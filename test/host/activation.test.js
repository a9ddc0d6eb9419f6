// Generic checks, true for any build of the extension: it is found, activates, and a folder is open.
/* global describe, it */ // mocha bdd globals, provided by test/host/index.js
'use strict';
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'atp-workbench.atp-alert-workbench';

describe('activation (real extension host)', () => {
  it('reports the host environment', () => {
    console.log(`    vscode.version=${vscode.version} appHost=${vscode.env.appHost} uiKind=${vscode.env.uiKind} ` +
      `remoteName=${vscode.env.remoteName} node=${process.version}`);
    assert.ok(vscode.version);
  });

  it('has a workspace folder open', () => {
    const folders = vscode.workspace.workspaceFolders || [];
    assert.ok(folders.length >= 1, 'no workspace folder');
    console.log(`    workspace folder: ${folders[0].uri.fsPath}`);
  });

  it(`finds ${EXTENSION_ID} and activates it`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });
});
