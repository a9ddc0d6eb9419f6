// Completion and hover from our schemas (the in-process language service the editor uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaAssist, MAX_ASSIST_CHARS } from '../../src/core/validation/schemaAssist';

const labels = (list: { items: { label: string }[] } | undefined) => (list?.items ?? []).map((i) => i.label);

test('completion offers the $type values of an entity and of a profile', async () => {
  const assist = new SchemaAssist();
  const entity = await assist.complete('entity', '{ "$type":  }', { line: 0, character: 11 });
  assert.deepEqual(labels(entity), ['"User"', '"Computer"', '"Group"', '"Domain"']);
  const profile = await assist.complete('profile', '{ "$type":  }', { line: 0, character: 11 });
  assert.ok(labels(profile).includes('"UserProfile"'), labels(profile).join());
});

test('completion offers the attributes of the $type, and enum values of an alert', async () => {
  const assist = new SchemaAssist();
  const keys = labels(await assist.complete('entity', '{ "$type": "Computer", "" }', { line: 0, character: 24 }));
  assert.ok(keys.includes('IsDomainController') && keys.includes('Spns'), keys.join());
  const severity = labels(await assist.complete('alert', '{ "severity":  }', { line: 0, character: 14 }));
  assert.deepEqual(severity.sort(), ['"High"', '"Low"', '"Medium"']);
});

test('hover shows the title and description of an attribute', async () => {
  const assist = new SchemaAssist();
  const text = '{ "$type": "User", "Sid": "S-1-5-21-1-2-3-500" }';
  const hover = await assist.hover('entity', text, { line: 0, character: 21 });
  const contents = JSON.stringify(hover?.contents);
  assert.match(contents, /Security identifier/);
  assert.match(contents, /RID/);
});

test('nothing is ever fetched: a document\'s remote "$schema" is ignored and our schema stays in charge', async () => {
  const requested: string[] = [];
  const assist = new SchemaAssist({ onSchemaRequest: (uri) => requested.push(uri) });
  const text = '{ "$schema": "https://example.invalid/evil.schema.json", "$type":  }';
  const list = await assist.complete('entity', text, { line: 0, character: 67 });
  assert.deepEqual(labels(list), ['"User"', '"Computer"', '"Group"', '"Domain"']);
  assert.ok(await assist.hover('entity', '{ "$schema": "https://example.invalid/x.json", "Id": "x" }', { line: 0, character: 50 }));
  assert.deepEqual(requested, [], 'the schema request service was never asked');
});

test('bad input: deep or huge documents are not handed to the recursive parser', async () => {
  const assist = new SchemaAssist();
  const deep = '{ "$type": "User", "X": ' + '['.repeat(10000) + ']'.repeat(10000) + ' }';
  assert.equal(await assist.complete('entity', deep, { line: 0, character: 11 }), undefined);
  const huge = '{ "$type": "User", "X": "' + 'a'.repeat(MAX_ASSIST_CHARS) + '" }';
  const started = Date.now();
  assert.equal(await assist.hover('entity', huge, { line: 0, character: 3 }), undefined);
  assert.ok(Date.now() - started < 1000);
});
