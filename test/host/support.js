// Helpers shared by the extension-host test files (loaded by them, not as a test file itself).
'use strict';
const vscode = require('vscode');

const EXTENSION_ID = 'atp-workbench.atp-alert-workbench';

/**
 * Polls `check` until it returns a truthy value (returned) or `timeout` ms pass. Errors thrown by
 * `check` count as "not yet"; the last one is named in the timeout message. No fixed sleeps.
 */
async function waitFor(check, message, timeout = 45000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${message}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The workbench API that `activate()` returns. */
async function activateExtension() {
  return vscode.extensions.getExtension(EXTENSION_ID).activate();
}

module.exports = { EXTENSION_ID, waitFor, activateExtension };
