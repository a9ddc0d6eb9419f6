// The generated validators replace some of ajv's code with faster code of our own (scripts/validator-codegen.mjs:
// short uniqueItems lists, maps walked once, closed objects walked once). The problem builder reads ajv's
// error objects, so they must stay exactly ajv's: here ajv compiles the same schemas without our overrides
// and both report on the samples, the broken corpus and thousands of seeded mutations of them, in normal
// and strict mode. Only the order of the errors may differ.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as generated from '../../src/core/validation/generated/validators';
import { bigProfile } from '../../bench/validation.bench';
import { rng } from '../../bench/generate';
import { corpusFiles, ROOT } from './corpus';
import { depth, mutate } from './mutations';

type Kind = 'alert' | 'entity' | 'profile' | 'ledger';
const KINDS: Kind[] = ['alert', 'entity', 'profile', 'ledger'];

/** ajv's own validators, by the generated validators' export names (alert, alertStrict, …). */
const stock = new Map<string, ValidateFunction>();

before(async () => {
  const { createValidatorAjv, strictCopy, SCHEMA_FILES } = await import('../../scripts/generate-validators.mjs');
  const ajv = createValidatorAjv({ fast: false });
  for (const kind of KINDS) {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', SCHEMA_FILES[kind]), 'utf8')) as { $id: string };
    ajv.addSchema(schema);
    stock.set(kind, ajv.getSchema(schema.$id)!);
    if (`${kind}Strict` in generated) {
      const strict = strictCopy(schema);
      ajv.addSchema(strict);
      stock.set(`${kind}Strict`, ajv.getSchema(strict.$id)!);
    }
  }
});

/** The documents of the samples and of the broken corpus that are JSON at all. */
async function corpus(): Promise<{ kind: Kind; name: string; value: unknown }[]> {
  const out: { kind: Kind; name: string; value: unknown }[] = [];
  for (const { file, kind } of await corpusFiles()) {
    try {
      out.push({ kind, name: path.relative(ROOT, file), value: JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) });
    } catch {
      // not JSON: the validators never see it
    }
  }
  return out;
}

const canonical = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => JSON.stringify([e.instancePath, e.schemaPath, e.keyword, e.params, e.message])).sort();

/** Both validators on one document: the same verdict and the same errors. */
function agree(name: string, validator: string, value: unknown): number {
  const ours = (generated as unknown as Record<string, ValidateFunction>)[validator]!;
  const theirs = stock.get(validator)!;
  const valid = ours(value);
  assert.equal(valid, theirs(value), `${name} (${validator}): valid`);
  assert.deepEqual(canonical(ours.errors), canonical(theirs.errors), `${name} (${validator}): errors`);
  return ours.errors?.length ?? 0;
}

const validatorsOf = (kind: Kind) => [kind, `${kind}Strict`].filter((v) => stock.has(v));

test('the corpus reaches every validator, and some of its documents are invalid', async () => {
  const docs = await corpus();
  assert.deepEqual([...new Set(docs.map((d) => d.kind))].sort(), [...KINDS].sort());
  let errors = 0;
  for (const { kind, name, value } of docs) for (const v of validatorsOf(kind)) errors += agree(name, v, value);
  assert.ok(errors > 0, 'the broken corpus produces errors');
});

test('seeded mutations of every document: the generated validators report exactly ajv’s errors', async () => {
  let invalid = 0;
  let checked = 0;
  for (const [n, { kind, name, value }] of (await corpus()).entries()) {
    if (depth(value) > 64) continue; // the deep document is checked whole in the test above
    for (let round = 0; round < 60; round++) {
      const seed = n * 1000 + round;
      const next = rng(seed);
      let doc = mutate(value, next);
      if (next() < 0.3) doc = mutate(doc, next);
      for (const v of validatorsOf(kind)) {
        if (agree(`${name} seed ${seed}`, v, doc) > 0) invalid++;
        checked++;
      }
    }
  }
  assert.ok(checked > 1000 && invalid > checked / 4, `${invalid} of ${checked} mutated documents invalid`);
});

test('a dense profile (hour lists and hour objects, large maps) and its mutations agree too', () => {
  const profile = JSON.parse(bigProfile(64 * 1024)) as Record<string, unknown>;
  assert.equal(agree('dense profile', 'profile', profile), 0);
  const hours = profile.DateToActiveHoursMap as Record<string, unknown>;
  const days = Object.keys(hours);
  hours[days[3]!] = { 8: 1, 24: 2, x: 3, 9: -1, 10: 1.5 };
  hours[days[4]!] = [8, 9, 8];
  hours[days[5]!] = Array.from({ length: 40 }, (_, i) => i % 24);
  hours['2025-02-30T01:00:00Z'] = [1];
  (profile.AccessedResourceIdToTimeMapping as Record<string, unknown>)['not an id'] = 7;
  profile.Unknown = true;
  for (const v of validatorsOf('profile')) assert.ok(agree('broken dense profile', v, profile) >= 6);
});

test('edge shapes of schema, compiled both ways at run time: the same errors', async () => {
  const { createValidatorAjv } = await import('../../scripts/generate-validators.mjs');
  const fast = createValidatorAjv();
  const plain = createValidatorAjv({ fast: false });
  const time = { type: 'string', pattern: '^\\d{2}:\\d{2}$' };
  const schemas: object[] = [
    { type: 'object', properties: {}, additionalProperties: false }, // nothing listed: ajv's own code
    { type: 'object', properties: { a: {}, b: { type: 'integer' } }, additionalProperties: false }, // a listed property that accepts anything
    { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: time }, // unlisted keys checked by a schema
    { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: true }, // open: no key walk at all
    { type: 'object', properties: { a: { type: 'integer' } }, patternProperties: { '^x': time }, additionalProperties: false },
    { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: time }, // a map
    { type: 'object', propertyNames: { maxLength: 3 }, properties: { long: time }, additionalProperties: false },
    { type: 'array', uniqueItems: true, items: { type: ['integer', 'string'] } },
    { type: 'array', uniqueItems: true, items: { type: 'object' } },
  ];
  const values: unknown[] = [
    {}, { a: 1 }, { a: 'x' }, { b: 1.5 }, { c: '12:30' }, { c: 'noon' }, { xy: '1:2' }, { long: '12:00' }, { ABC: '12:00' },
    JSON.parse('{"__proto__": 1, "a": 2}'), [], [1, 1], [1, '1'], ['a', 'b', 'a'], Array.from({ length: 40 }, (_, i) => i % 33),
    [{ a: 1 }, { a: 1 }], [{}, []], 'not an object', null,
  ];
  let compared = 0;
  for (const schema of schemas) {
    const ours = fast.compile(schema);
    const theirs = plain.compile(schema);
    for (const value of values) {
      const what = `${JSON.stringify(schema)} on ${JSON.stringify(value)}`;
      assert.equal(ours(value), theirs(value), what);
      assert.deepEqual(canonical(ours.errors), canonical(theirs.errors), what);
      compared++;
    }
  }
  assert.equal(compared, schemas.length * values.length);
});
