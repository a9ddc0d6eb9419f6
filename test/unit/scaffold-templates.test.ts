// The scaffolder's templates: one per catalog type, each producing a fixture that validates with no problem
// at all (strict mode) with the roles its type involves; reproducible with a seed; distinct with a count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { catalog } from '../../src/core/catalog';
import { discoverFiles } from '../../src/core/discovery';
import { ROLE_ENTITY_TYPES, type Alert, type KnownRole, type UniqueEntity } from '../../src/core/model';
import { findAlertType, planScaffold, scaffold, ScaffoldError, TEMPLATES, templateFor } from '../../src/core/scaffold';
import { listNames } from '../../src/core/scaffold/render';
import { validatePaths } from '../../src/core/validation/workspaceValidation';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { SAMPLES } from './corpus';

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-scaffold-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function indexOf(root: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex();
  await index.updateMany((await discoverFiles([root])).files);
  return index;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
/** Every file under a folder, relative path → content. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(root, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}
/** Text that still looks like a template placeholder. */
const UNFILLED = /\{\$?[A-Za-z][A-Za-z0-9]*(\.[A-Za-z]+)?\}/;

test('one template per catalog type, and no template for a type the catalog lacks', () => {
  const catalogIds = catalog.entries().map((e) => e.externalId).sort();
  assert.deepEqual(TEMPLATES.map((t) => t.externalId).sort(), catalogIds);
  assert.equal(new Set(TEMPLATES.map((t) => t.slug)).size, TEMPLATES.length, 'file slugs are distinct');
  for (const t of TEMPLATES) {
    assert.equal(new Set(t.slots.map((s) => s.key)).size, t.slots.length, `${t.externalId}: slot keys are distinct`);
    for (const s of t.slots) {
      const allowed = ROLE_ENTITY_TYPES[s.role as KnownRole];
      if (allowed) assert.ok(allowed.includes(s.kind), `${t.externalId} ${s.key}: a ${s.kind} cannot play ${s.role}`);
    }
  }
});

test('every template, with new entities, gives an alert that validates with no problem at all (strict)', async () => {
  const base = tempDir();
  for (const t of TEMPLATES) {
    const root = path.join(base, t.externalId);
    const plan = await scaffold(new WorkspaceIndex(), { externalId: t.externalId, root, seed: 'templates' });
    const result = await validatePaths([root], { strict: true });
    assert.deepEqual(result.problems.map((p) => `${path.basename(p.file)} ${p.code}: ${p.message}`), [], t.externalId);
    const entry = catalog.get(t.externalId)!;
    const alert: Alert = readJson(plan.alertFiles[0]!);
    assert.equal(alert.externalId, t.externalId);
    assert.equal(alert.title, entry.name);
    assert.equal(alert.phase, entry.phase);
    assert.ok(entry.severities.includes(alert.severity), `${t.externalId}: severity ${alert.severity} is one the catalog allows`);
    assert.deepEqual(alert.mitreTechniques ?? [], entry.mitreTechniques);
    if (entry.alertType) assert.equal(alert.type, entry.alertType);
    const text = JSON.stringify([alert.description, alert.evidence, alert.networkActivities, alert.eventActivities, alert.accessedResources]);
    assert.doesNotMatch(text, UNFILLED, `${t.externalId}: every placeholder is filled`);
    assert.doesNotMatch(text, /undefined|NaN|\[object/, t.externalId);
    // Every role the template gives the type is in the alert, played by an entity of the right kind.
    const index = await indexOf(root);
    for (const slot of t.slots.filter((s) => !s.relatedOnly)) {
      const ids = alert.entities!.filter((e) => e.role === slot.role).map((e) => e.id);
      assert.ok(ids.length > 0, `${t.externalId}: role ${slot.role}`);
      for (const id of ids) assert.ok(alert.entities!.some((e) => e.id === id && index.entity(id)));
    }
    for (const id of alert.relatedEntityIds!) assert.ok(index.entity(id) && index.profile(id), `${t.externalId}: ${id} has an entity and a profile`);
    for (const line of alert.evidence!) assert.ok(line.text.length > 0 && line.entityIds!.every((id) => index.entity(id)));
    for (const e of index.entities()) if (e.entity.$type !== 'Domain' || plan.files.some((f) => f.file === e.file)) assert.equal(e.entity.IsPartial, true, `${e.file} is marked as invented`);
  }
});

test('the roles of well-known types: brute force, DNS reconnaissance, DCSync, honeytoken activity', async () => {
  const roles = async (externalId: string) => {
    const root = tempDir();
    const plan = await scaffold(new WorkspaceIndex(), { externalId, root, seed: 'roles' });
    const index = await indexOf(root);
    const alert: Alert = readJson(plan.alertFiles[0]!);
    const of = (role: string) => alert.entities!.filter((e) => e.role === role).map((e) => index.entity(e.id)!.entity);
    return { alert, of };
  };
  const brute = await roles('2004');
  assert.equal(brute.of('sourceComputer').length, 1);
  assert.ok(brute.of('attackedAccount').length >= 2 && brute.of('attackedAccount').every((e) => e.$type === 'User'));
  assert.ok(brute.alert.eventActivities!.length === brute.of('attackedAccount').length, 'one failed logon event per attacked account');
  const dns = await roles('2007');
  assert.ok(dns.of('dnsServer').length >= 1 && dns.of('dnsServer').every((e) => e.IsDomainController === true));
  assert.ok(dns.alert.networkActivities!.every((n) => n.protocol === 'Dns' && n.destination!.port === 53));
  const dcsync = await roles('2006');
  assert.equal(dcsync.of('sourceUser').length, 1);
  assert.equal(dcsync.of('sourceComputer').length, 1);
  assert.equal(dcsync.of('domainController')[0]!.IsDomainController, true);
  assert.equal(dcsync.alert.networkActivities![0]!.protocol, 'Drsr');
  const honeytoken = await roles('2014');
  assert.equal(honeytoken.of('sourceUser')[0]!.IsHoneytoken, true);
  assert.match(honeytoken.alert.description!, new RegExp(String(honeytoken.of('sourceUser')[0]!.SystemDisplayName)));
});

test('with workspace entities: every template, filled from the samples, keeps a copy of the samples clean', async () => {
  const root = tempDir();
  fs.cpSync(SAMPLES, root, { recursive: true });
  const before = await validatePaths([root]);
  const known = new Set(before.problems.map((p) => `${p.file} ${p.code}`));
  const samples = await indexOf(root);
  const byKind = (kind: string) => samples.entities().filter((r) => r.entity.$type === kind && !String(r.entity.Id).startsWith('computer ')).map((r) => r.entity);
  const pick = (kind: string, n: number) => { const all = byKind(kind); return [String(all[n % all.length]!.Id)]; };
  let n = 0;
  for (const t of TEMPLATES) {
    const chosen: Record<string, string[]> = {};
    for (const s of t.slots) chosen[s.key] = s.flavor === 'domainController' ? [String(byKind('Computer').find((e) => e.IsDomainController)!.Id)] : pick(s.kind, n++);
    const plan = await scaffold(await indexOf(root), { externalId: t.externalId, root, seed: 'samples', chosen });
    assert.deepEqual(plan.files.map((f) => f.kind), ['alert'], `${t.externalId}: only the alert is new`);
    const alert: Alert = readJson(plan.alertFiles[0]!);
    for (const [key, ids] of Object.entries(chosen)) {
      const slot = t.slots.find((s) => s.key === key)!;
      if (!slot.relatedOnly) assert.ok(ids.every((id) => alert.entities!.some((e) => e.id === id && e.role === slot.role)), `${t.externalId} ${key}`);
    }
  }
  const after = await validatePaths([root], { strict: true });
  assert.deepEqual(after.problems.filter((p) => !known.has(`${p.file} ${p.code}`)).map((p) => `${path.basename(p.file)} ${p.code}: ${p.message}`), []);
  assert.equal(after.index.alerts().length, before.index.alerts().length + TEMPLATES.length);
});

test('the same seed gives the same files; another seed other ones', async () => {
  const run = async (seed: string) => {
    const root = tempDir();
    for (const externalId of ['2004', '2018', '2024']) await scaffold(new WorkspaceIndex(), { externalId, root, seed, count: 2 });
    return snapshot(root);
  };
  const first = await run('alpha');
  assert.deepEqual(await run('alpha'), first);
  const other = await run('beta');
  assert.notDeepEqual(Object.keys(other), Object.keys(first));
  const ids = (files: Record<string, string>) => Object.values(files).map((t) => JSON.parse(t).id ?? JSON.parse(t).Id).filter(Boolean);
  assert.equal(ids(other).filter((id) => ids(first).includes(id)).length, 0, 'no id in common');
});

test('--count gives distinct alerts: ids, times, sources; domain controllers and named groups are shared', async () => {
  const root = tempDir();
  const plan = await scaffold(new WorkspaceIndex(), { externalId: '2024', root, seed: 'noisy', count: 6 });
  const alerts: Alert[] = plan.alertFiles.map(readJson);
  assert.equal(alerts.length, 6);
  assert.equal(new Set(alerts.map((a) => a.id)).size, 6);
  assert.equal(new Set(alerts.map((a) => a.startTime)).size, 6);
  assert.equal(new Set(plan.alertFiles).size, 6);
  const role = (a: Alert, r: string) => a.entities!.filter((e) => e.role === r).map((e) => e.id).join();
  assert.equal(new Set(alerts.map((a) => role(a, 'sourceUser'))).size, 6, 'each alert has its own actor');
  assert.equal(new Set(alerts.map((a) => role(a, 'domainController'))).size, 1, 'one domain controller');
  const groups = (await indexOf(root)).entities().filter((e) => e.entity.$type === 'Group');
  assert.equal(groups.length, 1, 'one Domain Admins');
  assert.deepEqual((await validatePaths([root], { strict: true })).problems, []);
});

test('a named group the workspace already has is used, not invented again', async () => {
  const root = tempDir();
  fs.cpSync(SAMPLES, root, { recursive: true });
  const plan = await scaffold(await indexOf(root), { externalId: '2024', root, seed: 'group' });
  const alert: Alert = readJson(plan.alertFiles[0]!);
  const domainAdmins = (await indexOf(SAMPLES)).entities().find((e) => e.entity.SystemDisplayName === 'Domain Admins')!.entity.Id;
  assert.ok(alert.entities!.some((e) => e.id === domainAdmins));
  assert.ok(!plan.files.some((f) => f.kind === 'entity' && readJson(f.file).$type === 'Group'));
});

test('new entities join the workspace domain: its DNS name, SID prefix and DomainId', async () => {
  const root = tempDir();
  fs.cpSync(SAMPLES, root, { recursive: true });
  const domain = (await indexOf(root)).entities().find((e) => e.entity.$type === 'Domain')!.entity as UniqueEntity;
  const plan = await scaffold(await indexOf(root), { externalId: '2017', root, seed: 'domain' });
  const made = plan.files.filter((f) => f.kind === 'entity').map((f) => readJson(f.file) as UniqueEntity);
  assert.ok(made.length >= 3);
  for (const e of made) {
    assert.equal(e.DomainId, domain.Id);
    assert.ok(String(e.Sid).startsWith(`${domain.Sid}-`), String(e.Sid));
    assert.ok(String(e.DistinguishedName).endsWith(String(domain.DistinguishedName)));
    if (e.$type === 'Computer') assert.ok(String(e.DnsName).endsWith(`.${domain.DnsName}`));
  }
  assert.match(readJson(plan.alertFiles[0]!).url, /^https:\/\/contoso-corp\.atp\.azure\.com\/securityAlert\//, 'the portal host of the workspace alerts');
});

test('finding a type: external ID, name, internal type name, slug; ambiguity and unknowns are refused', () => {
  assert.equal(findAlertType('2007').externalId, '2007');
  assert.equal(findAlertType('suspected dcsync attack (replication of directory services)').externalId, '2006');
  assert.equal(findAlertType('DnsReconnaissanceSecurityAlert').externalId, '2007');
  assert.equal(findAlertType('kerberoasting').externalId, '2410');
  assert.equal(findAlertType('DCSync').externalId, '2006');
  assert.throws(() => findAlertType('golden ticket'), (e: Error) => e instanceof ScaffoldError && /matches 6 alert types/.test(e.message));
  assert.throws(() => findAlertType('AbnormalProtocolSecurityAlert'), /matches 4 alert types/);
  assert.throws(() => findAlertType('9999'), /No alert type matches "9999"/);
  assert.ok(templateFor('2007'));
});

test('refusals: wrong kind, unknown entity, unknown role, a severity the type never has, the same alert twice', async () => {
  const root = tempDir();
  fs.cpSync(SAMPLES, root, { recursive: true });
  const index = await indexOf(root);
  const computer = index.entities().find((e) => e.entity.$type === 'Computer')!.entity.Id;
  const plan = (chosen: Record<string, string[]>, extra = {}) => planScaffold(index, { externalId: '2006', root, seed: 'x', chosen, ...extra });
  assert.throws(() => plan({ sourceUser: [computer] }), /is a Computer; sourceUser needs a User/);
  assert.throws(() => plan({ sourceUser: ['no-such-id'] }), /No User in the workspace has the Id or name "no-such-id"/);
  assert.throws(() => plan({ attackedAccount: ['lpark'] }), /has no "attackedAccount" role/);
  assert.throws(() => plan({}, { severity: 'Low' }), /never Low/);
  assert.equal(plan({ sourceUser: ['LPARK'] }).alerts[0]!.alert.entities![0]!.id, index.entities().find((e) => e.entity.SamName === 'lpark')!.entity.Id, 'a SAM name, any case');
  await scaffold(index, { externalId: '2006', root, seed: 'twice' });
  await assert.rejects(scaffold(await indexOf(root), { externalId: '2006', root, seed: 'twice' }), /already holds alert .* choose another seed/);
});

test('never overwrites: a taken file name gets a suffix; nothing is written outside the folder', async () => {
  const root = tempDir();
  const first = planScaffold(new WorkspaceIndex(), { externalId: '2007', root, seed: 'taken' });
  const alertFile = first.alertFiles[0]!;
  fs.mkdirSync(path.dirname(alertFile), { recursive: true });
  fs.writeFileSync(alertFile, 'mine');
  const plan = await scaffold(new WorkspaceIndex(), { externalId: '2007', root, seed: 'taken' });
  assert.equal(fs.readFileSync(alertFile, 'utf8'), 'mine');
  assert.equal(plan.alertFiles[0], alertFile.replace(/\.alert\.json$/, '-2.alert.json'));
  for (const f of plan.files) assert.ok(f.file.startsWith(root + path.sep));
});

test('names are listed as the portal lists them', () => {
  assert.equal(listNames(['A']), 'A');
  assert.equal(listNames(['A', 'B']), 'A and B');
  assert.equal(listNames(['A', 'B', 'C']), 'A, B and C');
});
