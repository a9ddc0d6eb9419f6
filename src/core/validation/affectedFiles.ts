/**
 * Which files need validating again after some files changed. A file's problems depend on other files
 * only through ids: an alert's on the entities it references and on alerts with the same id; an
 * entity's on entities with the same `Id`, on its profiles, and on the alerts that reference it (the
 * password-expiry check looks at their times); a profile's on its entity and on other profiles of it.
 *
 * The scope remembers each file's ids as of its last validation, so a change or a deletion also reaches
 * the files that depended on the ids the file *used to* have.
 */
import type { WorkspaceIndex } from '../workspaceIndex';
import { idKey } from '../references';

type Key = string; // "a:<alert id>" or "e:<entity id>"

function keysOf(index: WorkspaceIndex, file: string): Key[] {
  const r = index.record(file);
  if (!r) return [];
  if (!r.ok) return r.recoveredId === undefined ? [] : [`${r.kind === 'alert' ? 'a' : 'e'}:${idKey(r.recoveredId)}`];
  if (r.kind === 'alert') {
    // The alert's distinct entity keys, not its references: a 60 MB alert mentions the same few hundred
    // computers 200 000 times, and walking those at the end of every pass blocked the host for 40–70 ms.
    const keys = [`a:${idKey(r.alert.id)}`];
    for (const key of index.alertInFile(file)?.entityKeys ?? []) keys.push(`e:${key}`);
    return keys;
  }
  if (r.kind === 'entity') return [`e:${idKey(r.entity.Id)}`];
  return [`e:${idKey(r.profile.UniqueEntityId)}`];
}

function filesOf(index: WorkspaceIndex, key: Key): string[] {
  const id = key.slice(2);
  if (key.startsWith('a:')) return index.alertsById(id).map((a) => a.file);
  return [
    ...index.entitiesById(id).map((e) => e.file),
    ...index.profilesByEntityId(id).map((p) => p.file),
    ...index.alertsReferencing(id).map((a) => a.file),
  ];
}

export class ValidationScope {
  private readonly known = new Map<string, Key[]>();

  /** Records the ids of these files as validated now (all indexed files when none are given). */
  remember(index: WorkspaceIndex, files: string[] = index.files()): void {
    for (const file of files) {
      if (index.record(file)) this.known.set(file, keysOf(index, file));
      else this.known.delete(file);
    }
  }

  forgetAll(): void {
    this.known.clear();
  }

  /** The changed files and every indexed file whose problems may depend on them, old ids included. */
  affected(index: WorkspaceIndex, changed: string[]): string[] {
    const out = new Set<string>();
    for (const file of changed) {
      if (index.record(file)) out.add(file);
      for (const key of new Set([...(this.known.get(file) ?? []), ...keysOf(index, file)])) {
        for (const f of filesOf(index, key)) out.add(f);
      }
    }
    return [...out].sort();
  }
}
