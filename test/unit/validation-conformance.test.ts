// Conformance: our validator (ajv, generated at build time) and vscode-json-languageservice (what VS Code's
// JSON support would use) agree on valid / invalid for every sample and every file of the broken corpus.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { decodeJsonBytes } from '../../src/core/json';
import { loadText } from '../../src/core/loader';
import type { FileKind } from '../../src/core/model';
import { SCHEMAS } from '../../src/core/validation/schemas';
import { schemaProblems } from '../../src/core/validation/validate';
import { validateLedgerText } from '../../src/core/validation/workspaceValidation';
import { corpusFiles, ROOT, type CorpusFile } from './corpus';

/** Ours: the file loads (JSON, object, id) and the schema has nothing to say. Semantic checks are not schema validity. */
function oursValid(kind: FileKind, bytes: Uint8Array): boolean {
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok) return false;
  if (kind === 'ledger') return validateLedgerText('x', decoded.text).length === 0;
  const record = loadText('x', kind, decoded.text);
  if (!record.ok) return false;
  const value = record.kind === 'alert' ? record.alert : record.kind === 'entity' ? record.entity : record.profile;
  return schemaProblems(kind, value).length === 0;
}

/**
 * Theirs, in a worker thread with a large stack: the language service's parser is recursive and the
 * corpus holds a 10 000-level document. Valid = a root value and no diagnostics at all (syntax errors,
 * duplicate-key warnings, schema errors). The text is what an editor holds: UTF-8 decoded, BOM removed.
 */
function languageServiceValid(kind: FileKind, text: string): Promise<boolean> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { getLanguageService, TextDocument } = require('vscode-json-languageservice');
    const ls = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error('no fetch: ' + uri)) });
    ls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'atp://schema', fileMatch: ['doc.json'], schema: workerData.schema }] });
    const doc = TextDocument.create('atp://x/doc.json', 'json', 1, workerData.text);
    const json = ls.parseJSONDocument(doc);
    ls.doValidation(doc, json, { schemaValidation: 'error', comments: 'error', trailingCommas: 'error' })
      .then((d) => parentPort.postMessage(json.root !== undefined && d.length === 0));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { schema: SCHEMAS[kind], text }, resourceLimits: { stackSizeMb: 256 } });
    worker.once('message', (v: boolean) => { resolve(v); void worker.terminate(); });
    worker.once('error', reject);
  });
}

let files: CorpusFile[] = [];
before(async () => {
  files = await corpusFiles();
});

test('the corpus covers samples of every kind and the broken files', () => {
  const kinds = new Set(files.map((f) => f.kind));
  assert.deepEqual([...kinds].sort(), ['alert', 'entity', 'ledger', 'profile']);
  assert.ok(files.filter((f) => f.file.includes(`${path.sep}broken${path.sep}`)).length >= 14);
});

test('ajv and vscode-json-languageservice agree on valid / invalid for every file', async () => {
  const disagreements: string[] = [];
  const table: string[] = [];
  for (const { file, kind } of files) {
    const bytes = fs.readFileSync(file);
    const decoded = decodeJsonBytes(bytes);
    const ours = oursValid(kind, bytes);
    // Binary / non-UTF-8 bytes never reach an editor's language service as JSON: invalid for both.
    const theirs = decoded.ok ? await languageServiceValid(kind, decoded.text) : false;
    const rel = path.relative(ROOT, file);
    table.push(`${ours ? 'valid  ' : 'invalid'} ${rel}`);
    if (ours !== theirs) disagreements.push(`${rel}: ajv says ${ours ? 'valid' : 'invalid'}, the language service ${theirs ? 'valid' : 'invalid'}`);
  }
  assert.deepEqual(disagreements, [], table.join('\n'));
  // Not vacuous: both sides see valid and invalid files.
  assert.ok(table.some((l) => l.startsWith('valid')) && table.some((l) => l.startsWith('invalid')));
});
