import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

test('exceljs is imported by the report writer and the import\'s workbook reader only, each only as a type or through its lazy loader', () => {
  const lazy = ['src/core/export/writer.ts', 'src/core/import/workbookCells.ts'];
  for (const file of sources(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    if (!lazy.includes(rel)) assert.doesNotMatch(text, /from 'exceljs'|require\('exceljs'\)/, `${rel} must not load exceljs`);
    for (const m of text.matchAll(/^import (type )?[^;]*from '([^']*\/writer|\.\/writer|[^']*\/workbookCells|\.\/workbookCells)';/gm)) {
      assert.ok(m[1], `${rel} imports a module that loads exceljs as a value (${m[0]}); use its lazy loader so exceljs loads only when it is needed`);
    }
  }
});

// That every contributed command is registered (and every menu names one) is manifest.test.ts's check.
test('the export commands, menus and setting are contributed', () => {
  const commands = new Map<string, { title: string; category: string; icon: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
  for (const [id, title] of [['atpWorkbench.exportAlertReport', 'Export Alert Report (Excel)…'], ['atpWorkbench.exportReports', 'Export Reports…']] as const) {
    const c = commands.get(id);
    assert.ok(c, `${id} contributed`);
    assert.equal(c.title, title);
    assert.equal(c.category, 'ATP Alerts');
    assert.match(c.icon, /^\$\([a-z-]+\)$/);
  }
  const menus = pkg.contributes.menus as Record<string, { command: string; when?: string }[]>;
  const has = (menu: string, id: string, when: RegExp) => menus[menu]?.some((m) => m.command === id && when.test(m.when ?? ''));
  assert.ok(has('view/item/context', 'atpWorkbench.exportAlertReport', /viewItem == alert/));
  assert.ok(has('view/item/context', 'atpWorkbench.exportReports', /phase/));
  assert.ok(has('editor/title', 'atpWorkbench.exportAlertReport', /\.alert\\\.json/));
  assert.equal(pkg.contributes.configuration.properties['atpWorkbench.export.defaultFolder'].type, 'string');
});
