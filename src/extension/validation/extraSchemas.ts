/**
 * The setting `atpWorkbench.validation.extraSchemas` (per workspace folder): a team's own JSON Schemas
 * for alert, entity and profile files, applied after ours. Each schema file is compiled once and again
 * when its file watcher reports a change; a schema that cannot be used gets its problems shown on the schema file
 * itself (never a popup), and is left out until fixed.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { Problem } from '../../core/model';
import type { FixtureKind, UserSchema } from '../../core/validation/userSchemas';
import { loadValidation } from '../../core/lazyBundles';
import { toDiagnostic } from './convert';
import { settings } from '../settings';

export type ExtraSchemaSet = Partial<Record<FixtureKind, UserSchema>>;

interface Cached {
  schema?: UserSchema;
  problems: Problem[];
}

export class ExtraSchemas implements vscode.Disposable {
  private readonly cache = new Map<string, Cached>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly schemaDiagnostics = vscode.languages.createDiagnosticCollection('atp-workbench-schemas');

  constructor(private readonly onSchemaChanged: () => void) {}

  /** The extra schemas of the folder that holds `file` (empty when none are configured). */
  async forFile(file: string): Promise<ExtraSchemaSet> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    return folder ? this.forFolder(folder) : {};
  }

  async forFolder(folder: vscode.WorkspaceFolder): Promise<ExtraSchemaSet> {
    // ajv turns a schema into code: only a trusted workspace's schemas are compiled (the setting is
    // also a restricted configuration in the manifest).
    if (!vscode.workspace.isTrusted) return {};
    const configured = settings(folder).extraSchemas;
    const set: ExtraSchemaSet = {};
    for (const kind of ['alert', 'entity', 'profile'] as const) {
      const rel = configured[kind];
      if (typeof rel !== 'string' || !rel.trim()) continue;
      const schema = await this.load(path.resolve(folder.uri.fsPath, rel), kind);
      if (schema) set[kind] = schema;
    }
    return set;
  }

  private async load(file: string, kind: FixtureKind): Promise<UserSchema | undefined> {
    this.watch(file); // its events drop the cached entry, so a cache hit needs no stat
    const key = `${kind}|${file}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const result = await loadValidation().loadUserSchema(file, kind);
      entry = result.ok ? { schema: result.schema, problems: [] } : { problems: result.problems };
      this.cache.set(key, entry);
      this.schemaDiagnostics.set(vscode.Uri.file(file), entry.problems.map(toDiagnostic));
    }
    return entry.schema;
  }

  private watch(file: string): void {
    if (this.watchers.has(file)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const changed = () => {
      for (const key of [...this.cache.keys()]) if (key.endsWith(`|${file}`)) this.cache.delete(key);
      this.onSchemaChanged();
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    this.watchers.set(file, watcher);
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.dispose();
    this.schemaDiagnostics.dispose();
  }
}
