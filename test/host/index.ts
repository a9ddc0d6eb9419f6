// Loaded by VS Code as extensionTestsPath: runs INSIDE the real extension host (see test/run-host-tests.mjs).
// Runs every test/host/*.test.ts with mocha and writes the stats to the file named by env VSCODE_TEST_RESULTS.
import fs from 'fs';
import path from 'path';
import Mocha from 'mocha';

function writeResults(results) {
  const file = process.env.VSCODE_TEST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60000,
    reporter: 'spec',
    color: false,
    ...(process.env.VSCODE_TEST_GREP ? { grep: process.env.VSCODE_TEST_GREP } : {}),
  });
  // ATP_HOST_SUITE names a subfolder suite (e.g. multi-root, run on a two-folder workspace).
  const dir = process.env.ATP_HOST_SUITE ? path.join(__dirname, process.env.ATP_HOST_SUITE) : __dirname;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(dir, f));
  const failed = [];
  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run((failures) => {
        const s = runner.stats || {};
        writeResults({
          passes: s.passes || 0, failures: s.failures || 0, pending: s.pending || 0, tests: s.tests || 0,
          duration: s.duration || 0, files, failed,
        });
        if (failures) reject(new Error(`${failures} host test(s) failed`));
        else resolve();
      });
      runner.on('fail', (test, err) => failed.push({ title: test.fullTitle(), error: String(err && err.message || err) }));
    } catch (err) { // e.g. a syntax error in a test file
      console.error(err);
      writeResults({ passes: 0, failures: 1, pending: 0, tests: 0, duration: 0, files,
        failed: [{ title: 'loading test/host/*.test.ts', error: String(err && err.stack || err) }] });
      reject(err);
    }
  });
}
