// Helpers shared by the extension-host test files (loaded by them, not as a test file itself).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'atp-workbench.atp-alert-workbench';

/**
 * Polls `check` until it returns a truthy value (returned) or `timeout` ms pass. Errors thrown by
 * `check` count as "not yet"; the last one is named in the timeout message. No fixed sleeps.
 */
export async function waitFor(check, message, timeout = 45000) {
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
export async function activateExtension() {
  return vscode.extensions.getExtension(EXTENSION_ID).activate();
}

