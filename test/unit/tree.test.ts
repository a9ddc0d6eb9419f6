import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../../src/core/discovery';
import { PHASES, PHASE_LABELS, type Verdict } from '../../src/core/model';
import { NO_VERDICTS, type VerdictLookup, type VerdictRecord } from '../../src/core/verdicts/lookup';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { AlertTree, DEFAULT_TREE_OPTIONS, alertDetails, type AlertNode, type TreeNode, type TreeOptions } from '../../src/core/tree';
import { tempWorkspace, alert, computer, user, profile, GUID, expectedPhase } from './helpers';

const SAMPLES = path.resolve(__dirname, '..', '..', 'samples');

async function indexOf(...roots: string[]): Promise<WorkspaceIndex> {
  const found = await discoverFiles(roots);
  const index = new WorkspaceIndex();
  await index.updateMany(found.files);
  return index;
}

function treeOf(index: WorkspaceIndex, options: Partial<TreeOptions> = {}, verdicts: VerdictLookup = NO_VERDICTS, folders?: { name: string; path: string }[]) {
  return new AlertTree({ source: index, verdicts, options: { ...DEFAULT_TREE_OPTIONS, ...options }, folders });
}

/** Every node, materialising children depth-first. */
function walk(tree: AlertTree): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (nodes: TreeNode[]) => {
    for (const n of nodes) {
      out.push(n);
      visit(tree.children(n));
    }
  };
  visit(tree.roots());
  return out;
}

/** A verdict lookup over a plain map (what the ledger feature provides through the same interface). */
function verdictsOf(map: Record<string, Verdict>): VerdictLookup {
  return {
    verdictOf: (id) => (map[id] ? ({ verdict: map[id], author: 'test', time: '2025-01-01T00:00:00Z', history: [] } satisfies VerdictRecord) : undefined),
    exclusionFor: () => undefined,
  };
}

/** Sample alerts read straight from disk, independently of the index, to compute expectations. */
function rawSampleAlerts(): { file: string; json: Record<string, unknown> }[] {
  const dir = path.join(SAMPLES, 'alerts');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.alert.json')).map((f) => ({ file: path.join(dir, f), json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

test('samples: the five phases in kill-chain order, with counts and an open/severity breakdown', async () => {
  const tree = treeOf(await indexOf(SAMPLES));
  const roots = tree.roots();
  assert.deepEqual(roots.map((n) => n.label), PHASES.map((p) => PHASE_LABELS[p]), 'no Unknown phase or Invalid node for clean samples');
  const raw = rawSampleAlerts();
  for (const node of roots) {
    assert.equal(node.kind, 'group');
    if (node.kind !== 'group') continue;
    const inPhase = raw.filter((a) => expectedPhase(a.json) === node.phase).map((a) => a.json);
    const count = (pred: (a: Record<string, unknown>) => boolean) => inPhase.filter(pred).length;
    assert.equal(node.count, inPhase.length, node.label);
    assert.equal(node.contextValue, 'phase');
    const expected = inPhase.length === 0 ? '0'
      : `${inPhase.length} · ${count((a) => a.status === 'Open')} open · ${count((a) => a.severity === 'High')} High · ${count((a) => a.severity === 'Medium')} Medium · ${count((a) => a.severity === 'Low')} Low`;
    assert.equal(node.description, expected, node.label);
    assert.match(node.accessibilityLabel, new RegExp(`^${node.label}: `));
  }
  assert.equal(tree.total, raw.length);
});

test('every node has a unique id and a parent that lists it; ids are the same in a rebuilt tree', async () => {
  const index = await indexOf(SAMPLES);
  for (const groupBy of ['phase', 'type', 'entity', 'verdict'] as const) {
    const tree = treeOf(index, { groupBy });
    const nodes = walk(tree);
    const ids = nodes.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, `${groupBy}: ids are unique`);
    for (const n of nodes) {
      const parent = tree.parent(n);
      if (n.parentId === undefined) {
        assert.ok(tree.roots().includes(n), `${n.id} is a root`);
      } else {
        assert.ok(parent, `${n.id} has its parent`);
        assert.ok(tree.children(parent!).includes(n), `${n.id} is among its parent's children`);
      }
      assert.equal(tree.node(n.id), n);
    }
    assert.deepEqual(walk(treeOf(index, { groupBy })).map((n) => n.id), ids, `${groupBy}: stable ids`);
  }
});

test('alert rows: label, description, a11y label, alertId and file; newest first or severity first', async () => {
  const index = await indexOf(SAMPLES);
  const verdicts = verdictsOf({ '5a38db02-9f91-4c58-a369-1100d4c66a62': 'FP' });
  const lateral = treeOf(index, {}, verdicts).roots().find((n) => n.label === 'Lateral movement')!;
  const tree = treeOf(index, {}, verdicts);
  const rows = tree.children(tree.node(lateral.id)) as AlertNode[];
  const raw = rawSampleAlerts().filter((a) => expectedPhase(a.json) === 'lateral-movement');
  const byNewest = [...raw].sort((a, b) => Date.parse(String(b.json.startTime)) - Date.parse(String(a.json.startTime)));
  assert.deepEqual(rows.map((r) => r.file), byNewest.map((a) => a.file));
  const fp = rows.find((r) => r.alertId === '5a38db02-9f91-4c58-a369-1100d4c66a62')!;
  assert.equal(fp.kind, 'alert');
  assert.equal(fp.contextValue, 'alert');
  assert.equal(fp.description, 'Medium · Closed · FP · 2025-02-06 08:02 UTC');
  assert.match(fp.accessibilityLabel, /Medium severity\. Status Closed\. Verdict: False positive\. Started 2025-02-06 08:02 UTC\./);
  assert.ok(fs.existsSync(fp.file));

  const bySeverity = treeOf(index, { sort: 'severity' });
  const sevRows = bySeverity.children(bySeverity.node(lateral.id)) as AlertNode[];
  const rank = { High: 0, Medium: 1, Low: 2 } as Record<string, number>;
  for (let i = 1; i < sevRows.length; i++) assert.ok(rank[sevRows[i - 1]!.severity]! <= rank[sevRows[i]!.severity]!, 'severity order');
  assert.equal(sevRows[0]!.severity, 'High');
});

test('under an alert: entities grouped by role in the portal order, related last; unresolved ids flagged', async () => {
  const root = tempWorkspace({
    'a.alert.json': alert({
      entities: [
        { role: 'dnsServer', id: GUID.dc },
        { role: 'sourceComputer', id: GUID.computer },
        { role: 'sourceUser', id: 'missing-user-id' },
      ],
      relatedEntityIds: [GUID.user, GUID.computer],
    }),
    'ws.entity.json': computer(GUID.computer, 'WS-FIN-07'),
    'dc.entity.json': computer(GUID.dc, 'DC1', { IsDomainController: true }),
    'u.entity.json': user(),
    'u.profile.json': profile(GUID.user),
  });
  const tree = treeOf(await indexOf(root));
  const alertRow = tree.alertNodes(path.join(root, 'a.alert.json'))[0]!;
  assert.match(alertRow.description, /⚠ unresolved entities/);
  const roles = tree.children(alertRow);
  assert.deepEqual(roles.map((r) => r.label), ['Source computers', 'Source users', 'DNS servers', 'Related entities']);
  assert.deepEqual(roles.map((r) => r.description), ['1', '1', '1', '1']);
  const [sourceComputer, sourceUser, , related] = roles.map((r) => tree.children(r));
  assert.equal(sourceComputer![0]!.label, 'WS-FIN-07');
  assert.equal(sourceComputer![0]!.description, 'Computer');
  assert.equal(sourceComputer![0]!.contextValue, 'entity');
  const missing = sourceUser![0]!;
  assert.equal(missing.contextValue, 'entity.unresolved');
  assert.equal(missing.label, 'missing-user-id');
  assert.equal(missing.description, 'not found');
  assert.match(missing.accessibilityLabel, /Warning: Entity "missing-user-id" resolves to no Unique Entity Json file/);
  const u = related![0]!;
  assert.ok(u.kind === 'entity' && u.entityFile?.endsWith('u.entity.json') && u.profileFile?.endsWith('u.profile.json'));
  assert.equal(u.label, 'Avery Lindqvist');
});

test('filters: severity, status, verdict and free text over titles, ids and entity names', async () => {
  const root = tempWorkspace({
    'one.alert.json': alert({ id: 'a-1', severity: 'High', status: 'Open' }),
    'two.alert.json': alert({ id: 'a-2', severity: 'Low', status: 'Closed', title: 'Brute force', externalId: '2004', entities: [{ role: 'sourceUser', id: GUID.user }] }),
    'three.alert.json': alert({ id: 'a-3', severity: 'Medium', status: 'Open', externalId: '2006' }),
    'u.entity.json': user(),
  });
  const index = await indexOf(root);
  const verdicts = verdictsOf({ 'a-2': 'FP' });
  const shown = (filter: TreeOptions['filter']) => {
    const tree = treeOf(index, { filter }, verdicts);
    return tree.groups().flatMap((g) => tree.children(g)).map((a) => (a as AlertNode).alertId).sort();
  };
  assert.deepEqual(shown({ severities: ['High', 'Low'] }), ['a-1', 'a-2']);
  assert.deepEqual(shown({ statuses: ['Open'] }), ['a-1', 'a-3']);
  assert.deepEqual(shown({ verdicts: ['FP'] }), ['a-2']);
  assert.deepEqual(shown({ verdicts: ['unclassified'] }), ['a-1', 'a-3']);
  assert.deepEqual(shown({ text: 'LINDQVIST' }), ['a-2'], 'entity display name, case-insensitive');
  assert.deepEqual(shown({ text: 'a-3' }), ['a-3'], 'alert id');
  assert.deepEqual(shown({ text: 'brute' }), ['a-2'], 'title');
  assert.deepEqual(shown({ statuses: ['Open'], severities: ['Low'] }), []);
  const filtered = treeOf(index, { filter: { statuses: ['Open'] } }, verdicts);
  assert.equal(filtered.shown, 2);
  assert.equal(filtered.total, 3);
  assert.equal(filtered.roots().length, 5, 'empty phases still shown');
  assert.deepEqual(filtered.alertNodes(path.join(root, 'two.alert.json')), [], 'a hidden alert has no row');
});

test('group by type: how common each type is, with the FP rate read through the verdict lookup', async () => {
  const files: Record<string, object> = {};
  for (let i = 0; i < 4; i++) files[`t${i}.alert.json`] = alert({ id: `pt-${i}`, externalId: '2018' });
  files['d.alert.json'] = alert({ id: 'dc-1', externalId: '2006' });
  const index = await indexOf(tempWorkspace(files));
  const tree = treeOf(index, { groupBy: 'type' }, verdictsOf({ 'pt-0': 'FP', 'pt-1': 'FP', 'pt-2': 'TP' }));
  const groups = tree.groups();
  assert.deepEqual(groups.map((g) => g.key), ['2018', '2006'], 'most common first');
  assert.equal(groups[0]!.label, 'Suspected identity theft (pass-the-ticket)', 'the official name of external ID 2018');
  assert.equal(groups[0]!.description, '2018 · 4 alerts · FP rate 67% · 1 TP, 2 FP', 'FP / (TP + FP)');
  assert.equal(groups[1]!.description, '2006 · 1 alert · none classified');
  assert.equal(groups[0]!.contextValue, 'group');
});

test('group by entity (computers and users, most alerts first) and by verdict', async () => {
  const root = tempWorkspace({
    'a.alert.json': alert({ id: 'x-1', entities: [{ role: 'sourceComputer', id: GUID.computer }, { role: 'sourceUser', id: GUID.user }] }),
    'b.alert.json': alert({ id: 'x-2', entities: [{ role: 'sourceComputer', id: GUID.computer }] }),
    'c.alert.json': alert({ id: 'x-3', entities: [{ role: 'related', id: 'domain-id' }] }),
    'ws.entity.json': computer(GUID.computer, 'WS-FIN-07'),
    'u.entity.json': user(),
    'd.entity.json': { $type: 'Domain', Id: 'domain-id', SystemDisplayName: 'contoso.com' },
  });
  const index = await indexOf(root);
  const byEntity = treeOf(index, { groupBy: 'entity' });
  const groups = byEntity.groups();
  assert.deepEqual(groups.map((g) => [g.label, g.count]), [['WS-FIN-07', 2], ['Avery Lindqvist', 1], ['No computer or user', 1]]);
  assert.equal(groups[0]!.description, 'Computer · 2 alerts');
  assert.equal(groups[0]!.contextValue, 'entity', 'an entity bucket offers the entity commands');
  assert.ok(groups[0]!.entityFile?.endsWith('ws.entity.json'));

  const byVerdict = treeOf(index, { groupBy: 'verdict' }, verdictsOf({ 'x-1': 'TP', 'x-2': 'B-TP' }));
  assert.deepEqual(byVerdict.groups().map((g) => [g.key, g.count]), [['TP', 1], ['B-TP', 1], ['FP', 0], ['unclassified', 1]]);
});

test('bad input: duplicate ids, unknown type, phase mismatch, duplicate entity Id and invalid files are flagged, not fatal', async () => {
  const root = tempWorkspace({
    'dup1.alert.json': alert({ id: GUID.alert2 }),
    'dup2.alert.json': alert({ id: GUID.alert2.toUpperCase() }),
    'unknown.alert.json': alert({ id: 'u-1', externalId: '99999' }),
    'mismatch.alert.json': alert({ id: 'm-1', externalId: '2007', phase: 'exfiltration' }),
    'odd.alert.json': { id: 'o-1', title: 42, severity: 'Critical', status: null, startTime: 'yesterday', entities: 'none', externalId: 7 },
    'ws1.entity.json': computer(GUID.computer, 'WS-A'),
    'ws2.entity.json': computer(GUID.computer, 'WS-B'),
    'broken.alert.json': '{\n  "id": "x",\n  "title": \n}\n',
  });
  const tree = treeOf(await indexOf(root));
  const all = walk(tree);
  const rows = all.filter((n): n is AlertNode => n.kind === 'alert');
  const dups = rows.filter((r) => r.issues.some((i) => i.code === 'duplicate-alert-id'));
  assert.equal(dups.length, 2, 'both duplicates shown and flagged');
  assert.ok(dups.every((r) => /⚠ duplicate id/.test(r.description)));
  const unknown = rows.find((r) => r.alertId === 'u-1')!;
  assert.equal(tree.parent(unknown)!.label, 'Unknown phase');
  assert.match(unknown.description, /unknown type/);
  const mismatch = rows.find((r) => r.alertId === 'm-1')!;
  assert.equal(tree.parent(mismatch)!.label, 'Exfiltration', "the fixture's own phase wins");
  assert.match(mismatch.description, /phase differs from catalog/);
  const odd = rows.find((r) => r.alertId === 'o-1')!;
  assert.equal(odd.label, '42');
  assert.match(odd.description, /^Critical · Unknown status · yesterday/);
  assert.ok(odd.issues.some((i) => i.code === 'unknown-severity'));
  const dupEntity = all.find((n) => n.kind === 'entity' && n.entityId === GUID.computer)!;
  assert.match(dupEntity.description, /⚠ duplicate Id/);
  assert.ok(alertDetails(mismatch, (await indexOf(root)), NO_VERDICTS).some((d) => d.label === 'Warning'));

  const invalid = tree.roots().at(-1)!;
  assert.equal(invalid.kind, 'invalidGroup');
  assert.equal(invalid.label, 'Invalid fixtures');
  assert.equal(invalid.description, '1');
  const [broken] = tree.children(invalid);
  assert.ok(broken && broken.kind === 'invalidFixture');
  assert.equal(broken.contextValue, 'invalidFixture');
  assert.equal(broken.label, 'broken.alert.json');
  assert.equal(broken.range.start.line, 3, 'points at the error (the closing brace on line 4)');
  assert.match(broken.description, /^4:1 Invalid JSON/);
});

test('multi-root: one subtree per folder, with distinct ids; one folder has no folder level', async () => {
  const a = tempWorkspace({ 'x.alert.json': alert({ id: 'in-a' }) });
  const b = tempWorkspace({ 'y.alert.json': alert({ id: 'in-b', externalId: '2006' }), 'bad.entity.json': '[]' });
  const index = await indexOf(a, b);
  const tree = treeOf(index, {}, NO_VERDICTS, [{ name: 'alpha', path: a }, { name: 'beta', path: b }]);
  const roots = tree.roots();
  assert.deepEqual(roots.map((r) => [r.kind, r.label, r.description]), [['folder', 'alpha', '1 alert'], ['folder', 'beta', '1 alert']]);
  const [alpha, beta] = roots.map((r) => tree.children(r));
  assert.equal(alpha!.find((g) => g.label === 'Reconnaissance')!.description.split(' ')[0], '1');
  assert.equal(beta!.find((g) => g.label === 'Domain dominance')!.description.split(' ')[0], '1');
  assert.equal(beta!.at(-1)!.label, 'Invalid fixtures');
  assert.equal(alpha!.some((n) => n.label === 'Invalid fixtures'), false);
  const ids = walk(tree).map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(treeOf(index, {}, NO_VERDICTS, [{ name: 'alpha', path: a }]).roots()[0]!.kind, 'group');
});

test('alertsUnder: a group or folder stands for the alerts the tree shows there (filter, folder), each once', async () => {
  const a = tempWorkspace({
    'x1.alert.json': alert({ id: 'a-open', status: 'Open', entities: [{ role: 'sourceComputer', id: GUID.computer }, { role: 'sourceUser', id: GUID.user }] }),
    'x2.alert.json': alert({ id: 'a-closed', status: 'Closed' }),
    'ws.entity.json': computer(GUID.computer, 'WS-FIN-07'),
    'u.entity.json': user(),
  });
  const b = tempWorkspace({ 'y.alert.json': alert({ id: 'b-open', status: 'Open' }) });
  const index = await indexOf(a, b);
  const folders = [{ name: 'alpha', path: a }, { name: 'beta', path: b }];
  const ids = (alerts: { alert: { id: unknown } }[] | undefined) => alerts?.map((x) => String(x.alert.id)).sort();
  const open = treeOf(index, { filter: { statuses: ['Open'] } }, NO_VERDICTS, folders);
  const [alpha, beta] = open.roots();
  const alphaRecon = open.children(alpha!).find((g) => g.label === 'Reconnaissance')!;
  assert.deepEqual(ids(open.alertsUnder(alphaRecon)), ['a-open'], 'the filter and the folder apply');
  assert.deepEqual(ids(open.alertsUnder(alpha!)), ['a-open']);
  assert.deepEqual(ids(open.alertsUnder(beta!)), ['b-open']);
  const alertRow = open.children(alphaRecon)[0]!;
  assert.equal(open.alertsUnder(alertRow), undefined, 'an alert row is not a bucket');
  // By entity, one alert sits in two buckets (its computer and its user): the folder lists it once.
  const byEntity = treeOf(index, { groupBy: 'entity' }, NO_VERDICTS, folders);
  const alphaByEntity = byEntity.roots()[0]!;
  assert.equal(byEntity.children(alphaByEntity).filter((g) => g.kind === 'group' && byEntity.alertsUnder(g)!.some((x) => x.alert.id === 'a-open')).length, 2);
  assert.deepEqual(ids(byEntity.alertsUnder(alphaByEntity)), ['a-closed', 'a-open']);
});

test('bidi control characters in titles and names are shown, not obeyed', async () => {
  const { alertTitle, entityName } = await import('../../src/core/tree/nodes');
  const a = { file: '/ws/x.alert.json', alert: { id: 'x', title: 'Invoice \u202Egnp.exe', externalId: '2003', severity: 'Low', status: 'Open', startTime: '2024-01-01T00:00:00Z' }, phase: undefined, references: [] };
  assert.equal(alertTitle(a as never), 'Invoice ⟨U+202E⟩gnp.exe');
  assert.equal(entityName({ entity: { $type: 'User', Id: 'u', SystemDisplayName: '\u2067admin\u2069' } } as never, 'u'), '⟨U+2067⟩admin⟨U+2069⟩');
});
