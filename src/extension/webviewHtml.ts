/**
 * The one HTML shell of every webview (the evidence panel, the coverage matrix). It holds no data at
 * all — data arrives later as a message and is rendered with DOM APIs — so nothing from a fixture can
 * ever reach the HTML parser; the only script that runs is ours, carrying a fresh nonce.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Only our own media/ and dist/ may be loaded into a webview. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: localResourceRoots(extensionUri) };
}

/** A fresh nonce per page load: the only script allowed to run is the one carrying it. */
function newNonce(): string {
  return randomBytes(18).toString('base64');
}

function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface WebviewPage {
  /** The page title (constant text, never fixture content). */
  title: string;
  /** The page's own stylesheet in media/, e.g. `evidence.css` (after the shared `webview.css`). */
  css: string;
  /** Script bundle in dist/, e.g. `webview.js`. */
  script: string;
  /** What shows until the script has drawn the page. */
  loading: string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage, nonce = newNonce()): string {
  const shared = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.css));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', page.script));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${shared.toString()}">
<link rel="stylesheet" href="${css.toString()}">
<title>${page.title}</title>
</head>
<body>
<main id="app" aria-busy="true" aria-live="polite"><p class="status-line">${page.loading}</p></main>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
}
