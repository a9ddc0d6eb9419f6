/**
 * Issue 4: validating a 1 MB Unique Entity Profile Json — ours (JSON.parse + duplicate-key check + the
 * ajv validator generated at build time) against JSON.parse alone and against vscode-json-languageservice
 * `parseJSONDocument` + `doValidation` with the same schema, in the same run; and the CLI's
 * `validate` over the generated 30 000-file workspace, in files per second.
 */
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { runCli } from '../src/cli/run';
import { loadText } from '../src/core/loader';
import { SCHEMAS } from '../src/core/schemas';
import { schemaProblems, validateRecord } from '../src/core/validate';
import { compare, timeIt, type BenchContext, type BenchReport } from './harness';
import { entityId, largeWorkspace } from './generate';

/** A user profile of about `bytes` bytes: years of active hours, many accessed resources and source computers. */
export function bigProfile(bytes: number): string {
  const profile: Record<string, unknown> = {
    $type: 'UserProfile', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, UniqueEntityId: entityId(0),
    SystemCreationTime: '2019-06-01T11:42:07.1853221Z', LastSeenTime: '2025-01-17T17:02:11.23Z',
    ActiveDates: [] as string[], DateToActiveHoursMap: {}, AccessedResourceIdToTimeMapping: {}, SourceComputerIdToTimeMapping: {},
  };
  const dates = profile.ActiveDates as string[];
  const hours = profile.DateToActiveHoursMap as Record<string, unknown>;
  const accessed = profile.AccessedResourceIdToTimeMapping as Record<string, string>;
  const sources = profile.SourceComputerIdToTimeMapping as Record<string, string>;
  for (let i = 0; JSON.stringify(profile, null, 2).length < bytes; i++) {
    for (let k = 0; k < 50; k++) {
      const n = i * 50 + k;
      const day = new Date(Date.UTC(2019, 0, 1) + n * 86400000).toISOString();
      dates.push(day.slice(0, 10));
      hours[day.slice(0, 10)] = n % 2 ? [8, 9, 10, 11, 13, 14, 15, 16] : { 8: 21, 9: 5, 10: 12, 13: 10, 16: 8 };
      accessed[entityId(100000 + n)] = day.replace('.000Z', '.1234567Z');
      sources[entityId(200000 + n)] = day;
    }
  }
  return JSON.stringify(profile, null, 2);
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
  const rounds = ctx.quick ? 3 : 15;
  const parsed = JSON.parse(text) as unknown;
  const validatorOnly = () => {
    if (schemaProblems('profile', parsed).length) throw new Error('the benchmark profile is invalid');
  };
  const [tFloor, tOurs] = await compare(floor, ours, rounds);
  const [tFloor2, tValidator] = await compare(floor, validatorOnly, rounds);
  const [tFloor3, tEditor] = await compare(floor, oursEditor, rounds);
  const tTheirs = await timeIt(theirs, ctx.quick ? 2 : 7);
  // doValidation alone, on a document the language service parsed beforehand (validator vs validator).
  const jsonDocument = service.parseJSONDocument(document);
  const tTheirsValidate = await timeIt(() => service.doValidation(document, jsonDocument, { schemaValidation: 'error' }), ctx.quick ? 2 : 7);
  const editorVsParse = tEditor.median / tFloor3.median;
  const validatorSpeedup = tTheirsValidate.median / tValidator.median;
  const vsParse = tOurs.median / tFloor.median;
  const validatorVsParse = tValidator.median / tFloor2.median;
  const speedup = tTheirs.median / tOurs.median;

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
      { what: 'vscode-json-languageservice parseJSONDocument + doValidation', value: round(tTheirs.median), unit: 'ms' },
      {
        what: 'language service ÷ ours (whole file)', value: round(speedup), unit: '×', target: '≥ 10× faster', met: speedup >= 10,
      },
      { what: 'vscode-json-languageservice doValidation alone (document parsed beforehand)', value: round(tTheirsValidate.median), unit: 'ms' },
      {
        what: 'doValidation alone ÷ our validator alone', value: round(validatorSpeedup), unit: '×', target: '≥ 10× faster', met: validatorSpeedup >= 10,
      },
      { what: `CLI validate, ${files.toLocaleString('en-US')} files (json output)`, value: round(cli.median), unit: 'ms' },
      { what: 'CLI validate throughput', value: filesPerSecond, unit: 'files/s' },
    ],
    notes: [
      'Profile: a synthetic user profile of dense maps (≈2 600 dates with active hours, 5 200 resources and source computers → ≈21 000 keys, each key and time checked by a pattern): the validator\'s worst case per byte.',
      'Medians of alternating runs (ours vs JSON.parse) after a warm-up; the language service timed right after, same process and text.',
      'The whole-file pipeline adds the duplicate-key check (a walk over the parsed value plus a count in the text), about 0.6× a JSON.parse.',
      'CLI: `atp-workbench validate . --format json` run in-process through runCli (the bundled CLI runs the same code), warm page cache.',
    ],
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
