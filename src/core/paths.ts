/**
 * "Is this path in that folder?" has two meanings, and each has one function:
 * - `isInsideFolder`: strictly below the folder (a file of it), never the folder itself;
 * - `isSameOrInside`: the folder itself or anything below it (a scope: "everything under here").
 * Both compare resolved paths, so `a/../b` and trailing separators do not fool them, and a sibling named
 * `..x` or `folder-2` is not inside `folder`.
 */
import path from 'node:path';

/** `file` relative to `folder`, or undefined when `file` is not strictly below `folder`. */
export function relativeInside(file: string, folder: string): string | undefined {
  const rel = path.relative(folder, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel;
}

export function isInsideFolder(file: string, folder: string): boolean {
  return relativeInside(file, folder) !== undefined;
}

export function isSameOrInside(target: string, folder: string): boolean {
  return path.relative(folder, target) === '' || isInsideFolder(target, folder);
}

/** A relative path with forward slashes, as reports and SARIF show it. */
export function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}

/** How reports name a file: relative to `cwd` with forward slashes when inside it, else as given. */
export function displayRelative(file: string, cwd: string): string {
  const rel = relativeInside(file, cwd);
  return rel === undefined ? file : toPosix(rel);
}
