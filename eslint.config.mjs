// Lint rules that keep the architecture honest: the core and the webview never import `vscode`
// (the core runs in the CLI and unit tests; the webview runs in a browser), no module takes part in an
// import cycle, no promise is dropped unhandled, and type-only imports say so.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
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
  {
    // Typed rules over the TypeScript the compiler sees (tsconfig.json: src, test/unit, bench).
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test runs a top-level test() itself and reports its failure; awaiting it would serialise nothing.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      // `typeof import('x')` stays allowed: it types a lazy require without loading the module.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Cycles among our own modules: the layers only work if each feature can be read bottom-up.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The extension-host tests reach into the running extension through its API and command results,
    // whose shapes they assert at run time.
    files: ['test/host/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
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
