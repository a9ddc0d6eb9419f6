// @vscode/test-cli config, for people with a desktop VS Code (`npx vscode-test`): runs the same host tests
// (test/host/*.test.js) in an Extension Development Host on samples/. Build first (dist/extension.js).
// Machines without a desktop VS Code download (CI here) use `npm run test:host` instead (test/run-host-tests.mjs).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'host',
  files: 'test/host/**/*.test.js',
  workspaceFolder: './samples',
  version: '1.100.0', // the oldest VS Code package.json engines.vscode allows
  mocha: { ui: 'bdd', timeout: 60000 },
});
