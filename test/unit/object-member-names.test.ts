// Fixture text is untrusted: a value that happens to be the name of one of Object's members ("constructor",
// "__proto__", "toString"…) is an unknown value like any other, for every command and every view model.
// A role named "constructor" once made validation call `includes` on a function, and export name a sheet
// after one.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { buildEvidence } from '../../src/core/evidence';
import { loadFolderVerdicts } from '../../src/core/verdicts';
import { SAMPLES } from './corpus';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

type Json = Record<string, unknown>;
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : []);

/** The samples, with every enumerated or catalog-keyed value of each fixture set to one of NAMES (in turn). */
function hostileWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-member-names-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(SAMPLES, root, { recursive: true });
  const rewrite = (rel: string, change: (doc: Json, name: string) => void) => {
    const dir = path.join(root, rel);
    fs.readdirSync(dir).sort().forEach((file, i) => {
      const full = path.join(dir, file);
      const doc = JSON.parse(fs.readFileSync(full, 'utf8')) as Json;
      change(doc, NAMES[i % NAMES.length]!);
      fs.writeFileSync(full, JSON.stringify(doc, null, 2) + '\n');
    });
  };
  rewrite('alerts', (a, name) => {
    Object.assign(a, { severity: name, status: name, phase: name, type: name });
    if (NAMES.indexOf(name) % 2 === 0) a.externalId = name;
    for (const e of objects(a.entities)) e.role = name;
    for (const n of objects(a.networkActivities)) {
      n.protocol = name;
      for (const side of [n.source, n.destination]) if (side && typeof side === 'object') Object.assign(side, { certainty: name, resolutionMethods: [name] });
    }
    for (const e of objects(a.eventActivities)) e.provider = name;
  });
  rewrite('entities', (e, name) => Object.assign(e, { $type: name }));
  const ledgerFile = path.join(root, '.atp', 'classifications.json');
  const ledger = JSON.parse(fs.readFileSync(ledgerFile, 'utf8')) as { alerts: Record<string, Json> };
  Object.values(ledger.alerts).forEach((record, i) => Object.assign(record, { verdict: NAMES[i % NAMES.length], determination: NAMES[(i + 1) % NAMES.length] }));
  fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2) + '\n');
  return root;
}

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const noInternalError = (r: { code: number; out: string; err: string }, what: string) => {
  assert.doesNotMatch(r.err, /internal error|is not a function|Cannot (read|convert)/, `${what}: ${r.err}`);
  assert.ok(r.code === 0 || r.code === 1, `${what} exited ${r.code}: ${r.err}`);
};

test('validate, list, export, coverage and verdicts treat values named after Object members as unknown values', async () => {
  const root = hostileWorkspace();
  const validate = await cli(['validate', '.'], root);
  noInternalError(validate, 'validate');
  assert.equal(validate.code, 1, 'the unknown values are schema errors');
  assert.match(validate.out, /"constructor" is not an allowed value for "severity"/);
  assert.match(validate.out, /"__proto__" is not an allowed value for "\$type"/);
  for (const groupBy of ['phase', 'type', 'entity', 'verdict']) {
    const list = await cli(['list', '.', '--group-by', groupBy], root);
    noInternalError(list, `list --group-by ${groupBy}`);
    assert.doesNotMatch(list.out, /function|\[native code\]|\[object /, `list --group-by ${groupBy} shows no Object member`);
  }
  const out = path.join(root, 'reports');
  const exported = await cli(['export', '.', '-o', out], root);
  noInternalError(exported, 'export');
  const alerts = fs.readdirSync(path.join(root, 'alerts')).length;
  assert.match(exported.err + exported.out, new RegExp(`${alerts} of ${alerts} alert reports written`));
  for (const command of [['coverage', '.'], ['verdicts', '.']]) noInternalError(await cli(command, root), command[0]!);
});

test('the evidence model of each such alert is plain data (what the panel is sent)', async () => {
  const root = hostileWorkspace();
  const { index, lookup } = await loadFolderVerdicts([root]);
  let built = 0;
  for (const { alert } of index.alerts()) {
    const evidence = buildEvidence(index, String(alert.id), lookup);
    assert.ok(evidence, `the evidence of ${String(alert.id)}`);
    // structuredClone refuses functions, as postMessage does
    assert.doesNotThrow(() => structuredClone(evidence.model), `the evidence model of ${String(alert.id)}`);
    assert.doesNotMatch(JSON.stringify(evidence.model), /\[native code\]|function /);
    built++;
  }
  assert.equal(built, fs.readdirSync(path.join(root, 'alerts')).length);
});

test('import: CEF and Graph records whose values name Object members are read, not crashed on', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-member-names-import-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const lines = NAMES.map((name, i) => `CEF:0|Microsoft|${i % 2 ? 'ATA' : 'Azure ATP'}|1.9|${name}|${name}|5|start=2025-01-01T00:00:0${i}.0000000Z shost=${name} suser=CONTOSO\\${name} msg=${name} externalId=${i % 2 ? '2010' : name} cs1Label=url cs1=https\\://contoso.atp.azure.com/securityAlert/0000000${i}-1d2e-4f3a-8b4c-000000000000 cs2Label=trigger cs2=${name}`);
  fs.writeFileSync(path.join(root, 'in.log'), lines.join('\n') + '\n');
  const graph = NAMES.map((name, i) => ({
    id: `da00000${i}-0000-4000-8000-000000000000`, providerAlertId: `0000000${i}-2d2e-4f3a-8b4c-000000000000`, serviceSource: 'microsoftDefenderForIdentity',
    detectionSource: 'microsoftDefenderForIdentity', productName: name, title: 'Account enumeration reconnaissance', category: name, severity: 'medium', status: name,
    classification: name, determination: name, createdDateTime: '2025-01-01T00:00:00Z', firstActivityDateTime: '2025-01-01T00:00:00Z',
    evidence: [{ '@odata.type': '#microsoft.graph.security.userEvidence', roles: [name], userAccount: { accountName: name, domainName: name } }],
  }));
  fs.writeFileSync(path.join(root, 'graph.json'), JSON.stringify({ value: graph }));
  for (const input of ['in.log', 'graph.json']) {
    const r = await cli(['import', input, '-o', 'ws', '--format', 'json'], root);
    noInternalError(r, `import ${input}`);
    const report = JSON.parse(r.out) as { alerts: unknown[]; refused: { reason: string }[] };
    assert.ok(report.alerts.length + report.refused.length > 0, `import ${input} reports every record: ${r.out}`);
    for (const { reason } of report.refused) assert.doesNotMatch(reason, /function|\[native code\]/);
  }
  const check = await cli(['validate', 'ws', '--allow-empty'], root);
  assert.doesNotMatch(check.out, /: error: /, `what was imported validates without errors: ${check.out}`);
});
