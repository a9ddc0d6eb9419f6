/**
 * Validating a 1 MB Unique Entity Profile Json — ours (JSON.parse + duplicate-key check + the
 * ajv validator generated at build time) against JSON.parse alone and against vscode-json-languageservice
 * `parseJSONDocument` + `doValidation` with the same schema, in the same run; and the CLI's
 * `validate` over the generated 30 000-file workspace, in files per second.
 */
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { runCli } from '../src/cli/run';
import { loadText } from '../src/core/loader';
import { SCHEMAS } from '../src/core/validation/schemas';
import { schemaProblems, validateRecord } from '../src/core/validation/validate';
import { compare, compareInBlocks, timeIt, type BenchContext, type BenchReport } from './harness';
import { entityId, largeWorkspace } from './generate';

/**
 * Shapes of 1 MB profile. `dense` is the benchmark's main one and the validator's worst case per byte:
 * days alternate between the two shapes of active hours (a list, an object of counts), so every key
 * and value is checked. The other two show how the ratio to the language service moves with content.
 */
export type ProfileShape = 'dense' | 'hourLists' | 'timeMaps';

/** A user profile of about `bytes` bytes: years of active hours, many accessed resources and source computers. */
export function bigProfile(bytes: number, shape: ProfileShape = 'dense'): string {
  const profile: Record<string, unknown> = {
    $type: 'UserProfile', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, UniqueEntityId: entityId(0),
    SystemCreationTime: '2019-06-01T11:42:07.1853221Z', LastSeenTime: '2025-01-17T17:02:11.23Z',
    AccessedResourceIdToTimeMapping: {}, SourceComputerIdToTimeMapping: {},
  };
  const withHours = shape !== 'timeMaps';
  const dates: string[] = [];
  const hours: Record<string, unknown> = {};
  if (withHours) Object.assign(profile, { ActiveDates: dates, DateToActiveHoursMap: hours });
  const accessed = profile.AccessedResourceIdToTimeMapping as Record<string, string>;
  const sources = profile.SourceComputerIdToTimeMapping as Record<string, string>;
  for (let i = 0; JSON.stringify(profile, null, 2).length < bytes; i++) {
    for (let k = 0; k < 50; k++) {
      const n = i * 50 + k;
      const day = new Date(Date.UTC(2019, 0, 1) + n * 86400000).toISOString();
      if (withHours) {
        dates.push(day.slice(0, 10));
        hours[day.slice(0, 10)] = shape === 'hourLists' || n % 2 ? [8, 9, 10, 11, 13, 14, 15, 16] : { 8: 21, 9: 5, 10: 12, 13: 10, 16: 8 };
      }
      accessed[entityId(100000 + n)] = day.replace('.000Z', '.1234567Z');
      sources[entityId(200000 + n)] = day;
    }
  }
  return JSON.stringify(profile, null, 2);
}

/** Our validator and the language service's doValidation on one text, each on its own parse, in alternating blocks. */
async function validatorsCompared(text: string, ctx: BenchContext) {
  const service = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error(`no fetch: ${uri}`)) });
  service.configure({ validate: true, schemas: [{ uri: 'atp://profile.schema.json', fileMatch: ['*.profile.json'], schema: SCHEMAS.profile }] });
  const document = TextDocument.create('atp://bench/shape.profile.json', 'json', 1, text);
  const jsonDocument = service.parseJSONDocument(document);
  const parsed = JSON.parse(text) as unknown;
  const theirs = async () => {
    const diagnostics = await service.doValidation(document, jsonDocument, { schemaValidation: 'error' });
    if (diagnostics.length) throw new Error(`the language service disagrees: ${diagnostics[0]!.message}`);
  };
  const ours = () => {
    if (schemaProblems('profile', parsed).length) throw new Error('the benchmark profile is invalid');
  };
  const [tTheirs, tOurs] = await compareInBlocks(theirs, ours, ctx.quick ? 1 : 5, ctx.quick ? 2 : 5);
  return { theirs: tTheirs.median, ours: tOurs.median, ratio: tTheirs.median / tOurs.median };
}

/** What a profile holds, for the notes. */
function describeProfile(text: string): string {
  const p = JSON.parse(text) as Record<string, unknown>;
  const size = (k: string) => { const v = p[k]; return Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0; };
  const keys = (text.match(/":/g) ?? []).length;
  const days = size('DateToActiveHoursMap');
  return `${(text.length / 1024 / 1024).toFixed(2)} MB: ${days ? `${days.toLocaleString('en-US')} days of active hours` : 'no active hours'}, ${size('AccessedResourceIdToTimeMapping').toLocaleString('en-US')} accessed resources and ${size('SourceComputerIdToTimeMapping').toLocaleString('en-US')} source computers with times; ${keys.toLocaleString('en-US')} keys`;
}

export default async function validationBench(ctx: BenchContext): Promise<BenchReport> {
  const text = bigProfile(1024 * 1024);
  ctx.log(`profile: ${(text.length / 1024 / 1024).toFixed(2)} MB`);
  const ours = async () => {
    const record = loadText('/bench/big.profile.json', 'profile', text);
    const problems = await validateRecord(record, undefined, () => text);
    if (problems.length) throw new Error(`the benchmark profile is invalid: ${problems[0]!.message}`);
  };
  // The editor's path for an open json document: VS Code's JSON support reports duplicate keys there.
  const oursEditor = async () => {
    const record = loadText('/bench/big.profile.json', 'profile', text, undefined, { duplicateKeys: false });
    const problems = await validateRecord(record, undefined, () => text);
    if (problems.length) throw new Error(`the benchmark profile is invalid: ${problems[0]!.message}`);
  };
  const floor = () => JSON.parse(text);
  const service = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error(`no fetch: ${uri}`)) });
  service.configure({ validate: true, schemas: [{ uri: 'atp://profile.schema.json', fileMatch: ['*.profile.json'], schema: SCHEMAS.profile }] });
  const document = TextDocument.create('atp://bench/big.profile.json', 'json', 1, text);
  const theirs = async () => {
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' });
    if (diagnostics.length) throw new Error(`the language service disagrees: ${diagnostics[0]!.message}`);
  };
  const rounds = ctx.quick ? 3 : 31; // a shared machine: more rounds, steadier medians
  const parsed = JSON.parse(text) as unknown;
  const validatorOnly = () => {
    if (schemaProblems('profile', parsed).length) throw new Error('the benchmark profile is invalid');
  };
  // Every pair alternates (drift and garbage collection hit both sides alike) after the same warm-up.
  const warmup = ctx.quick ? 1 : 5;
  const [tFloor, tOurs] = await compare(floor, ours, rounds, warmup);
  const [tFloor2, tValidator] = await compare(floor, validatorOnly, rounds, warmup);
  const [tFloor3, tEditor] = await compare(floor, oursEditor, rounds, warmup);
  const blocks = ctx.quick ? 1 : 5;
  const [tTheirs, tOurs2] = await compareInBlocks(theirs, ours, blocks, ctx.quick ? 2 : 5);
  // doValidation alone, on a document the language service parsed beforehand (validator vs validator).
  const jsonDocument = service.parseJSONDocument(document);
  const theirsValidate = () => service.doValidation(document, jsonDocument, { schemaValidation: 'error' });
  const [tTheirsValidate, tValidator2] = await compareInBlocks(theirsValidate, validatorOnly, blocks, ctx.quick ? 2 : 5);
  const editorVsParse = tEditor.median / tFloor3.median;
  const validatorSpeedup = tTheirsValidate.median / tValidator2.median;
  const vsParse = tOurs.median / tFloor.median;
  const validatorVsParse = tValidator.median / tFloor2.median;
  const speedup = tTheirs.median / tOurs2.median;

  const hourListsText = bigProfile(1024 * 1024, 'hourLists');
  const timeMapsText = bigProfile(1024 * 1024, 'timeMaps');
  const hourLists = await validatorsCompared(hourListsText, ctx);
  const timeMaps = await validatorsCompared(timeMapsText, ctx);

  const ws = largeWorkspace(ctx.root, ctx.quick);
  let output = '';
  const io = { cwd: ws, env: {}, out: (t: string) => { output = t; }, err: () => {} };
  const cli = await timeIt(() => runCli(['validate', '.', '--format', 'json'], io), ctx.quick ? 1 : 3, 1);
  const summary = JSON.parse(output) as { files: number; counts: Record<string, number> };
  const files = summary.files;
  const filesPerSecond = Math.round(files / (cli.median / 1000));
  ctx.log(`workspace: ${files} files, problems ${JSON.stringify(summary.counts)}`);

  return {
    name: 'validation',
    title: 'Validating a 1 MB Unique Entity Profile Json, and the CLI over a generated workspace',
    rows: [
      { what: 'JSON.parse of the 1 MB profile (the floor)', value: round(tFloor.median), unit: 'ms' },
      {
        what: 'ours, validation step: the generated ajv validator on the parsed profile', value: round(tValidator.median), unit: 'ms',
        baseline: { what: 'JSON.parse', value: round(tFloor2.median) }, target: '≤ 2× JSON.parse', met: validatorVsParse <= 2,
      },
      {
        what: 'ours, whole file as the CLI and closed files run it: parse + duplicate-key check + validator', value: round(tOurs.median), unit: 'ms',
        baseline: { what: 'JSON.parse', value: round(tFloor.median) }, target: '≤ 2× JSON.parse', met: vsParse <= 2,
      },
      { what: 'whole file ÷ JSON.parse', value: round(vsParse), unit: '×' },
      {
        what: 'ours, open json document in the editor: parse + validator (VS Code itself reports duplicate keys there)', value: round(tEditor.median), unit: 'ms',
        baseline: { what: 'JSON.parse', value: round(tFloor3.median) }, target: '≤ 2× JSON.parse', met: editorVsParse <= 2,
      },
      { what: 'vscode-json-languageservice parseJSONDocument + doValidation', value: round(tTheirs.median), unit: 'ms', baseline: { what: 'ours, whole file, alternated with it', value: round(tOurs2.median) } },
      {
        what: 'language service ÷ ours (whole file)', value: round(speedup), unit: '×', target: '≥ 10× faster', met: speedup >= 10,
      },
      { what: 'vscode-json-languageservice doValidation alone (document parsed beforehand)', value: round(tTheirsValidate.median), unit: 'ms', baseline: { what: 'our validator, alternated with it', value: round(tValidator2.median) } },
      {
        what: 'doValidation alone ÷ our validator alone', value: round(validatorSpeedup), unit: '×', target: '≥ 10× faster', met: validatorSpeedup >= 10,
      },
      {
        what: `other shape — active hours as lists only: doValidation ${round(hourLists.theirs)} ms ÷ our validator ${round(hourLists.ours)} ms`, value: round(hourLists.ratio), unit: '×',
        target: '≥ 10× faster', met: hourLists.ratio >= 10,
      },
      {
        what: `other shape — id → time maps only (no active hours): doValidation ${round(timeMaps.theirs)} ms ÷ our validator ${round(timeMaps.ours)} ms`, value: round(timeMaps.ratio), unit: '×',
        target: '≥ 10× faster', met: timeMaps.ratio >= 10,
      },
      { what: `CLI validate, ${files.toLocaleString('en-US')} files (json output)`, value: round(cli.median), unit: 'ms' },
      { what: 'CLI validate throughput', value: filesPerSecond, unit: 'files/s' },
    ],
    notes: [
      `Main profile (dense): ${describeProfile(text)}. Days alternate between a list of hours and an object of hour → count; every key and time is checked by a pattern: the validator's worst case per byte.`,
      `Other shapes, ratio rows only: active hours as lists only (${describeProfile(hourListsText)}); id → time maps only (${describeProfile(timeMapsText)}).`,
      'Why the maps-only shape is our weakest ratio: JSON.parse stores an object of more than ~1 000 keys in dictionary mode, and enumerating it (for…in, Object.keys) costs V8 40-80 ns a key because it sorts the keys back into insertion order; the language service walks its own array of property nodes. Our validator spends about 150 ns on a map entry, 60% of it in that enumeration (the rest is the value lookup and its pattern); the language service spends about 1 µs. On the dense profile a CPU profile puts about 40% of the validator\'s time on Object.keys of its three large maps.',
      'Ours vs JSON.parse: medians of strictly alternating runs after the same warm-up (the validator then checks an object graph the parse just pushed out of the CPU caches: the pessimistic case).',
      'Ours vs the language service: medians of 5 alternating blocks of 5 runs each, each block after 2 warm-up runs, same process and text. Strict alternation would time cache misses: one language-service run allocates far more than the CPU caches hold and evicts our object graph (our validator then takes ~3.7 ms instead of ~2.7).',
      'The whole-file pipeline adds the duplicate-key check (a walk over the parsed value plus a count in the text), about 0.6× a JSON.parse.',
      'CLI: `atp-workbench validate . --format json` run in-process through runCli (the bundled CLI runs the same code), warm page cache.',
    ],
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
