// Faster code for three keyword patterns that dominate dense profiles, for the generated validators.
// All go through ajv's keyword API and keep ajv's semantics and error objects (keyword, params,
// schemaPath), so the problems built from them do not change.
//
// 1. `uniqueItems`: ajv checks an array of scalars by building an object keyed by the items, one allocation and
// dictionary store per array. Profiles hold thousands of short hour lists ([8, 9, 10, …]); on the
// 1 MB benchmark profile that cost ~0.5 ms of a 3.6 ms validation. For up to SHORT items a nested
// `===` loop does the same job without allocating. Longer arrays keep ajv's own approach, and
// arrays of objects or arrays keep ajv's deep-equality loop. The error (keyword, params {i, j},
// message) is the one ajv reports, for the same pair of items: i is the highest index that has a
// later equal item and j is the nearest such item.
//
// 2. A map (`propertyNames` + an `additionalProperties` schema, no `properties`/`patternProperties`):
// ajv walks the keys twice, once per keyword, and `for…in` over a dictionary-mode object of
// thousands of keys is most of the validator's time (a CPU profile put 70% on the `for…in` lines).
// Here one walk checks each key and then its value; errors come out per key instead of all key
// errors first, which the problem builder does not depend on.
//
// 3. A closed object (`properties` + `additionalProperties` false or a schema): ajv looks up every
// listed property (`data["0"] !== undefined && hasOwnProperty`) and then walks the keys again to find
// the unlisted ones. Hour objects of a profile list 24 properties ("0" to "23") and hold about 5, so
// that was 24 lookups and 5 hasOwnProperty calls per object: 12% of the dense benchmark profile.
// Here the key walk that additionalProperties needs anyway dispatches each key to its property's
// schema (an `===` chain on interned strings) or to the additional-property check. Same errors, in
// key order instead of schema order.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { _, str, not } = require('ajv/dist/compile/codegen');
const { checkDataTypes, getSchemaTypes, DataType } = require('ajv/dist/compile/validate/dataType');
const { useFunc, alwaysValidSchema, Type } = require('ajv/dist/compile/util');
const N = require('ajv/dist/compile/names').default;
const { allSchemaProperties } = require('ajv/dist/vocabularies/code');
const equal = require('ajv/dist/runtime/equal').default;

/** Arrays up to this length are checked pairwise; the pair count (n²/2 = 512) stays below one allocation's cost. */
const SHORT = 32;

export function useFastCodegen(ajv) {
  useFastUniqueItems(ajv);
  useOneWalkForObjects(ajv);
}

function useFastUniqueItems(ajv) {
  const original = ajv.getKeyword('uniqueItems');
  if (!original || typeof original !== 'object') throw new Error('ajv has no uniqueItems keyword to replace');
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    $data: true,
    error: {
      message: ({ params: { i, j } }) => str`must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
      params: ({ params: { i, j } }) => _`{i: ${i}, j: ${j}}`,
    },
    code(cxt) {
      const { gen, data, $data, schema, parentSchema, schemaCode, it } = cxt;
      if (!$data && !schema) return;
      const valid = gen.let('valid');
      const itemTypes = parentSchema.items ? getSchemaTypes(parentSchema.items) : [];
      const scalars = itemTypes.length > 0 && !itemTypes.some((t) => t === 'object' || t === 'array');
      cxt.block$data(valid, validateUniqueItems, _`${schemaCode} === false`);
      cxt.ok(valid);

      function validateUniqueItems() {
        const len = gen.const('len', _`${data}.length`);
        const i = gen.let('i', len);
        const j = gen.let('j');
        cxt.setParams({ i, j });
        gen.assign(valid, true);
        if (!scalars) return gen.if(_`${i} > 1`, () => pairwiseDeep(i, j));
        gen.if(_`${i} > 1 && ${i} <= ${SHORT}`);
        pairwise(i, j, len);
        gen.elseIf(_`${i} > ${SHORT}`);
        keyed(i, j);
        gen.endIf();
      }

      function pairwise(i, j, len) {
        const item = gen.name('item');
        const outer = gen.name('outer');
        const wrongType = checkDataTypes(itemTypes, item, it.opts.strictNumbers, DataType.Wrong);
        gen.label(outer).for(_`;${i}--;`, () => {
          gen.let(item, _`${data}[${i}]`);
          gen.if(wrongType, _`continue`);
          gen.for(_`${j} = ${i} + 1; ${j} < ${len}; ${j}++`, () =>
            gen.if(_`${data}[${j}] === ${item}`, () => {
              cxt.error();
              gen.assign(valid, false).break(outer);
            }),
          );
        });
      }

      // ajv's own check for scalars (vocabularies/validation/uniqueItems.ts, loopN).
      function keyed(i, j) {
        const item = gen.name('item');
        const wrongType = checkDataTypes(itemTypes, item, it.opts.strictNumbers, DataType.Wrong);
        const indices = gen.const('indices', _`{}`);
        gen.for(_`;${i}--;`, () => {
          gen.let(item, _`${data}[${i}]`);
          gen.if(wrongType, _`continue`);
          if (itemTypes.length > 1) gen.if(_`typeof ${item} == "string"`, _`${item} += "_"`);
          gen
            .if(_`typeof ${indices}[${item}] == "number"`, () => {
              gen.assign(j, _`${indices}[${item}]`);
              cxt.error();
              gen.assign(valid, false).break();
            })
            .code(_`${indices}[${item}] = ${i}`);
        });
      }

      // ajv's own check for items that may be objects or arrays (loopN2).
      function pairwiseDeep(i, j) {
        const eql = useFunc(gen, equal);
        const outer = gen.name('outer');
        gen.label(outer).for(_`;${i}--;`, () =>
          gen.for(_`${j} = ${i}; ${j}--;`, () =>
            gen.if(_`${eql}(${data}[${i}], ${data}[${j}])`, () => {
              cxt.error();
              gen.assign(valid, false).break(outer);
            }),
          ),
        );
      }
    },
  });
}

const isSchemaObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A map whose keys and values can be checked in one walk. */
function isPlainMap(schema) {
  return isSchemaObject(schema.propertyNames) && isSchemaObject(schema.additionalProperties) && schema.properties === undefined && schema.patternProperties === undefined;
}

/** An object whose listed properties and unlisted keys can be checked in the one key walk additionalProperties makes. */
function isClosedObject(cxt) {
  const { parentSchema, it } = cxt;
  const additional = parentSchema.additionalProperties;
  return (
    isSchemaObject(parentSchema.properties) && allSchemaProperties(parentSchema.properties).length > 0 && parentSchema.patternProperties === undefined &&
    (additional === false || (isSchemaObject(additional) && !alwaysValidSchema(it, additional))) &&
    !it.opts.removeAdditional && !it.opts.useDefaults && !it.opts.unevaluated
  );
}

function useOneWalkForObjects(ajv) {
  const names = ajv.getKeyword('propertyNames');
  const additional = ajv.getKeyword('additionalProperties');
  const properties = ajv.getKeyword('properties');
  if (typeof names !== 'object' || typeof additional !== 'object' || typeof properties !== 'object') {
    throw new Error('ajv has no propertyNames / additionalProperties / properties keyword to replace');
  }
  for (const keyword of ['propertyNames', 'additionalProperties', 'properties']) ajv.removeKeyword(keyword);
  ajv.addKeyword({
    ...names,
    trackErrors: true, // for errsCount: the walk is valid when it added no error
    code(cxt) {
      if (!isPlainMap(cxt.parentSchema)) return names.code(cxt);
      const { gen, schema, data, it } = cxt;
      it.props = true; // as additionalProperties does: every property is evaluated
      const checkKeys = !alwaysValidSchema(it, schema);
      const checkValues = !alwaysValidSchema(it, cxt.parentSchema.additionalProperties);
      if (!checkKeys && !checkValues) return;
      const validKey = gen.name('valid');
      const validValue = gen.name('valid');
      gen.forIn('key', data, (key) => {
        if (checkKeys) {
          // propertyNames, as ajv generates it
          cxt.setParams({ propertyName: key });
          cxt.subschema({ keyword: 'propertyNames', data: key, dataTypes: ['string'], propertyName: key, compositeRule: true }, validKey);
          gen.if(not(validKey), () => {
            cxt.error(true);
            if (!it.allErrors) gen.break();
          });
        }
        if (checkValues) {
          // additionalProperties with a schema, as ajv generates it
          cxt.subschema({ keyword: 'additionalProperties', dataProp: key, dataPropType: Type.Str }, validValue);
          if (!it.allErrors) gen.if(not(validValue), () => gen.break());
        }
      });
      cxt.ok(_`${cxt.errsCount} === ${N.errors}`);
    },
  });
  ajv.addKeyword({
    ...additional,
    code(cxt) {
      // A map is checked in propertyNames' walk, which ajv runs first (it comes before additionalProperties in ajv's rules).
      if (isPlainMap(cxt.parentSchema)) return;
      if (!isClosedObject(cxt)) return additional.code(cxt);
      const { gen, schema, parentSchema, data, it } = cxt;
      it.props = true;
      // Listed properties whose schema accepts anything need no code, but they are still not additional.
      const listed = allSchemaProperties(parentSchema.properties);
      const checked = new Set(listed.filter((p) => !alwaysValidSchema(it, parentSchema.properties[p])));
      const valid = gen.name('valid');
      gen.forIn('key', data, (key) => {
        listed.forEach((prop, n) => {
          const test = _`${key} === ${prop}`;
          if (n === 0) gen.if(test);
          else gen.elseIf(test);
          if (!checked.has(prop)) return;
          // properties, as ajv generates it, for a property known to be present
          cxt.subschema({ keyword: 'properties', schemaProp: prop, dataProp: prop }, valid);
          if (!it.allErrors) gen.if(not(valid), () => gen.break());
        });
        gen.else();
        // additionalProperties, as ajv generates it
        if (schema === false) {
          cxt.setParams({ additionalProperty: key });
          cxt.error();
          if (!it.allErrors) gen.break();
        } else {
          cxt.subschema({ keyword: 'additionalProperties', dataProp: key, dataPropType: Type.Str }, valid);
          if (!it.allErrors) gen.if(not(valid), () => gen.break());
        }
        gen.endIf();
      });
      cxt.ok(_`${cxt.errsCount} === ${N.errors}`);
    },
  });
  ajv.addKeyword({
    ...properties,
    code(cxt) {
      // Checked in additionalProperties' walk, which ajv runs first (it comes before properties in ajv's rules).
      if (!isClosedObject(cxt)) return properties.code(cxt);
      for (const prop of allSchemaProperties(cxt.schema)) cxt.it.definedProperties.add(prop);
    },
  });
}
