// The manifest and the source agree: every command package.json contributes is registered by the
// extension, every command a menu, keybinding or command link names is contributed (or is VS Code's own),
// and every command the extension registers is contributed. The source is read as text, so a command
// registered with a string literal counts as much as one registered through src/extension/commandIds.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Contributes {
  commands?: { command: string }[];
  menus?: Record<string, { command?: string; submenu?: string }[]>;
  keybindings?: { command: string }[];
  views?: Record<string, { id: string }[]>;
  [key: string]: unknown;
}

export interface ManifestCheck {
  contributed: Set<string>;
  registered: Set<string>;
  /** Contributed view ids (their `.focus` commands are VS Code's). */
  views?: Set<string>;
  /** Where each command reference in the manifest comes from, for the messages. */
  references: { command: string; where: string }[];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The ids registered in the source: `registerCommand('id'` or `registerCommand(CommandIds.key`. */
export function registeredCommands(files: { path: string; text: string }[]): Set<string> {
  const idsFile = files.find((f) => f.path.endsWith(path.join('extension', 'commandIds.ts')));
  const byKey = new Map<string, string>();
  const idsBlock = /export const CommandIds = \{([\s\S]*?)\} as const;/.exec(idsFile?.text ?? '')?.[1] ?? '';
  for (const m of idsBlock.matchAll(/^\s*(\w+):\s*'([^']+)'/gm)) byKey.set(m[1]!, m[2]!);
  const out = new Set<string>();
  for (const f of files) {
    for (const m of f.text.matchAll(/registerCommand\(\s*(?:'([^']+)'|"([^"]+)"|CommandIds\.(\w+))/g)) {
      const id = m[1] ?? m[2] ?? byKey.get(m[3]!);
      assert.ok(id, `${path.relative(ROOT, f.path)}: registerCommand(CommandIds.${m[3]}) names no id in commandIds.ts`);
      out.add(id);
    }
  }
  return out;
}

export function manifestReferences(contributes: Contributes): { command: string; where: string }[] {
  const refs: { command: string; where: string }[] = [];
  for (const [menu, items] of Object.entries(contributes.menus ?? {})) {
    for (const item of items) if (item.command) refs.push({ command: item.command, where: `menus.${menu}` });
  }
  for (const k of contributes.keybindings ?? []) refs.push({ command: k.command.replace(/^-/, ''), where: 'keybindings' });
  // Command links in markdown (welcome views, walkthrough steps, setting descriptions) and walkthrough
  // completion events.
  for (const [key, value] of Object.entries(contributes)) {
    const text = JSON.stringify(value);
    for (const m of text.matchAll(/\]\(command:([A-Za-z][\w.-]*)/g)) refs.push({ command: m[1]!, where: `${key} (command link)` });
    for (const m of text.matchAll(/"onCommand:([A-Za-z][\w.-]*)"/g)) refs.push({ command: m[1]!, where: `${key} (completion event)` });
  }
  return refs;
}

/** VS Code's own commands, which the manifest may name without contributing them. */
const isBuiltIn = (id: string) => /^(workbench|vscode|editor)\./.test(id);

export function manifestMismatches({ contributed, registered, references, views = new Set() }: ManifestCheck): string[] {
  const problems: string[] = [];
  // VS Code adds `<view id>.focus` for every contributed view.
  const isViewFocus = (id: string) => id.endsWith('.focus') && views.has(id.slice(0, -'.focus'.length));
  for (const id of contributed) if (!registered.has(id)) problems.push(`${id} is contributed but never registered`);
  for (const id of registered) if (!contributed.has(id)) problems.push(`${id} is registered but not contributed in package.json`);
  for (const { command, where } of references) {
    if (!contributed.has(command) && !isBuiltIn(command) && !isViewFocus(command)) problems.push(`${where} names ${command}, which is not a contributed command`);
  }
  return problems;
}

function loadCheck(): ManifestCheck {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: Contributes };
  const files = sourceFiles(path.join(ROOT, 'src')).map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
  return {
    contributed: new Set((pkg.contributes.commands ?? []).map((c) => c.command)),
    registered: registeredCommands(files),
    references: manifestReferences(pkg.contributes),
    views: new Set(Object.values(pkg.contributes.views ?? {}).flat().map((v) => v.id)),
  };
}

test('package.json and the source agree on every command', () => {
  const check = loadCheck();
  assert.ok(check.contributed.size > 0 && check.registered.size > 0, 'found commands on both sides');
  assert.deepEqual(manifestMismatches(check), []);
});

test('every contributed command is unique and has a title and the ATP Alerts category', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title?: string; category?: string }[] } };
  const ids = pkg.contributes.commands.map((c) => c.command);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  for (const c of pkg.contributes.commands) {
    assert.ok(c.title?.trim(), `${c.command} has a title`);
    assert.equal(c.category, 'ATP Alerts', `${c.command} is in the palette category`);
  }
});

test('the check finds each kind of mismatch', () => {
  const base = (): ManifestCheck => ({ contributed: new Set(['a.one', 'a.two']), registered: new Set(['a.one', 'a.two']), references: [] });
  assert.deepEqual(manifestMismatches(base()), []);

  const notRegistered = base();
  notRegistered.registered.delete('a.two');
  assert.deepEqual(manifestMismatches(notRegistered), ['a.two is contributed but never registered']);

  const notContributed = base();
  notContributed.registered.add('a.three');
  notContributed.registered.add('atpWorkbench.internal.x');
  assert.deepEqual(manifestMismatches(notContributed), [
    'a.three is registered but not contributed in package.json',
    'atpWorkbench.internal.x is registered but not contributed in package.json',
  ], 'there are no hidden internal commands');

  const badReference = base();
  badReference.references.push({ command: 'a.typo', where: 'menus.view/title' }, { command: 'workbench.action.files.openFolder', where: 'viewsWelcome' });
  assert.deepEqual(manifestMismatches(badReference), ['menus.view/title names a.typo, which is not a contributed command']);
});

test('references are read from menus, keybindings, command links and completion events', () => {
  const refs = manifestReferences({
    menus: { 'view/title': [{ command: 'a.menu' }, { submenu: 'a.sub' }] },
    keybindings: [{ command: '-a.unbound' }],
    viewsWelcome: [{ view: 'v', contents: 'Try [it](command:a.link) or [that](command:a.other?%5B1%5D)' }],
    walkthroughs: [{ steps: [{ description: '[Go](command:a.step)', completionEvents: ['onCommand:a.done'] }] }],
  });
  assert.deepEqual(refs.map((r) => r.command).sort(), ['a.done', 'a.link', 'a.menu', 'a.other', 'a.step', 'a.unbound']);
});

test('registrations are read from string literals and from the typed ids', () => {
  const files = [
    { path: path.join(ROOT, 'src/extension/commandIds.ts'), text: "export const CommandIds = {\n  refresh: 'x.refresh',\n  other: 'x.other',\n} as const;" },
    { path: path.join(ROOT, 'src/extension/a.ts'), text: "registerCommand(CommandIds.refresh, () => 1);\nvscode.commands.registerCommand('x.literal', f);" },
  ];
  assert.deepEqual([...registeredCommands(files)].sort(), ['x.literal', 'x.refresh']);
});
