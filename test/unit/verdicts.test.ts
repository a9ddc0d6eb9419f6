import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { JsonLocator } from '../../src/core/jsonLocator';
import { schemaProblems } from '../../src/core/validation/validate';
import {
  LedgerInvalidError, LedgerLockTimeoutError, LedgerLookup, acquireLock, addExclusion, classify, clearVerdict, emptyLedger, exclusionOf,
  formatFpRate, gitUserName, ledgerFileFor, parseLedger, readLedger, removeExclusion, resolveAuthor, serializeLedger, updateLedger,
  verdictInsight, type Ledger,
} from '../../src/core/verdicts';
import { GUID, tempWorkspace } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', '.atp', 'classifications.json');
const T = '2025-03-01T10:00:00Z';
const stamp = (author = 'Avery', time = T) => ({ author, time });

function ledgerFile(): string {
  return path.join(tempWorkspace({}), '.atp', 'classifications.json');
}

function mustParse(file: string, text: string): Ledger {
  const r = parseLedger(file, text);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.ledger;
}

test('the sample ledger is valid and our serialiser writes it back byte for byte', () => {
  const text = fs.readFileSync(SAMPLE, 'utf8');
  const ledger = mustParse(SAMPLE, text);
  assert.equal(serializeLedger(ledger), text);
  const lookup = new LedgerLookup([ledger]);
  assert.equal(lookup.verdictOf('98b68853-38f5-4214-88fb-196cf176c69b')?.verdict, 'TP');
  assert.equal(lookup.verdictOf('98b68853-38F5-4214-88FB-196CF176C69B')?.verdict, 'TP', 'GUID case does not matter');
  assert.equal(lookup.exclusionFor('2021', 'B877BCAC-E0F3-4348-891A-96E978DB67F7')?.entityName, 'WS-SEC-01');
});

test('classify records a verdict; a new verdict moves the old one into the history; the same one changes nothing', () => {
  const l = emptyLedger();
  assert.equal(classify(l, { alertId: GUID.alert1, verdict: 'B-TP', determination: 'securityTesting', note: '  pen test  ' }, stamp('Noor', '2025-01-01T00:00:00Z')), true);
  assert.deepEqual(l.alerts[GUID.alert1], { verdict: 'B-TP', determination: 'securityTesting', note: 'pen test', author: 'Noor', time: '2025-01-01T00:00:00Z', history: [] });
  assert.equal(classify(l, { alertId: GUID.alert1, verdict: 'B-TP', determination: 'securityTesting', note: 'pen test' }, stamp('Noor')), false);
  assert.equal(classify(l, { alertId: GUID.alert1, verdict: 'TP' }, stamp('Avery')), true);
  const r = l.alerts[GUID.alert1]!;
  assert.equal(r.verdict, 'TP');
  assert.equal(r.note, undefined, 'the old note does not carry over');
  assert.deepEqual(r.history, [{ verdict: 'B-TP', determination: 'securityTesting', note: 'pen test', author: 'Noor', time: '2025-01-01T00:00:00Z' }]);
  assert.deepEqual(schemaProblems('ledger', JSON.parse(serializeLedger(l))), []);
});

test('classify rejects what the schema would reject, before anything is written', () => {
  const l = emptyLedger();
  assert.throws(() => classify(l, { alertId: GUID.alert1, verdict: 'MAYBE' as never }, stamp()), /not a verdict/);
  assert.throws(() => classify(l, { alertId: GUID.alert1, verdict: 'FP', determination: 'bogus' as never }, stamp()), /not a determination/);
  assert.throws(() => classify(l, { alertId: '', verdict: 'FP' }, stamp()), /alert id/);
  assert.throws(() => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp('   ')), /author/);
  assert.equal(Object.keys(l.alerts).length, 0);
});

test('clear keeps the record (cleared) and its history; the lookup then reports no verdict', () => {
  const l = emptyLedger();
  classify(l, { alertId: GUID.alert1, verdict: 'FP', note: 'NNR low certainty' }, stamp('Avery', '2025-01-01T00:00:00Z'));
  assert.equal(clearVerdict(l, GUID.alert1, stamp('Noor', '2025-01-02T00:00:00Z'), 'reopened'), true);
  assert.equal(clearVerdict(l, GUID.alert1, stamp('Noor')), false, 'clearing twice changes nothing');
  assert.equal(clearVerdict(l, GUID.alert2, stamp('Noor')), false, 'nothing to clear');
  const lookup = new LedgerLookup([l]);
  assert.equal(lookup.verdictOf(GUID.alert1), undefined);
  assert.equal(lookup.recordOf(GUID.alert1)?.verdict, 'cleared');
  classify(l, { alertId: GUID.alert1, verdict: 'TP' }, stamp('Jonas', '2025-01-03T00:00:00Z'));
  assert.deepEqual(l.alerts[GUID.alert1]!.history.map((h) => `${h.verdict}/${h.author}`), ['FP/Avery', 'cleared/Noor']);
  assert.deepEqual(schemaProblems('ledger', JSON.parse(serializeLedger(l))), []);
});

test('exclusions: idempotent (GUID case-insensitive), sorted by external ID then entity, found for an alert through its source entity', () => {
  const l = emptyLedger();
  assert.equal(addExclusion(l, { externalId: '2021', entityId: GUID.computer, entityName: 'WS-SEC-01', alertId: GUID.alert1, reason: 'pen-test box' }, stamp()), true);
  assert.equal(addExclusion(l, { externalId: '2021', entityId: GUID.computer.toUpperCase() }, stamp()), false);
  addExclusion(l, { externalId: '2003', entityId: GUID.user }, stamp());
  const doc = JSON.parse(serializeLedger(l));
  assert.deepEqual(doc.exclusions.map((x: { externalId: string }) => x.externalId), ['2003', '2021']);
  assert.deepEqual(Object.keys(doc.exclusions[1]), ['alertId', 'author', 'entityId', 'entityName', 'externalId', 'reason', 'time']);
  const lookup = new LedgerLookup([l]);
  const alert = { id: GUID.alert2, externalId: '2021', entities: [{ role: 'dnsServer', id: GUID.dc }, { role: 'sourceComputer', id: GUID.computer }] };
  assert.equal(exclusionOf(alert, lookup)?.entityName, 'WS-SEC-01');
  assert.equal(exclusionOf({ ...alert, externalId: '2007' }, lookup), undefined, 'the exclusion is per alert type');
  assert.equal(exclusionOf({ ...alert, entities: [{ role: 'dnsServer', id: GUID.computer }] }, lookup), undefined, 'only source entities count');
  assert.throws(() => addExclusion(l, { externalId: 'x', entityId: GUID.user }, stamp()), /external ID/);
  assert.equal(removeExclusion(l, '2021', GUID.computer), true);
  assert.equal(new LedgerLookup([l]).exclusionFor('2021', GUID.computer), undefined);
});

test('updateLedger creates the folder and file, writes canonical text, and leaves no lock or temporary file', async () => {
  const file = ledgerFile();
  const r = await updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp()));
  assert.equal(r.changed, true);
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text, serializeLedger(mustParse(file, text)));
  assert.ok(text.endsWith('}\n') && text.includes('\n  "alerts": {\n    "'), '2-space JSON with a final newline');
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['classifications.json']);
  const again = await updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp()));
  assert.equal(again.changed, false);
  assert.equal(fs.readFileSync(file, 'utf8'), text, 'an unchanged ledger is not rewritten');
});

test('alert ids with quotes, path separators, unicode and prototype names round-trip, and only the ledger file is written', async () => {
  const file = ledgerFile();
  const ids = ['he said "hi"', 'a/b\\c', '../../etc/passwd', 'C:\\alerts\\x', '日本語-ü-🚨', '__proto__', 'constructor', '2024', '10', ' padded ', 'line\nbreak', '\u0000nul'];
  for (const [i, id] of ids.entries()) {
    await updateLedger(file, (l) => classify(l, { alertId: id, verdict: (['TP', 'B-TP', 'FP'] as const)[i % 3], note: `note for ${JSON.stringify(id)}` }, stamp()));
  }
  const read = await readLedger(file);
  assert.equal(read.status, 'ok');
  if (read.status !== 'ok') return;
  const lookup = new LedgerLookup([read.ledger]);
  for (const id of ids) assert.equal(lookup.verdictOf(id)?.note, `note for ${JSON.stringify(id)}`, JSON.stringify(id));
  assert.equal(Object.getPrototypeOf(read.ledger.alerts), null);
  assert.deepEqual(Object.keys(read.ledger.alerts).sort(), [...ids].sort());
  // Keys are written in code-unit order, including integer-like ids that JS objects would hoist.
  const written = [...read.text.matchAll(/^ {4}("(?:[^"\\]|\\.)*"): \{$/gm)].map((m) => JSON.parse(m[1]!) as string);
  assert.deepEqual(written, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['classifications.json'], 'no file named after an id');
  assert.equal(fs.readdirSync(path.dirname(path.dirname(file))).length, 1);
});

test('stable diff: one classification changes only the lines of that record', async () => {
  const file = ledgerFile();
  const ids = ['11111111-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000003'];
  await updateLedger(file, (l) => {
    for (const id of ids) classify(l, { alertId: id, verdict: 'FP', note: `first look at ${id}` }, stamp());
    addExclusion(l, { externalId: '2003', entityId: GUID.user }, stamp());
    return true;
  });
  const beforeText = fs.readFileSync(file, 'utf8');
  const before = beforeText.split('\n');
  await updateLedger(file, (l) => classify(l, { alertId: ids[1]!, verdict: 'TP', determination: 'compromisedAccount' }, stamp('Noor', '2025-03-02T00:00:00Z')));
  const afterText = fs.readFileSync(file, 'utf8');
  const after = afterText.split('\n');
  let start = 0;
  while (before[start] === after[start]) start++;
  let endB = before.length - 1;
  let endA = after.length - 1;
  while (endB >= start && endA >= start && before[endB] === after[endA]) { endB--; endA--; }
  const record = new JsonLocator(afterText).range(['alerts', ids[1]!]);
  assert.ok(start >= record.start.line && endA <= record.end.line, `changed lines ${start + 1}-${endA + 1} lie inside the record (${record.start.line + 1}-${record.end.line + 1})`);
  const old = new JsonLocator(beforeText).range(['alerts', ids[1]!]);
  assert.ok(start >= old.start.line && endB <= old.end.line, `removed lines ${start + 1}-${endB + 1} lie inside the old record (${old.start.line + 1}-${old.end.line + 1})`);
});

test('CRLF ledgers stay CRLF (a Windows checkout does not see every line change)', async () => {
  const file = ledgerFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, fs.readFileSync(SAMPLE, 'utf8').replace(/\n/g, '\r\n'));
  await updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp()));
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text.split('\r\n').length, text.split('\n').length, 'every line ends with CRLF');
});

const CORRUPT: [string, string | Uint8Array, RegExp][] = [
  ['a syntax error', '{\n  "alerts": {\n    "x": {,\n  }\n}\n', /:3:\d+: Invalid JSON/],
  ['a trailing comma', '{\n  "alerts": {},\n  "schemaVersion": 1,\n}\n', /:4:1: Invalid JSON/],
  ['an unknown verdict', '{\n  "alerts": {\n    "x": { "verdict": "MAYBE", "author": "a", "time": "2025-01-01T00:00:00Z", "history": [] }\n  },\n  "schemaVersion": 1\n}\n', /:3:\d+: "MAYBE" is not an allowed value/],
  ['a duplicate key', '{\n  "alerts": {},\n  "alerts": {},\n  "schemaVersion": 1\n}\n', /:3:3: Duplicate key "alerts"/],
  ['an empty file', '', /:1:1: The file is empty/],
  ['a binary file', new Uint8Array([0x7b, 0, 0xff, 0x7d]), /:1:1: The file is binary/],
  ['a future schema version', '{\n  "alerts": {},\n  "schemaVersion": 2\n}\n', /:3:\d+: 2 is not an allowed value/],
];

for (const [what, content, message] of CORRUPT) {
  test(`a ledger with ${what} is refused with file and position, and left byte for byte unchanged`, async () => {
    const file = ledgerFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const bytes = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    await assert.rejects(
      updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp())),
      (err: unknown) => {
        assert.ok(err instanceof LedgerInvalidError);
        assert.ok(err.message.includes(file), err.message);
        assert.match(err.message, message);
        assert.ok(err.problems.length >= 1);
        return true;
      },
    );
    assert.deepEqual(fs.readFileSync(file), bytes);
    assert.equal(fs.statSync(file).mtimeMs, mtime);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['classifications.json'], 'no lock or temporary file left');
  });
}

test('insight: per external ID counts, FP rate = FP / (TP + FP) with B-TP apart, cleared counts as unclassified', () => {
  const l = emptyLedger();
  const a = (id: string, externalId: string, source?: string) => ({ id, externalId, entities: source ? [{ role: 'sourceComputer', id: source }] : [] });
  const alerts = [a('a1', '2018'), a('a2', '2018'), a('a3', '2018'), a('a4', '2018'), a('a5', '2018'), a('b1', '2003', GUID.computer), a('b2', '2003'), a('c1', 'x')];
  classify(l, { alertId: 'a1', verdict: 'FP' }, stamp());
  classify(l, { alertId: 'a2', verdict: 'FP' }, stamp());
  classify(l, { alertId: 'a3', verdict: 'TP' }, stamp());
  classify(l, { alertId: 'a4', verdict: 'B-TP' }, stamp());
  classify(l, { alertId: 'a5', verdict: 'FP' }, stamp());
  clearVerdict(l, 'a5', stamp());
  classify(l, { alertId: 'b1', verdict: 'B-TP' }, stamp());
  addExclusion(l, { externalId: '2003', entityId: GUID.computer }, stamp());
  const insight = verdictInsight(alerts, new LedgerLookup([l]));
  assert.deepEqual(insight.types.map((t) => t.externalId), ['2003', '2018', 'x']);
  const t2018 = insight.types[1]!;
  assert.deepEqual({ ...t2018, name: undefined }, { externalId: '2018', name: undefined, alerts: 5, tp: 1, btp: 1, fp: 2, unclassified: 1, excluded: 0, fpRate: 2 / 3 });
  assert.match(String(t2018.name), /pass-the-ticket/);
  assert.equal(insight.types[0]!.fpRate, null, 'B-TP only: no rate');
  assert.equal(insight.types[0]!.excluded, 1);
  assert.deepEqual(insight.totals, { alerts: 8, tp: 1, btp: 2, fp: 2, unclassified: 3, excluded: 1, fpRate: 2 / 3 });
  assert.equal(formatFpRate(2 / 3), '66.7%');
  assert.equal(formatFpRate(null), '–');
});

test('author: the setting wins, else git user.name, else the OS user', async () => {
  assert.equal(await resolveAuthor({ configured: ' Avery ', cwd: '/', git: async () => 'git name' }), 'Avery');
  assert.equal(await resolveAuthor({ configured: '', cwd: '/', git: async () => 'Git Name\n' }), 'Git Name');
  assert.equal(await resolveAuthor({ cwd: '/', git: async () => undefined, osUser: () => 'osuser' }), 'osuser');
  assert.equal(await resolveAuthor({ cwd: '/', git: async () => undefined, osUser: () => undefined }), 'unknown');
});

test('author: git user.name is read in the workspace folder (its repository config applies)', async () => {
  const repo = tempWorkspace({});
  const env = { ...process.env, GIT_CONFIG_GLOBAL: path.join(repo, 'none'), GIT_CONFIG_NOSYSTEM: '1' };
  execFileSync('git', ['init', '-q'], { cwd: repo, env });
  execFileSync('git', ['config', 'user.name', 'Repo Person'], { cwd: repo, env });
  assert.equal(await gitUserName(repo, 5000), 'Repo Person');
  assert.equal(await gitUserName(path.join(repo, 'does-not-exist'), 5000), undefined);
});

test('lock: a lock left by a dead process is broken at once; a live one makes the writer wait, then give up naming the lock', async () => {
  const file = ledgerFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lockFile = `${file}.lock`;
  const dead = { pid: deadPid(), host: os.hostname(), time: new Date().toISOString(), token: 'dead' };
  fs.writeFileSync(lockFile, JSON.stringify(dead));
  const started = Date.now();
  await updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp()), { timeoutMs: 5000 });
  assert.ok(Date.now() - started < 4000, 'the dead lock did not make us wait for the timeout');
  assert.equal(fs.existsSync(lockFile), false);

  const held = await acquireLock(lockFile);
  const before = fs.readFileSync(file);
  await assert.rejects(updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'TP' }, stamp()), { timeoutMs: 300 }), (err: unknown) => {
    assert.ok(err instanceof LedgerLockTimeoutError);
    assert.ok(err.message.includes(lockFile) && err.message.includes(String(process.pid)), err.message);
    return true;
  });
  assert.deepEqual(fs.readFileSync(file), before);
  // The waiter proceeds as soon as the holder releases.
  const waiting = updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'TP' }, stamp()), { timeoutMs: 5000 });
  setTimeout(() => void held.release(), 50);
  assert.equal((await waiting).changed, true);
});

test('lock: an abandoned lock on another host is broken once older than staleMs; an empty one after 2 s', async () => {
  const file = ledgerFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lockFile = `${file}.lock`;
  fs.writeFileSync(lockFile, JSON.stringify({ pid: 1, host: 'elsewhere', time: '2020-01-01T00:00:00Z', token: 'old' }));
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(lockFile, old, old);
  await updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'FP' }, stamp()), { timeoutMs: 2000, staleMs: 30_000 });
  fs.writeFileSync(lockFile, '');
  fs.utimesSync(lockFile, old, old);
  await updateLedger(file, (l) => classify(l, { alertId: GUID.alert1, verdict: 'TP' }, stamp()), { timeoutMs: 2000 });
  assert.equal(new LedgerLookup([mustParse(file, fs.readFileSync(file, 'utf8'))]).verdictOf(GUID.alert1)?.verdict, 'TP');
});

test('the ledger path setting must stay inside the workspace folder', () => {
  const folder = path.join(os.tmpdir(), 'ws');
  assert.equal(ledgerFileFor(folder, undefined).file, path.join(folder, '.atp', 'classifications.json'));
  assert.equal(ledgerFileFor(folder, 'verdicts/ledger.json').file, path.join(folder, 'verdicts', 'ledger.json'));
  for (const bad of ['../outside.json', '/etc/ledger.json', '.']) {
    const r = ledgerFileFor(folder, bad);
    assert.ok(r.problem, bad);
    assert.equal(r.file, path.join(folder, '.atp', 'classifications.json'));
  }
});

/** A pid that is not running: a child that has already exited. */
function deadPid(): number {
  const pid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
  return pid;
}
