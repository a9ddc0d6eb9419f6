/**
 * The scrub key of a workspace folder, for "Pseudonymise Workspace…" and for imports pseudonymised on the
 * way in: the `atpWorkbench.scrub.keyFile` setting's file (the one `--key-file` takes, so the editor and
 * the CLI give the same pseudonyms), else a key kept in VS Code's SecretStorage per folder, created on
 * first use. It never touches the workspace.
 */
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { loadScrub } from '../../core/lazyBundles';
import type { Services } from '../services';

const secretName = (folder: string) => `atpWorkbench.scrubKey:${vscode.Uri.file(folder).toString()}`;

/** The key's bytes; a bad key file throws a KeyFileError naming the file and what is wrong. */
export async function scrubKeyFor(services: Services, folder: string): Promise<Buffer> {
  const keyFile = vscode.workspace.getConfiguration('atpWorkbench', vscode.Uri.file(folder)).get<string>('scrub.keyFile', '').trim();
  if (keyFile) {
    const file = keyFile.startsWith('~/') ? path.join(os.homedir(), keyFile.slice(2)) : path.resolve(folder, keyFile);
    const { key, warnings } = loadScrub().readKeyFile(file);
    for (const w of warnings) void vscode.window.showWarningMessage(w);
    return key;
  }
  const secrets = services.context.secrets;
  let text = await secrets.get(secretName(folder));
  if (!text) {
    text = loadScrub().generateKey();
    await secrets.store(secretName(folder), text);
    services.log.info(`Pseudonymise: a new key was created for ${folder} and kept in VS Code's secret storage; the same key gives the same pseudonyms next time.`);
  }
  const { keyFromText, checkKey } = loadScrub();
  const key = keyFromText(text);
  checkKey(key, 'the secret storage');
  return key;
}
