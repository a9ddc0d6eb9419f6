// Broken input never breaks validation: thousands of seeded mutations of the samples go through the whole
// pipeline the editor and the CLI share (load, schema, semantic checks, positions). Each problem must sit
// inside the text with a readable message, the schema's verdict must show as schema problems, and the same
// input must give the same output.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { loadText } from '../../src/core/loader';
import type { Problem } from '../../src/core/model';
import { schemaValidator, validateRecord } from '../../src/core/validation/validate';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { rng } from '../../bench/generate';
import { corpusFiles, SAMPLES } from './corpus';
import { mutate } from './mutations';
import { NOW } from './validation-support';

/** The samples' fixtures, and an index of them for the cross-file checks (both tests only read it). */
let fixtures: { file: string; kind: 'alert' | 'entity' | 'profile' }[] = [];
const index = new WorkspaceIndex();
before(async () => {
  fixtures = (await corpusFiles([SAMPLES])).flatMap(({ file, kind }) => (kind === 'ledger' ? [] : [{ file, kind }]));
  await index.updateMany((await discoverFiles([SAMPLES])).files);
});

function checkRange(text: string, p: Problem, what: string): void {
  const lines = text.split('\n');
  const { start, end } = p.range;
  assert.ok(start.line >= 0 && start.line < lines.length, `${what}: start line ${start.line} of ${lines.length}`);
  assert.ok(end.line >= start.line && end.line < lines.length, `${what}: end line ${end.line}`);
  assert.ok(start.character >= 0 && start.character <= lines[start.line]!.length, `${what}: start character`);
  assert.ok(end.character >= 0 && end.character <= lines[end.line]!.length, `${what}: end character`);
  assert.ok(end.line > start.line || end.character >= start.character, `${what}: range ends before it starts`);
}

test('seeded mutations of every sample: problems on real ranges, readable, in line with the schema, repeatable', async () => {
  let withProblems = 0;
  let runs = 0;
  for (const [n, { file, kind }] of fixtures.entries()) {
    const original = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    for (let round = 0; round < 40; round++) {
      const seed = n * 100 + round;
      const next = rng(seed);
      const doc = mutate(original, next);
      const text = JSON.stringify(doc, null, 2);
      const strict = round % 2 === 1;
      const what = `${path.basename(file)} seed ${seed}${strict ? ' (strict)' : ''}`;
      const run = async () => validateRecord(loadText(file, kind, text), index, () => text, { strict, now: NOW });
      const loaded = loadText(file, kind, text).ok;
      const problems = await run();
      runs++;
      if (problems.length) withProblems++;
      for (const p of problems) {
        checkRange(text, p, `${what}: ${p.code}`);
        assert.ok(p.code && p.message.length > 0, `${what}: code and message`);
        assert.doesNotMatch(p.message, /undefined|\[object Object\]|NaN/, `${what}: ${p.message}`);
        assert.ok(['error', 'warning', 'information'].includes(p.severity), `${what}: severity ${p.severity}`);
      }
      const schemaSaysValid = schemaValidator(kind, strict)(doc);
      if (!loaded) {
        // A file the loader refuses (no id, not an object…) gets that one problem, and the schema refuses it too.
        assert.equal(problems.length, 1, `${what}: one load problem`);
        assert.equal(schemaSaysValid, false, `${what}: loader refused ${problems[0]!.code} but the schema accepts`);
      } else {
        const schemaReported = problems.some((p) => p.code.startsWith('schema-'));
        assert.equal(schemaReported, !schemaSaysValid, `${what}: schema problems match the schema's verdict ${JSON.stringify(problems.map((p) => p.code))}`);
      }
      assert.deepEqual(await run(), problems, `${what}: repeatable`);
    }
  }
  assert.ok(runs > 1000 && withProblems > runs / 3, `${withProblems} of ${runs} mutated files had problems`);
});

test('seeded damage to the text of every sample (cut, deleted or inserted characters): one clear problem or a full check, never a throw', async () => {
  const inserts = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', 'x', '0', '\u0000', '\ud800', '\u202e'];
  let syntax = 0;
  for (const [n, { file, kind }] of fixtures.entries()) {
    const original = fs.readFileSync(file, 'utf8');
    for (let round = 0; round < 20; round++) {
      const next = rng(50_000 + n * 100 + round);
      const at = Math.floor(next() * original.length);
      const how = next();
      const text = how < 0.3 ? original.slice(0, at) : how < 0.6 ? original.slice(0, at) + original.slice(at + 1) : original.slice(0, at) + inserts[Math.floor(next() * inserts.length)] + original.slice(at);
      const what = `${path.basename(file)} damaged at ${at} (round ${round})`;
      const problems = await validateRecord(loadText(file, kind, text), index, () => text, { now: NOW });
      for (const p of problems) {
        checkRange(text, p, `${what}: ${p.code}`);
        assert.doesNotMatch(p.message, /undefined|\[object Object\]/, `${what}: ${p.message}`);
      }
      if (problems.some((p) => p.code === 'json-syntax')) {
        syntax++;
        assert.equal(problems.length, 1, `${what}: a syntax error is the one problem`);
      }
    }
  }
  assert.ok(syntax > 100, `${syntax} damaged texts were not JSON`);
});
