// Lint rules that keep the architecture honest: the core and the webview never import `vscode`
// (the core runs in the CLI and unit tests; the webview runs in a browser).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/core and src/webview must not depend on the VS Code API; put adapters in src/extension.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'src/core/validation/generated/**', 'test-results/**', 'bench/generated/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', exports: 'writable',
        __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        URL: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'], rules: noVscode },
  {
    // The webview is browser code: Node built-ins are as wrong there as vscode.
    files: ['src/webview/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser: talk to the host through the message protocol.' }],
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'The webview runs in a browser: no Node modules.' },
          { group: ['**/core/**', '**/core', '**/extension/**', '**/cli/**'], message: 'The webview and the protocol share only src/shared: payload types live there.' },
        ],
      }],
    },
  },
  {
    // The CLI runs in plain Node: the VS Code API is never there.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The CLI runs without VS Code: share code through src/core.' }],
        patterns: [{ group: ['**/extension/**'], message: 'The CLI uses the core, never the editor adapters.' }],
      }],
    },
  },
);
